import AliveCore
import Foundation

enum TestImages {
    /// A frame of random pixels.
    static func random(width: Int, height: Int, seed: UInt64) -> FrameBuffer {
        var rng = SeededRandom(seed: seed)
        let f = FrameBuffer(width: width, height: height)
        f.withMutablePixels { p in
            for i in p.indices {
                p[i] = Pixel(Float.random(in: 0...1, using: &rng), Float.random(in: 0...1, using: &rng),
                             Float.random(in: 0...1, using: &rng), 1)
            }
        }
        return f
    }

    /// A photo whose every pixel is given by `colour(x, y)`.
    static func photo(width: Int, height: Int, alpha: Bool = false,
                      _ colour: (Int, Int) -> SIMD4<UInt8>) -> Photo {
        var bytes = [UInt8](repeating: 0, count: width * height * 4)
        for y in 0..<height {
            for x in 0..<width {
                let c = colour(x, y)
                let i = (y * width + x) * 4
                bytes[i] = c.x; bytes[i + 1] = c.y; bytes[i + 2] = c.z; bytes[i + 3] = c.w
            }
        }
        return Photo(width: width, height: height, pixels: bytes, hasAlpha: alpha)
    }

    /// Band-limited texture (sums of sines): fine detail that shows any motion, no aliasing.
    static func texture(width: Int, height: Int) -> Photo {
        photo(width: width, height: height) { x, y in
            let fx = Double(x), fy = Double(y)
            let a: Double = 0.18 * sin(fx * 0.21 + fy * 0.05)
            let b: Double = 0.15 * sin(fy * 0.17 - fx * 0.08)
            let c: Double = 0.12 * sin((fx + 2 * fy) * 0.093)
            let v = 0.5 + a + b + c
            let g = UInt8(max(0, min(255, v * 255)))
            return SIMD4(g, UInt8(truncatingIfNeeded: Int(g) / 2 + 60), 255 &- g, 255)
        }
    }
}

/// The largest component difference between two pixels.
func difference(_ a: Pixel, _ b: Pixel) -> Float {
    let d = a - b
    return max(max(abs(d.x), abs(d.y)), max(abs(d.z), abs(d.w)))
}
