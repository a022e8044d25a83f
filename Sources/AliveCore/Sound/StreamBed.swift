/// A stream or river: three bands of noise whose centres jump around quickly (the babble
/// of water over stones), rising bubbles (Van den Doel's model: a sine whose pitch climbs
/// as it decays, 40-120 a second) and a soft, wide hiss.
struct StreamBed: BedVoice {
    private var random: SoundRandom
    private let rate: Float
    private var lowL = Biquad(), midL = Biquad(), highL = Biquad(), lowR = Biquad(), midR = Biquad(), highR = Biquad()
    private var centres: [Drift] = [], levels: [Drift] = []
    private var hissL: Biquad, hissR: Biquad
    private var bubbles: ChirpGrains
    private var flow: Drift

    init(seed: UInt64, sampleRate: Float) {
        random = SoundRandom(seed: seed)
        rate = sampleRate
        let block = sampleRate / Float(SoundBed.controlBlock)
        for (low, high) in [(Float(300), Float(700)), (700, 1600), (1500, 3500)] {
            // Babble: each band retunes every 30-150 ms.
            centres.append(Drift(low, high, ticks: 0.03 * block, 0.15 * block, random: &random))
            levels.append(Drift(0.2, 1, ticks: 0.05 * block, 0.3 * block, random: &random))
        }
        hissL = Biquad(.highPass, frequency: 1200, sampleRate: rate)
        hissR = hissL
        bubbles = ChirpGrains(capacity: 24, sampleRate: rate)
        flow = Drift(0.7, 1, ticks: 1 * block, 4 * block, random: &random)
    }

    mutating func render(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, count: Int) {
        let c0 = centres[0].next(&random), c1 = centres[1].next(&random), c2 = centres[2].next(&random)
        let g0 = levels[0].next(&random), g1 = levels[1].next(&random) * 0.8, g2 = levels[2].next(&random) * 0.5
        lowL.set(.bandPass, frequency: c0, q: 3, sampleRate: rate)
        midL.set(.bandPass, frequency: c1, q: 3, sampleRate: rate)
        highL.set(.bandPass, frequency: c2, q: 3, sampleRate: rate)
        // The right channel a few per cent apart: two stones, not one.
        lowR.set(.bandPass, frequency: c0 * 1.07, q: 3, sampleRate: rate)
        midR.set(.bandPass, frequency: c1 * 0.94, q: 3, sampleRate: rate)
        highR.set(.bandPass, frequency: c2 * 1.05, q: 3, sampleRate: rate)
        let f = flow.next(&random)
        let perSample = 80 * f / rate
        for i in 0..<count where random.chance(perSample) {
            bubbles.bubble(frequency: random.uniform(500, 2500), rise: random.uniform(0.3, 1.2),
                           length: random.uniform(0.012, 0.05), amplitude: random.uniform(0.02, 0.12),
                           pan: random.uniform(-0.8, 0.8), offset: i)
        }
        for i in 0..<count {
            let wl = random.bipolar(), wr = random.bipolar()
            left[i] = (lowL.process(wl) * g0 + midL.process(wl) * g1 + highL.process(wl) * g2) * f * 0.9
                + hissL.process(wr) * 0.05
            right[i] = (lowR.process(wr) * g0 + midR.process(wr) * g1 + highR.process(wr) * g2) * f * 0.9
                + hissR.process(wl) * 0.05
        }
        bubbles.add(left: left, right: right, count: count)
    }
}
