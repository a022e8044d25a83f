import Foundation

/// Time for motions that go on and on (clouds, water, fog).
///
/// A clip that plays once follows each flow in a single phase, centred on the middle of the
/// clip so that no frame is displaced by more than half the clip's travel: the motion is a
/// pure, steady translation of the texture, frame after frame.
///
/// A clip that loops cannot simply follow the flow: after one cycle the texture has moved on.
/// So it blends two phases, one integrated forward from the start of the cycle and one
/// backward from its end, the weight passing smoothly from the first to the second over the
/// cycle. At the start only the first shows, undisplaced; at the end only the second, also
/// undisplaced: the frame after the last is the first.
///
/// `period` is the cycle of the swinging parts (ripples, the clouds' change of shape, sway):
/// near `preferred` seconds, and dividing the loop so that they close with it.
public struct FlowClock: Sendable, Equatable {
    public let period: Double
    /// Seconds per loop; nil when the clip plays once.
    public let loop: Double?
    /// The clip's length in seconds.
    public let duration: Double

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
        guard let loop, loop > 0 else { return [(seconds - duration / 2, 1)] }
        let t = seconds - (seconds / loop).rounded(.down) * loop
        let w = 0.5 - 0.5 * cos(Double.pi * t / loop)
        return [(t, 1 - w), (t - loop, w)]
    }

    /// An angle that turns once a `period`, for motions that swing back and forth.
    public func angle(at seconds: Double) -> Double { 2 * Double.pi * seconds / period }
}
