import Foundation

/// Struck resonances: each grain is a damped sinusoid, `a r^n sin(w n)`, computed by the
/// two-pole recursion `y[n] = 2 r cos(w) y[n-1] - r^2 y[n-2]` (one multiply-add pair per
/// sample, no sine). A raindrop is a grain of a few milliseconds at 2-6 kHz, a fire's
/// crackle a grain of one millisecond. The pool holds a fixed number of grains in storage
/// allocated once; a strike when it is full replaces the oldest.
struct ModalGrains {
    private struct Grain {
        var y1: Float, y2: Float, c: Float, r2: Float
        var gainL: Float, gainR: Float
        /// Samples to wait before the grain starts (its onset inside the block), then to play.
        var wait: Int, remaining: Int
    }

    private var grains: [Grain]
    private var count = 0
    private var oldest = 0
    private let sampleRate: Float

    init(capacity: Int, sampleRate: Float) {
        grains = [Grain](repeating: Grain(y1: 0, y2: 0, c: 0, r2: 0, gainL: 0, gainR: 0, wait: 0, remaining: 0),
                         count: capacity)
        self.sampleRate = sampleRate
    }

    /// Starts a grain `offset` samples into the next block: `frequency` Hz, amplitude
    /// `amplitude`, decaying by 1/e every `decay` seconds, panned -1 (left) ... 1 (right).
    mutating func strike(frequency: Float, decay: Float, amplitude: Float, pan: Float, offset: Int) {
        let w = 2 * Float.pi * min(frequency, sampleRate * 0.45) / sampleRate
        let tau = max(decay * sampleRate, 1)
        let r = exp(-1 / tau)
        // State chosen so the first output is 0 and the second a r sin(w): a click-free onset.
        let grain = Grain(y1: -amplitude * sin(w) / r, y2: -amplitude * sin(2 * w) / (r * r), c: 2 * r * cos(w),
                          r2: r * r, gainL: (0.5 * (1 - pan)).squareRoot(), gainR: (0.5 * (1 + pan)).squareRoot(),
                          wait: offset, remaining: Int(tau * 7))
        if count < grains.count {
            grains[count] = grain
            count += 1
        } else {
            grains[oldest] = grain
            oldest = (oldest + 1) % grains.count
        }
    }

    /// Adds every sounding grain into `count` samples of `left` and `right`.
    mutating func add(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, count n: Int) {
        grains.withUnsafeMutableBufferPointer { pool in
            var i = 0
            while i < count {
                var g = pool[i]
                let start = min(g.wait, n)
                g.wait -= start
                let end = min(n, start + g.remaining)
                var y1 = g.y1, y2 = g.y2
                if end > start {
                    for s in start..<end {
                        let y = g.c * y1 - g.r2 * y2
                        y2 = y1
                        y1 = y
                        left[s] += y * g.gainL
                        right[s] += y * g.gainR
                    }
                    g.remaining -= end - start
                }
                g.y1 = y1
                g.y2 = y2
                if g.remaining <= 0 {
                    // Finished: the last grain takes its place (order does not matter).
                    count -= 1
                    pool[i] = pool[count]
                    if oldest >= count { oldest = 0 }
                } else {
                    pool[i] = g
                    i += 1
                }
            }
        }
    }
}

/// Rising sine chirps with a smooth envelope: a bubble in a stream (Van den Doel's bubble,
/// a sine whose pitch rises as it decays) or a bird's syllable (a sweep with a trill). Each
/// grain keeps a phase and evaluates `sin`, so the pool is kept small.
struct ChirpGrains {
    private struct Grain {
        var phase: Float, frequency: Float, sweep: Float, trillPhase: Float, trillRate: Float, trillDepth: Float
        var age: Float, length: Float, amplitude: Float, gainL: Float, gainR: Float
        var wait: Int
        /// 0: a bubble (sharp onset, exponential decay); 1: a syllable (sin^2 envelope).
        var shape: Int
    }

    private var grains: [Grain]
    private var count = 0
    private let sampleRate: Float

    init(capacity: Int, sampleRate: Float) {
        grains = [Grain](repeating: Grain(phase: 0, frequency: 0, sweep: 0, trillPhase: 0, trillRate: 0, trillDepth: 0,
                                          age: 0, length: 0, amplitude: 0, gainL: 0, gainR: 0, wait: 0, shape: 0),
                         count: capacity)
        self.sampleRate = sampleRate
    }

    var isFull: Bool { count == grains.count }

    /// A bubble: `frequency` rising by `rise` (e.g. 0.5 = half as high again) over
    /// `length` seconds while it decays.
    mutating func bubble(frequency: Float, rise: Float, length: Float, amplitude: Float, pan: Float, offset: Int) {
        add(Grain(phase: 0, frequency: frequency, sweep: frequency * rise / length, trillPhase: 0, trillRate: 0,
                  trillDepth: 0, age: 0, length: length, amplitude: amplitude,
                  gainL: (0.5 * (1 - pan)).squareRoot(), gainR: (0.5 * (1 + pan)).squareRoot(), wait: offset, shape: 0))
    }

    /// A syllable: a sweep from `from` to `to` Hz over `length` seconds with a trill
    /// (`trillRate` Hz, `trillDepth` Hz deep), under a sin^2 envelope.
    mutating func syllable(from: Float, to: Float, length: Float, trillRate: Float, trillDepth: Float,
                           amplitude: Float, pan: Float, offset: Int) {
        add(Grain(phase: 0, frequency: from, sweep: (to - from) / length, trillPhase: 0, trillRate: trillRate,
                  trillDepth: trillDepth, age: 0, length: length, amplitude: amplitude,
                  gainL: (0.5 * (1 - pan)).squareRoot(), gainR: (0.5 * (1 + pan)).squareRoot(), wait: offset, shape: 1))
    }

    private mutating func add(_ grain: Grain) {
        guard count < grains.count else { return }
        grains[count] = grain
        count += 1
    }

    mutating func add(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, count n: Int) {
        let dt = 1 / sampleRate
        let twoPi = 2 * Float.pi
        grains.withUnsafeMutableBufferPointer { pool in
            var i = 0
            while i < count {
                var g = pool[i]
                let start = min(g.wait, n)
                g.wait -= start
                var s = start
                while s < n && g.age < g.length {
                    let f = g.frequency + g.sweep * g.age + g.trillDepth * sin(g.trillPhase)
                    g.phase += twoPi * f * dt
                    if g.phase > twoPi { g.phase -= twoPi }
                    g.trillPhase += twoPi * g.trillRate * dt
                    if g.trillPhase > twoPi { g.trillPhase -= twoPi }
                    let x = g.age / g.length
                    let envelope: Float
                    if g.shape == 0 {
                        // 1 ms attack, then an exponential decay to -60 dB at the end.
                        envelope = min(1, g.age * 1000) * exp(-6.9 * x)
                    } else {
                        let e = sin(Float.pi * x)
                        envelope = e * e
                    }
                    let y = g.amplitude * envelope * sin(g.phase)
                    left[s] += y * g.gainL
                    right[s] += y * g.gainR
                    g.age += dt
                    s += 1
                }
                if g.age >= g.length {
                    count -= 1
                    pool[i] = pool[count]
                } else {
                    pool[i] = g
                    i += 1
                }
            }
        }
    }
}
