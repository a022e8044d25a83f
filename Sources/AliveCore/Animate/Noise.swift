import Foundation

/// A deterministic stream of random numbers (SplitMix64): the same seed gives the same
/// clouds, ripples, particles and sound beds on every machine.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<1.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
}

/// Smooth, tileable noise on a square lattice: random values on a coarse periodic grid,
/// interpolated with a cosine-smoothed bilinear blend into a finer table, two octaves
/// summed. Sampling is a bilinear lookup that wraps, so a field costs a few nanoseconds a
/// point wherever it is asked. Values are roughly -1...1.
///
/// `curl()` turns a scalar field into its divergence-free rotation (the curl of a stream
/// function): flows that swirl without bunching up or thinning out, as water does.
public struct NoiseField: Sendable {
    /// Table side (a power of two) and values, rows top to bottom; one or two channels.
    public let size: Int
    let values: [SIMD2<Float>]

    init(size: Int, values: [SIMD2<Float>]) {
        self.size = size
        self.values = values
    }

    /// Two independent scalar channels of noise (x and y of each value).
    public static func make(seed: UInt64, size: Int = 128, cells: Int = 8) -> NoiseField {
        var random = SeededRandom(seed: seed)
        func lattice(_ n: Int) -> [SIMD2<Float>] {
            (0..<(n * n)).map { _ in SIMD2(Float(random.unit() * 2 - 1), Float(random.unit() * 2 - 1)) }
        }
        let coarse = lattice(cells), fine = lattice(cells * 2)
        var values = [SIMD2<Float>](repeating: .zero, count: size * size)
        func smooth(_ t: Float) -> Float { t * t * (3 - 2 * t) }
        func at(_ table: [SIMD2<Float>], _ n: Int, _ x: Int, _ y: Int) -> SIMD2<Float> {
            table[((y % n + n) % n) * n + (x % n + n) % n]
        }
        func interpolate(_ table: [SIMD2<Float>], _ n: Int, _ u: Float, _ v: Float) -> SIMD2<Float> {
            let x0 = Int(u.rounded(.down)), y0 = Int(v.rounded(.down))
            let tx = smooth(u - Float(x0)), ty = smooth(v - Float(y0))
            let top = at(table, n, x0, y0) * (1 - tx) + at(table, n, x0 + 1, y0) * tx
            let bottom = at(table, n, x0, y0 + 1) * (1 - tx) + at(table, n, x0 + 1, y0 + 1) * tx
            return top * (1 - ty) + bottom * ty
        }
        for y in 0..<size {
            for x in 0..<size {
                let u = Float(x) / Float(size), v = Float(y) / Float(size)
                values[y * size + x] = interpolate(coarse, cells, u * Float(cells), v * Float(cells)) * 0.7
                    + interpolate(fine, cells * 2, u * Float(cells * 2), v * Float(cells * 2)) * 0.3
            }
        }
        return NoiseField(size: size, values: values)
    }

    /// The divergence-free flows of both channels' stream functions: (d/dy, -d/dx) of
    /// channel x in the result's x and y... of channel y in a second field. Scaled so the
    /// typical speed is about 1 table cell per unit.
    public func curl() -> (NoiseField, NoiseField) {
        var first = [SIMD2<Float>](repeating: .zero, count: size * size), second = first
        let n = size
        let scale = Float(n) / 16
        for y in 0..<n {
            for x in 0..<n {
                let l = values[y * n + (x + n - 1) % n], r = values[y * n + (x + 1) % n]
                let u = values[((y + n - 1) % n) * n + x], d = values[((y + 1) % n) * n + x]
                let dx = (r - l) * 0.5 * scale, dy = (d - u) * 0.5 * scale
                first[y * n + x] = SIMD2(dy.x, -dx.x)
                second[y * n + x] = SIMD2(dy.y, -dx.y)
            }
        }
        return (NoiseField(size: n, values: first), NoiseField(size: n, values: second))
    }

    /// The value at (u, v) in table cells, wrapping.
    @inline(__always)
    public func sample(_ u: Float, _ v: Float) -> SIMD2<Float> {
        let n = size
        let fu = u - (u / Float(n)).rounded(.down) * Float(n)
        let fv = v - (v / Float(n)).rounded(.down) * Float(n)
        let x0 = min(Int(fu), n - 1), y0 = min(Int(fv), n - 1)
        let x1 = (x0 + 1) & (n - 1), y1 = (y0 + 1) & (n - 1)
        let tx = fu - Float(x0), ty = fv - Float(y0)
        return values.withUnsafeBufferPointer { p in
            let top = p[y0 * n + x0] * (1 - tx) + p[y0 * n + x1] * tx
            let bottom = p[y1 * n + x0] * (1 - tx) + p[y1 * n + x1] * tx
            return top * (1 - ty) + bottom * ty
        }
    }
}
