import Foundation

/// Trees, bushes and grass swaying in the wind: a small side-to-side displacement under the
/// foliage mask, its timing varying smoothly across the picture so that neighbouring trees
/// do not move in lockstep.
struct FoliageSway: Sendable {
    let amplitude: Float          // plate pixels
    let timing: NoiseField
    let gustSize: Float
    let clock: FlowClock

    init(sway: Sway, unit: Float, loop: Double?, duration: Double, seed: UInt64) {
        amplitude = Float(sway.amplitude) * unit
        timing = NoiseField.make(seed: seed ^ 0xF011A6E, size: 32, cells: 4)
        gustSize = unit / 3
        clock = FlowClock(preferred: max(0.5, sway.period), loop: loop, duration: duration)
    }

    @inline(__always)
    /// `nearness` (1 - depth) scales the swing: a distant tree line barely moves (it would
    /// wave like a flag), near branches swing fully.
    func displacement(_ q: SIMD2<Float>, foliage: Float, nearness: Float = 1, angle: Float) -> SIMD2<Float> {
        guard foliage > 0.01 else { return .zero }
        let phase = timing.sample(q.x / gustSize, q.y / gustSize).x * 2.5
        // Less its value at angle 0: at rest at the first frame.
        let swing = sin(angle + phase) + 0.3 * sin(2 * angle + 1.7 * phase) - sin(phase) - 0.3 * sin(1.7 * phase)
        return SIMD2(1, 0.2) * (amplitude * foliage * swing * (0.15 + 0.85 * nearness * nearness))
    }
}
