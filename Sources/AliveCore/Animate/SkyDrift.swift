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
    /// blobs the size of clouds, travelling with them.
    let patches: NoiseField
    let patchSize: Float              // plate pixels per noise cell
    /// The patch noise's table values, sorted: a value's rank among them is its patch's turn,
    /// so the turns spread evenly over the hand-over (the raw values bunch around 0).
    let patchLevels: [Float]

    /// - Parameter unit: plate pixels per output frame width.
    init(flow: Flow, unit: Float, loop: Double?, duration: Double, seed: UInt64) {
        velocity = Self.direction(flow) * Float(flow.speed) * unit
        wobble = NoiseField.make(seed: seed ^ 0x5C1E5, size: 64, cells: 4)
        cloudSize = unit / 24
        // A slow change of shape, well under the drift itself: clouds travel, they do not boil.
        // Scaled down with a slower drift than the default, so it stays under it: at a fixed
        // size, slow clouds' outlines swung as fast as they travelled, and the sky read as
        // morphing in place rather than drifting.
        amplitude = Float(flow.turbulence) * 0.004 * unit * Float(min(1, flow.speed / Flow.clouds.speed))
        clock = FlowClock(preferred: 3, loop: loop, duration: duration)
        patches = NoiseField.make(seed: seed ^ 0x9A7C4, size: 64, cells: 4)
        // Several patches across the frame, so that any part of the sky has patches at many
        // turns (a third of the frame each, a few big patches switched a large share at once).
        patchSize = unit / 96
        patchLevels = patches.values.map(\.x).sorted()
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
    /// The turns are the ranks of the noise values, so an equal share of the sky switches in
    /// every moment of the hand-over: any short stretch of the loop shows most of the sky
    /// translating cleanly (with the raw values, most patches switched together mid-cycle,
    /// and there the sky dissolved in place instead of drifting).
    @inline(__always)
    func backwardShare(_ q: SIMD2<Float>, offset: Float, progress: Float) -> Float {
        let u = q - velocity * offset
        let n = patches.sample(u.x / patchSize, u.y / patchSize).x
        let turn = rank(n)
        let s = min(1, max(0, (progress * (1 + Self.patchSoftness) - turn) / Self.patchSoftness))
        return s * s * (3 - 2 * s)
    }

    /// The share of the patch noise's table values below `n` (0...1).
    @inline(__always)
    func rank(_ n: Float) -> Float {
        var low = 0, high = patchLevels.count
        while low < high {
            let mid = (low + high) / 2
            if patchLevels[mid] < n { low = mid + 1 } else { high = mid }
        }
        return Float(low) / Float(patchLevels.count)
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
