/// A single-channel map over a photo (sky, water, subject or depth), kept at the small
/// analysis size it was computed at.
///
/// Values are 0...1. The map covers the whole photo whatever its size: normalised
/// coordinates (0, 0) are the photo's top-left corner and (1, 1) its bottom-right corner,
/// and analysis pixel (i, j) has its centre at ((i + 0.5) / width, (j + 0.5) / height).
/// Effects sample it bilinearly at their own resolution (`value(atX:y:)`) or ask for an
/// upsampled copy once per clip (`upsampled(width:height:)`).
public struct SceneMask: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// `width * height` values in 0...1, rows top to bottom.
    public var values: [Float]

    public init(width: Int, height: Int, values: [Float]) {
        precondition(width > 0 && height > 0, "a mask has at least one pixel")
        precondition(values.count == width * height, "a mask holds width*height values")
        self.width = width
        self.height = height
        self.values = values
    }

    /// A mask with every value the same.
    public init(width: Int, height: Int, filling value: Float) {
        self.init(width: width, height: height, values: [Float](repeating: value, count: width * height))
    }

    /// The value of analysis pixel (x, y).
    public subscript(x: Int, y: Int) -> Float { values[y * width + x] }

    /// The mean value: the covered fraction of the photo for a mask.
    public var mean: Float {
        values.reduce(0, +) / Float(values.count)
    }

    /// Bilinear value at normalised coordinates (0...1 across the photo), clamped to the edge.
    public func value(atX x: Double, y: Double) -> Float {
        let fx = min(max(x * Double(width) - 0.5, 0), Double(width - 1))
        let fy = min(max(y * Double(height) - 0.5, 0), Double(height - 1))
        let x0 = Int(fx), y0 = Int(fy)
        let x1 = min(x0 + 1, width - 1), y1 = min(y0 + 1, height - 1)
        let tx = Float(fx - Double(x0)), ty = Float(fy - Double(y0))
        let top = values[y0 * width + x0] * (1 - tx) + values[y0 * width + x1] * tx
        let bottom = values[y1 * width + x0] * (1 - tx) + values[y1 * width + x1] * tx
        return top * (1 - ty) + bottom * ty
    }

    /// The mask resampled bilinearly to another size (pixel centres aligned), for effects
    /// that want one value per output pixel.
    public func upsampled(width newWidth: Int, height newHeight: Int) -> SceneMask {
        precondition(newWidth > 0 && newHeight > 0, "a mask has at least one pixel")
        // Column taps once; every row reuses them.
        var left = [Int](repeating: 0, count: newWidth), right = left
        var weight = [Float](repeating: 0, count: newWidth)
        for x in 0..<newWidth {
            let fx = min(max((Double(x) + 0.5) * Double(width) / Double(newWidth) - 0.5, 0), Double(width - 1))
            left[x] = Int(fx)
            right[x] = min(left[x] + 1, width - 1)
            weight[x] = Float(fx - Double(left[x]))
        }
        var out = [Float](repeating: 0, count: newWidth * newHeight)
        values.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for y in 0..<newHeight {
                    let fy = min(max((Double(y) + 0.5) * Double(height) / Double(newHeight) - 0.5, 0), Double(height - 1))
                    let y0 = Int(fy), y1 = min(y0 + 1, height - 1)
                    let ty = Float(fy - Double(y0))
                    let top = y0 * width, bottom = y1 * width, row = y * newWidth
                    for x in 0..<newWidth {
                        let t = weight[x]
                        let a = src[top + left[x]] * (1 - t) + src[top + right[x]] * t
                        let b = src[bottom + left[x]] * (1 - t) + src[bottom + right[x]] * t
                        dst[row + x] = a * (1 - ty) + b * ty
                    }
                }
            }
        }
        return SceneMask(width: newWidth, height: newHeight, values: out)
    }

    /// The values as 8-bit grey (0 -> 0, 1 -> 255, rounded), rows top to bottom: for PNG
    /// export and golden files.
    public func bytes() -> [UInt8] {
        values.map { UInt8(min(max($0, 0), 1) * 255 + 0.5) }
    }
}
