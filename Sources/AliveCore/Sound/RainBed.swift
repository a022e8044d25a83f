/// Rain: a steady hiss (band-limited noise, breathing slowly), hundreds of drops a second
/// (modal grains at 1.5-7 kHz, a few milliseconds each, most faint, a few close and
/// lower), and a quiet wind under it, as in a storm.
struct RainBed: BedVoice {
    private var random: SoundRandom
    private let rate: Float
    private var hissHighL: Biquad, hissHighR: Biquad, hissLowL: Biquad, hissLowR: Biquad
    private var intensity: Drift
    private var drops: ModalGrains
    private var wind: WindBed

    init(seed: UInt64, sampleRate: Float) {
        random = SoundRandom(seed: seed)
        rate = sampleRate
        hissHighL = Biquad(.highPass, frequency: 700, sampleRate: rate)
        hissHighR = hissHighL
        hissLowL = Biquad(.lowPass, frequency: 9000, sampleRate: rate)
        hissLowR = hissLowL
        let block = sampleRate / Float(SoundBed.controlBlock)
        intensity = Drift(0.6, 1, ticks: 2 * block, 6 * block, random: &random)
        drops = ModalGrains(capacity: 96, sampleRate: rate)
        wind = WindBed(seed: seed ^ 0x5EED, sampleRate: sampleRate)
    }

    mutating func render(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, count: Int) {
        wind.render(left: left, right: right, count: count)
        let level = intensity.next(&random)
        // Drops: a Poisson process, about 400 a second at full intensity, drawn per sample
        // slot of the block.
        let perSample = 400 * level / rate
        for i in 0..<count where random.chance(perSample) {
            let near = random.chance(0.04)
            let loud = random.unit()
            drops.strike(frequency: near ? random.uniform(900, 2200) : random.uniform(1800, 7000),
                         decay: near ? random.uniform(0.006, 0.014) : random.uniform(0.0015, 0.006),
                         amplitude: (near ? 0.5 : 0.12) * loud * loud, pan: random.uniform(-0.9, 0.9), offset: i)
        }
        for i in 0..<count {
            let hl = hissLowL.process(hissHighL.process(random.bipolar()))
            let hr = hissLowR.process(hissHighR.process(random.bipolar()))
            left[i] = left[i] * 0.25 + hl * 0.22 * level
            right[i] = right[i] * 0.25 + hr * 0.22 * level
        }
        drops.add(left: left, right: right, count: count)
    }
}
