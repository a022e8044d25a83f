/// Quiet room tone: the air of an indoor space, low pink noise between 40 and 300 Hz with
/// a breath of hiss, drifting by a decibel or so. Mastered a few LU below the other beds.
struct RoomToneBed: BedVoice {
    private var random: SoundRandom
    private let rate: Float
    private var pinkL = PinkNoise(), pinkR = PinkNoise()
    private var lowL: Biquad, lowR: Biquad, highL: Biquad, highR: Biquad, hissL: Biquad, hissR: Biquad
    private var drift: Drift

    init(seed: UInt64, sampleRate: Float) {
        random = SoundRandom(seed: seed)
        rate = sampleRate
        lowL = Biquad(.lowPass, frequency: 300, sampleRate: rate)
        lowR = lowL
        highL = Biquad(.highPass, frequency: 40, sampleRate: rate)
        highR = highL
        hissL = Biquad(.lowPass, frequency: 6000, sampleRate: rate)
        hissR = hissL
        let block = sampleRate / Float(SoundBed.controlBlock)
        drift = Drift(0.85, 1, ticks: 2 * block, 6 * block, random: &random)
    }

    mutating func render(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, count: Int) {
        let g = drift.next(&random)
        for i in 0..<count {
            let wl = random.bipolar(), wr = random.bipolar()
            left[i] = highL.process(lowL.process(pinkL.next(wl))) * g + hissL.process(wr) * 0.01
            right[i] = highR.process(lowR.process(pinkR.next(wr))) * g + hissR.process(wl) * 0.01
        }
    }
}
