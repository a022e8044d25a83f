import Foundation

/// Crickets at night: four crickets, each a carrier near 4-5 kHz (a sine and its second
/// harmonic) pulsed 2-5 times per chirp, chirping every 0.4-1.2 s; a distant chorus (a
/// narrow band of noise pulsing at about 30 Hz); and still, low night air.
struct CricketsBed: BedVoice {
    private struct Cricket {
        /// The carrier as a rotating phasor (cos, sin): no sine per sample.
        var c: Float = 1, s: Float = 0, stepC: Float, stepS: Float
        var pulses: Int, pulse: Float, gap: Float, period: Float, time: Float
        var level: Float, gainL: Float, gainR: Float
    }

    private var random: SoundRandom
    private let rate: Float
    private var crickets: [Cricket] = []
    private var chorusL: Biquad, chorusR: Biquad, airL: Biquad, airR: Biquad
    private var brownL = BrownNoise(), brownR = BrownNoise()
    private var throbPhase: Float = 0

    init(seed: UInt64, sampleRate: Float) {
        random = SoundRandom(seed: seed)
        rate = sampleRate
        for _ in 0..<4 {
            let w = 2 * Float.pi * random.uniform(3900, 5100) / sampleRate
            let (gl, gr) = panGains(random.uniform(-0.9, 0.9))
            crickets.append(Cricket(stepC: cos(w), stepS: sin(w), pulses: Int(random.uniform(2, 6)),
                                    pulse: random.uniform(0.012, 0.02), gap: random.uniform(0.01, 0.018),
                                    period: random.uniform(0.4, 1.2), time: random.uniform(0, 1.2),
                                    level: random.uniform(0.05, 0.12), gainL: gl, gainR: gr))
        }
        chorusL = Biquad(.bandPass, frequency: 4600, q: 8, sampleRate: rate)
        chorusR = Biquad(.bandPass, frequency: 4450, q: 8, sampleRate: rate)
        airL = Biquad(.lowPass, frequency: 220, sampleRate: rate)
        airR = airL
    }

    mutating func render(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, count: Int) {
        let dt = 1 / rate
        let throbStep = 2 * Float.pi * 29 * dt
        for i in 0..<count {
            throbPhase += throbStep
            if throbPhase > 2 * Float.pi { throbPhase -= 2 * Float.pi }
            let throb = 0.5 + 0.5 * sin(throbPhase)
            let wl = random.bipolar(), wr = random.bipolar()
            left[i] = chorusL.process(wl) * throb * 0.08 + airL.process(brownL.next(wl)) * 0.04
            right[i] = chorusR.process(wr) * throb * 0.08 + airR.process(brownR.next(wr)) * 0.04
        }
        for k in crickets.indices {
            var cr = crickets[k]
            let cycle = cr.pulse + cr.gap
            for i in 0..<count {
                // Rotate the phasor one sample.
                let c = cr.c * cr.stepC - cr.s * cr.stepS
                cr.s = cr.c * cr.stepS + cr.s * cr.stepC
                cr.c = c
                cr.time += dt
                if cr.time >= cr.period { cr.time -= cr.period }
                let n = Int(cr.time / cycle)
                guard n < cr.pulses else { continue }
                let x = (cr.time - Float(n) * cycle) / cr.pulse
                guard x < 1 else { continue }
                let bump = 4 * x * (1 - x)
                // sin(2w) = 2 sin(w) cos(w): the second harmonic for free.
                let y = cr.level * bump * bump * (cr.s + 0.3 * 2 * cr.s * cr.c)
                left[i] += y * cr.gainL
                right[i] += y * cr.gainR
            }
            // Keep the phasor on the unit circle.
            let norm = 1 / (cr.c * cr.c + cr.s * cr.s).squareRoot()
            cr.c *= norm
            cr.s *= norm
            crickets[k] = cr
        }
    }
}
