import Foundation

/// Clouds drifting across the sky: an Eulerian flow inside the sky mask. Every sky pixel
/// samples the sky plate upstream of itself, so the clouds travel in the plan's direction;
/// a slowly turning noise field bends each cloud's outline as it goes, so the clouds change
/// shape a little instead of scrolling as a rigid picture.
struct SkyDrift: Sendable {
    let velocity: SIMD2<Float>        // plate pixels per second
    let wobble: NoiseField
    let cloudSize: Float              // plate pixels per noise cell
    let amplitude: Float              // plate pixels of shape change
    let clock: FlowClock

    /// - Parameter unit: plate pixels per output frame width.
    init(flow: Flow, unit: Float, loop: Double?, duration: Double, seed: UInt64) {
        velocity = Self.direction(flow) * Float(flow.speed) * unit
        wobble = NoiseField.make(seed: seed ^ 0x5C1E5, size: 64, cells: 4)
        cloudSize = unit / 24
        // A slow change of shape, well under the drift itself: clouds travel, they do not boil.
        amplitude = Float(flow.turbulence) * 0.004 * unit
        clock = FlowClock(preferred: 3, loop: loop, duration: duration)
    }

    static func direction(_ flow: Flow) -> SIMD2<Float> {
        let d = SIMD2<Float>(Float(flow.directionX), Float(flow.directionY))
        let length = (d * d).sum().squareRoot()
        return length > 0 ? d / length : .zero
    }

    /// Where sky pixel `q` (plate pixels, camera and depth applied) samples the sky plate in
    /// the phase that has followed the flow for `offset` seconds.
    @inline(__always)
    func source(_ q: SIMD2<Float>, offset: Float, angle: Float) -> SIMD2<Float> {
        let upstream = q - velocity * offset
        let n1 = wobble.sample(upstream.x / cloudSize, upstream.y / cloudSize)
        let n2 = wobble.sample(upstream.x / cloudSize + 31, upstream.y / cloudSize + 17)
        // At rest at angle 0, so the first frame is undisplaced.
        return upstream + (n1 * (cos(angle) - 1) + n2 * sin(angle)) * amplitude
    }
}
