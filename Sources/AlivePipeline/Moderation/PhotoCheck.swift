public import AliveCore
import Foundation

/// The photo gate's own check: a photo with nothing in it (one colour, or nearly: a blank
/// scan, a lens cap, a fully transparent PNG) cannot honestly be "brought to life", and
/// animating it would only hide a mistake upstream.
///
/// Measured on luma (BT.709 weights on the 8-bit values) over at most about 65,000 pixels on a
/// regular grid, transparency composited over white as the plate does: a standard deviation
/// under `minimumLumaDeviation` grey levels is a single colour. JPEG noise on a flat grey card
/// stays near 0.5; a photo of anything, even fog or a night sky with a few stars, is well above 2.
public enum PhotoCheck {
    public static let minimumLumaDeviation = 2.0
    static let samples = 65_536

    public struct Problem: Sendable, Equatable {
        public var rule: String
        public var reason: String
    }

    /// The photo's luma mean and standard deviation, in 8-bit grey levels.
    public static func lumaStatistics(_ photo: Photo) -> (mean: Double, deviation: Double) {
        let step = max(1, Int((Double(photo.width * photo.height) / Double(samples)).squareRoot()))
        var sum = 0.0, sumSquares = 0.0, count = 0.0
        photo.pixels.withUnsafeBufferPointer { p in
            var y = step / 2
            while y < photo.height {
                var i = (y * photo.width + step / 2) * 4
                let end = (y + 1) * photo.width * 4
                while i < end {
                    let a = Double(p[i + 3]) / 255
                    let luma: Double = Photo.luma(p[i], p[i + 1], p[i + 2])
                    let l = a * luma + (1 - a) * 255
                    sum += l
                    sumSquares += l * l
                    count += 1
                    i += step * 4
                }
                y += step
            }
        }
        let mean = sum / count
        return (mean, max(0, sumSquares / count - mean * mean).squareRoot())
    }

    /// Why the photo is refused, or nil.
    public static func problem(_ photo: Photo) -> Problem? {
        let (mean, deviation) = lumaStatistics(photo)
        guard deviation < minimumLumaDeviation else { return nil }
        return Problem(rule: "degenerate-photo",
                       reason: "the photo is a single colour (luma \(Int(mean.rounded())) ± \(String(format: "%.2f", deviation)), "
                           + "less than \(String(format: "%.0f", minimumLumaDeviation)) grey levels of variation): nothing to animate")
    }
}
