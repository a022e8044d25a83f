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
    /// Where a loop hands the sky over from the forward phase to the backward one first:
    /// blobs the size of big clouds, travelling with them.
    let patches: NoiseField
    let patchSize: Float              // plate pixels per noise cell

    /// - Parameter unit: plate pixels per output frame width.
    init(flow: Flow, unit: Float, loop: Double?, duration: Double, seed: UInt64) {
        velocity = Self.direction(flow) * Float(flow.speed) * unit
        wobble = NoiseField.make(seed: seed ^ 0x5C1E5, size: 64, cells: 4)
        cloudSize = unit / 24
        // A slow change of shape, well under the drift itself: clouds travel, they do not boil.
        amplitude = Float(flow.turbulence) * 0.004 * unit
        clock = FlowClock(preferred: 3, loop: loop, duration: duration)
        patches = NoiseField.make(seed: seed ^ 0x9A7C4, size: 64, cells: 4)
        patchSize = unit / 48
    }

    /// How much of a patch's hand-over the progress takes (the rest of the progress is the
    /// spread of the patches' turns).
    static let patchSoftness: Float = 0.3

    /// In a loop's hand-over, the backward phase's share at sky point `q` (plate pixels,
    /// camera and depth applied) when the hand-over has gone `progress` (0...1).
    ///
    /// The two phases show the same clouds a loop's travel apart, so a cross-fade of the whole
    /// sky at once is a double exposure of every cloud. Instead each patch of sky (blobs of
    /// noise the size of large clouds, carried by the flow so that a patch's outline moves as
    /// the clouds do) switches on its own turn over part of the hand-over: at any moment most
    /// of the sky shows one phase alone at full contrast, and only the borders of the patches
    /// switching just then are blended. Both phases travel the asked way, so every patch does.
    @inline(__always)
    func backwardShare(_ q: SIMD2<Float>, offset: Float, progress: Float) -> Float {
        let u = q - velocity * offset
        let n = patches.sample(u.x / patchSize, u.y / patchSize).x
        // The noise's values spread over the turns 0...1.
        let turn = min(1, max(0, 0.5 + 0.9 * n))
        let s = min(1, max(0, (progress * (1 + Self.patchSoftness) - turn) / Self.patchSoftness))
        return s * s * (3 - 2 * s)
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
