/// Fog or mist drifting through the scene: a soft noise density carried by the flow (in the
/// same two phases as the clouds, so it never runs out and loops), thicker with distance,
/// blended towards a cool light grey.
struct FogDrift: Sendable {
    let velocity: SIMD2<Float>
    let noise: NoiseField
    let bankSize: Float
    let clock: FlowClock
    let density: Float
    static let colour = Pixel(0.86, 0.88, 0.90, 1)

    init(flow: Flow, unit: Float, loop: Double?, duration: Double, seed: UInt64) {
        velocity = SkyDrift.direction(flow) * Float(flow.speed) * unit
        noise = NoiseField.make(seed: seed ^ 0xF06, size: 64, cells: 4)
        bankSize = unit / 10
        clock = FlowClock(preferred: 4, loop: loop, duration: duration)
        density = 0.55 * Float(min(1.5, max(0.3, flow.turbulence * 2)))
    }

    /// Fog thickness at `q` before distance, 0...1.
    @inline(__always)
    func thickness(_ q: SIMD2<Float>, phases: [(offset: Double, weight: Double)]) -> Float {
        var sum: Float = 0
        for p in phases {
            let upstream = q - velocity * Float(p.offset)
            let n = noise.sample(upstream.x / bankSize, upstream.y / bankSize)
            sum += Float(p.weight) * (0.6 + 0.4 * n.x + 0.2 * n.y)
        }
        return density * min(1, max(0, sum))
    }

    /// How much of the fog shows at `depth` (0 near ... 1 far).
    @inline(__always)
    static func distance(_ depth: Float) -> Float {
        let t = min(1, max(0, (depth - 0.15) / 0.8))
        return 0.2 + 0.8 * t * t * (3 - 2 * t)
    }
}
