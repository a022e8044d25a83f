/// A decoded photo: upright (EXIF orientation applied), 8-bit sRGB, RGBA with straight
/// (not premultiplied) alpha, rows top to bottom with no padding.
///
/// This is what Load hands to the rest of the pipeline. It stays 8-bit so a 48-megapixel
/// photo costs 4 bytes a pixel; the renderer resamples it once into a float `FrameBuffer`
/// (the plate) at the density the video needs.
public struct Photo: Sendable {
    public let width: Int
    public let height: Int
    /// `width * height * 4` bytes: R, G, B, A.
    public var pixels: [UInt8]
    /// False when every alpha byte is 255 (the decoder knows this from the file's format).
    public var hasAlpha: Bool

    public init(width: Int, height: Int, pixels: [UInt8], hasAlpha: Bool) {
        precondition(width > 0 && height > 0, "a photo has at least one pixel")
        precondition(pixels.count == width * height * 4, "RGBA8 storage must hold width*height*4 bytes")
        self.width = width
        self.height = height
        self.pixels = pixels
        self.hasAlpha = hasAlpha
    }

    /// The RGBA bytes of pixel (x, y). For tests and analysis, not for hot loops.
    public func pixel(x: Int, y: Int) -> SIMD4<UInt8> {
        let i = (y * width + x) * 4
        return SIMD4(pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3])
    }

    /// The BT.709 luma of 8-bit red, green and blue (0...255, on the sRGB values as stored),
    /// worked out in `T`.
    @inline(__always)
    public static func luma<T: BinaryFloatingPoint>(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> T {
        let (kr, kg, kb): (T, T, T) = (0.2126, 0.7152, 0.0722)
        return kr * T(r) + kg * T(g) + kb * T(b)
    }
}
