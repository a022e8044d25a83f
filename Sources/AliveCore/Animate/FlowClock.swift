import Foundation

/// Time for motions that go on and on (clouds, water, fog).
///
/// A clip that plays once follows each flow in a single phase that starts at the first frame
/// (undisplaced: frame 0 is the photo): the motion is a pure, steady translation of the
/// texture, frame after frame.
///
/// A clip that loops cannot simply follow the flow: after one cycle the texture has moved on.
/// So it blends two phases, one integrated forward from the start of the cycle and one
/// backward from its end, the weight passing smoothly from the first to the second over the
/// cycle (symmetric bidirectional advection, Holynski et al., "Animating Pictures with
/// Eulerian Motion Fields", CVPR 2021). Both phases travel the same way, so the loop keeps
/// its direction. At the start only the first shows, undisplaced; at the end only the
/// second, also undisplaced: the frame after the last is the first.
///
/// Swinging parts are written so that they are at rest at angle 0 (`cos(angle) - 1`,
/// `sin(angle)`), so every motion's displacement is zero at the first frame.
///
/// `period` is the cycle of the swinging parts (ripples, the clouds' change of shape, sway):
/// near `preferred` seconds, and dividing the loop so that they close with it.
public struct FlowClock: Sendable, Equatable {
    public let period: Double
    /// Seconds per loop; nil when the clip plays once.
    public let loop: Double?
    /// The clip's length in seconds.
    public let duration: Double

    /// The share of a loop's cycle over which the forward phase hands over to the backward one.
    static let handOver = 0.15

    public init(preferred: Double, loop: Double?, duration: Double) {
        self.loop = loop
        self.duration = duration
        if let loop, loop > 0 {
            period = loop / max(1, (loop / preferred).rounded())
        } else {
            period = preferred
        }
    }

    /// The phases at `seconds`: how far each has followed the flow (seconds) and its weight
    /// (the weights sum to 1).
    public func phases(at seconds: Double) -> [(offset: Double, weight: Double)] {
        guard let loop, loop > 0 else { return [(seconds, 1)] }
        let t = seconds - (seconds / loop).rounded(.down) * loop
        // The hand-over is kept to the middle of the cycle (a smoothstep over `handOver` of
        // it) rather than spread over all of it. A loop's net travel is zero, so somewhere the
        // texture must dissolve back by the cycle's travel; spread over the whole cycle that
        // cancels the drift everywhere (a cross-fade in place, a double exposure throughout);
        // kept to the hand-over, the rest of the loop is one phase alone, a clean translation.
        let u = min(1, max(0, (t / loop - 0.5) / Self.handOver + 0.5))
        let w = u * u * (3 - 2 * u)
        // A phase without weight is not drawn at all.
        return w == 0 ? [(t, 1)] : w == 1 ? [(t - loop, 1)] : [(t, 1 - w), (t - loop, w)]
    }

    /// The share of a loop's cycle over which a layer that hands over patch by patch (the
    /// sky) does so: each patch takes only part of it. As short as the other flows' hand-over:
    /// the rest of the cycle is one phase alone, a clean translation. (Spread over half the
    /// cycle or more, some patch is always switching, and a share of the sky is dissolving
    /// in place at every moment instead of drifting.)
    static let patchHandOver = handOver

    /// In a loop, how far a patch-by-patch hand-over has gone at `seconds`: 0 before the
    /// middle `patchHandOver` of the cycle, rising steadily to 1 at its end; nil when the
    /// clip plays once. The phases are `(t, 1 - share)` and `(t - loop, share)`, with each
    /// point's `share` from the progress (see `SkyDrift.backwardShare`).
    public func handOverProgress(at seconds: Double) -> (forward: Double, backward: Double, progress: Double)? {
        guard let loop, loop > 0 else { return nil }
        let t = seconds - (seconds / loop).rounded(.down) * loop
        return (t, t - loop, min(1, max(0, (t / loop - 0.5) / Self.patchHandOver + 0.5)))
    }

    /// An angle that turns once a `period`, for motions that swing back and forth.
    public func angle(at seconds: Double) -> Double { 2 * Double.pi * seconds / period }

    /// How much of an effect that is not a displacement (fog, particles) shows at `seconds`:
    /// 0 at the first frame (frame 0 is the photo), rising to 1 over `rise` seconds; in a
    /// loop it also falls back to 0 at the end of each cycle, so the frame after the last is
    /// the first.
    public func presence(at seconds: Double, rise: Double = 0.25) -> Double {
        func ease(_ t: Double) -> Double { let u = min(1, max(0, t / rise)); return u * u * (3 - 2 * u) }
        guard let loop, loop > 0 else { return ease(seconds) }
        let t = seconds - (seconds / loop).rounded(.down) * loop
        return min(ease(t), ease(loop - t))
    }
}
