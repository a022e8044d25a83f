/// A crackling fire: a soft roar (brown noise under 180 Hz) and hiss that breathe, bursts of
/// crackles (modal grains of about a millisecond at 1-6 kHz, 1-5 per burst, 3-20 bursts a
/// second) and now and then a lower pop of a log.
struct FireBed: BedVoice {
    private var random: SoundRandom
    private let rate: Float
    private var roarL: Biquad, roarR: Biquad, hissL: Biquad, hissR: Biquad
    private var brownL = BrownNoise(), brownR = BrownNoise()
    private var breath: Drift, activity: Drift
    private var crackles: ModalGrains

    init(seed: UInt64, sampleRate: Float) {
        random = SoundRandom(seed: seed)
        rate = sampleRate
        roarL = Biquad(.lowPass, frequency: 180, sampleRate: rate)
        roarR = roarL
        hissL = Biquad(.bandPass, frequency: 3500, q: 0.7, sampleRate: rate)
        hissR = hissL
        let block = sampleRate / Float(SoundBed.controlBlock)
        breath = Drift(0.5, 1, ticks: 0.3 * block, 1.5 * block, random: &random)
        activity = Drift(3, 20, ticks: 0.5 * block, 2.5 * block, random: &random)
        crackles = ModalGrains(capacity: 64, sampleRate: rate)
    }

    mutating func render(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, count: Int) {
        let b = breath.next(&random)
        let perSample = activity.next(&random) / rate
        for i in 0..<count where random.chance(perSample) {
            let pan = random.uniform(-0.7, 0.7)
            var offset = i
            for _ in 0..<Int(random.uniform(1, 6)) {
                let loud = random.unit()
                crackles.strike(frequency: random.uniform(1000, 6000), decay: random.uniform(0.0004, 0.0015),
                                amplitude: 0.9 * loud * loud * loud, pan: pan + random.uniform(-0.1, 0.1), offset: offset)
                offset += Int(random.uniform(0.002, 0.025) * rate)
            }
        }
        if random.chance(0.4 * Float(count) / rate) {
            crackles.strike(frequency: random.uniform(250, 700), decay: random.uniform(0.004, 0.01),
                            amplitude: random.uniform(0.3, 0.6), pan: random.uniform(-0.5, 0.5), offset: 0)
        }
        for i in 0..<count {
            let wl = random.bipolar(), wr = random.bipolar()
            left[i] = roarL.process(brownL.next(wl)) * 0.35 * b + hissL.process(wr) * 0.04 * b
            right[i] = roarR.process(brownR.next(wr)) * 0.35 * b + hissR.process(wl) * 0.04 * b
        }
        crackles.add(left: left, right: right, count: count)
    }
}
