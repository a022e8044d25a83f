import Foundation

/// Waves and surf. Each wave rises for 1.5-3 s (a swelling roar: pink noise whose low-pass
/// opens as it grows), crashes, and washes out over 3-6 s with foam (high, hissing noise);
/// the next one starts before the last has died. Waves arrive a little left or right.
struct WavesBed: BedVoice {
    private struct Wave {
        var age: Float = 0, rise: Float = 2, wash: Float = 4, peak: Float = 0, pan: Float = 0

        /// The roar (0...peak): quadratic rise, then exponential wash.
        var level: Float {
            age < rise ? peak * (age / rise) * (age / rise) : peak * exp(-(age - rise) / wash)
        }
        /// Foam: only after the crash, fading faster than the roar.
        var foam: Float { age < rise ? 0 : peak * exp(-(age - rise) / (wash * 0.5)) * min(1, (age - rise) * 4) }
    }

    private var random: SoundRandom
    private let rate: Float
    private var pinkL = PinkNoise(), pinkR = PinkNoise()
    private var brownL = BrownNoise(), brownR = BrownNoise()
    private var bodyL = Biquad(), bodyR = Biquad()
    private var foamL: Biquad, foamR: Biquad
    private var rumbleL: Biquad, rumbleR: Biquad
    private var current = Wave(), previous = Wave()
    /// Seconds after the crash when the next wave starts to rise.
    private var gap: Float = 3

    init(seed: UInt64, sampleRate: Float) {
        random = SoundRandom(seed: seed)
        rate = sampleRate
        foamL = Biquad(.highPass, frequency: 2500, sampleRate: rate)
        foamR = foamL
        rumbleL = Biquad(.lowPass, frequency: 90, sampleRate: rate)
        rumbleR = rumbleL
        // Start mid-wash of one wave, with the next already rising, so the clip opens on surf.
        previous = newWave()
        previous.age = previous.rise + random.uniform(0.5, 2)
        current = newWave()
        current.age = random.uniform(0, current.rise)
        gap = random.uniform(2.5, 5)
    }

    private mutating func newWave() -> Wave {
        Wave(age: 0, rise: random.uniform(1.5, 3), wash: random.uniform(3, 6), peak: random.uniform(0.55, 1),
             pan: random.uniform(-0.6, 0.6))
    }

    mutating func render(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, count: Int) {
        let dt = Float(count) / rate
        current.age += dt
        previous.age += dt
        if current.age > current.rise + gap {
            previous = current
            current = newWave()
            gap = random.uniform(2.5, 5)
        }
        let (cl, cr) = panGains(current.pan), (pl, pr) = panGains(previous.pan)
        let levelL = current.level * cl + previous.level * pl
        let levelR = current.level * cr + previous.level * pr
        let foamLevelL = current.foam * cl + previous.foam * pl
        let foamLevelR = current.foam * cr + previous.foam * pr
        // The roar brightens as it grows: 250 Hz in the lull, over 3 kHz at the crash.
        bodyL.set(.lowPass, frequency: 250 + 3200 * levelL * levelL.squareRoot(), q: 0.6, sampleRate: rate)
        bodyR.set(.lowPass, frequency: 250 + 3200 * levelR * levelR.squareRoot(), q: 0.6, sampleRate: rate)
        let gainL = 0.12 + levelL, gainR = 0.12 + levelR
        for i in 0..<count {
            let wl = random.bipolar(), wr = random.bipolar()
            let body = (bodyL.process(pinkL.next(wl)) * gainL, bodyR.process(pinkR.next(wr)) * gainR)
            let foam = (foamL.process(wr) * foamLevelL * 0.25, foamR.process(wl) * foamLevelR * 0.25)
            let rumble = (rumbleL.process(brownL.next(wl)), rumbleR.process(brownR.next(wr)))
            left[i] = body.0 + foam.0 + rumble.0 * 0.5
            right[i] = body.1 + foam.1 + rumble.1 * 0.5
        }
    }
}
