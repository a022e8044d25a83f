/// A slowly wandering control value: glides from one random target to the next along a
/// smoothstep, each glide lasting a random time. Swells, gusts and the breathing of a
/// fire are drifts on a filter's cut-off or a voice's level.
struct Drift {
    private var from: Float, to: Float
    private var phase: Float = 0, step: Float = 0
    private let low: Float, high: Float
    private let shortest: Float, longest: Float

    /// Values in `low ... high`; each glide lasts `shortest ... longest` ticks (the caller's
    /// tick: a sample or a control block).
    init(_ low: Float, _ high: Float, ticks shortest: Float, _ longest: Float, random: inout SoundRandom) {
        self.low = low; self.high = high; self.shortest = shortest; self.longest = longest
        from = random.uniform(low, high)
        to = random.uniform(low, high)
        step = 1 / random.uniform(shortest, longest)
        phase = random.unit()
    }

    /// Advances one tick and returns the value.
    @inline(__always) mutating func next(_ random: inout SoundRandom) -> Float {
        phase += step
        if phase >= 1 {
            phase -= 1
            from = to
            to = random.uniform(low, high)
            step = 1 / random.uniform(shortest, longest)
        }
        let s = phase * phase * (3 - 2 * phase)
        return from + (to - from) * s
    }
}
