import Foundation

/// Where the eye goes in a photo: the point crop framing centres on.
///
/// Classical and cheap: on a thumbnail of about 64 px, weight each pixel by its local
/// contrast (gradient magnitude of luma) and by a broad centre prior, and take the
/// weighted centroid. Busy, detailed parts of a photo attract it; flat sky and blank
/// walls do not; with no detail at all it stays at the centre.
public enum CentreOfInterest {
    /// The point in photo pixel units.
    public static func estimate(_ photo: Photo) -> (x: Double, y: Double) {
        let step = max(1, max(photo.width, photo.height) / 64)
        let w = max(1, photo.width / step), h = max(1, photo.height / step)
        guard w >= 3, h >= 3 else { return (Double(photo.width) / 2, Double(photo.height) / 2) }
        var luma = [Float](repeating: 0, count: w * h)
        photo.pixels.withUnsafeBufferPointer { p in
            for ty in 0..<h {
                for tx in 0..<w {
                    // Box average of the step x step block.
                    var sum: Float = 0
                    for y in (ty * step)..<(ty * step + step) {
                        let row = y * photo.width
                        for x in (tx * step)..<(tx * step + step) {
                            let i = (row + x) * 4
                            sum += Photo.luma(p[i], p[i + 1], p[i + 2]) as Float
                        }
                    }
                    luma[ty * w + tx] = sum / Float(step * step)
                }
            }
        }
        var sx = 0.0, sy = 0.0, sw = 0.0
        for y in 1..<(h - 1) {
            for x in 1..<(w - 1) {
                let gx = luma[y * w + x + 1] - luma[y * w + x - 1]
                let gy = luma[(y + 1) * w + x] - luma[(y - 1) * w + x]
                let nx = (Double(x) + 0.5) / Double(w) - 0.5, ny = (Double(y) + 0.5) / Double(h) - 0.5
                let prior = exp(-(nx * nx + ny * ny) / (2 * 0.3 * 0.3))
                let weight = Double(sqrt(gx * gx + gy * gy)) * prior
                sx += weight * (Double(x) + 0.5)
                sy += weight * (Double(y) + 0.5)
                sw += weight
            }
        }
        guard sw > 1e-6 else { return (Double(photo.width) / 2, Double(photo.height) / 2) }
        // Pull halfway back to the centre: a centroid of detail is a hint, not a target.
        let cx = (sx / sw) * Double(step), cy = (sy / sw) * Double(step)
        return ((cx + Double(photo.width) / 2) / 2, (cy + Double(photo.height) / 2) / 2)
    }
}
