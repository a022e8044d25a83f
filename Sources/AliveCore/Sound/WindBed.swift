/// Wind: noise through a band-pass whose centre and width wander, swelling in gusts; a low
/// rumble that follows the gusts; and a faint whistle (a narrow band) in the strongest.
/// The two channels gust a little apart, so the wind moves around the listener.
struct WindBed: BedVoice {
    private var random: SoundRandom
    private let rate: Float
    private var gustL: Drift, gustR: Drift, centre: Drift, whistle: Drift
    private var bandL = Biquad(), bandR = Biquad()
    private var whistleL = Biquad(), whistleR = Biquad()
    private var rumbleL: Biquad, rumbleR: Biquad
    private var pinkL = PinkNoise(), pinkR = PinkNoise()
    private var brownL = BrownNoise(), brownR = BrownNoise()

    init(seed: UInt64, sampleRate: Float) {
        random = SoundRandom(seed: seed)
        rate = sampleRate
        let block = sampleRate / Float(SoundBed.controlBlock)   // control blocks per second
        gustL = Drift(0.15, 1, ticks: 1.2 * block, 4 * block, random: &random)
        gustR = Drift(0.15, 1, ticks: 1.2 * block, 4 * block, random: &random)
        centre = Drift(250, 800, ticks: 1.5 * block, 5 * block, random: &random)
        whistle = Drift(600, 1400, ticks: 2 * block, 6 * block, random: &random)
        rumbleL = Biquad(.lowPass, frequency: 120, sampleRate: rate)
        rumbleR = rumbleL
    }

    mutating func render(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, count: Int) {
        let gl = gustL.next(&random), gr = gustR.next(&random)
        let c = centre.next(&random), w = whistle.next(&random)
        bandL.set(.bandPass, frequency: c * (0.7 + 0.6 * gl), q: 0.8 + 1.5 * gl, sampleRate: rate)
        bandR.set(.bandPass, frequency: c * (0.7 + 0.6 * gr), q: 0.8 + 1.5 * gr, sampleRate: rate)
        whistleL.set(.bandPass, frequency: w * (0.9 + 0.2 * gl), q: 12, sampleRate: rate)
        whistleR.set(.bandPass, frequency: w * (0.9 + 0.2 * gr), q: 12, sampleRate: rate)
        let whistleGainL = max(0, gl - 0.6) * 0.9, whistleGainR = max(0, gr - 0.6) * 0.9
        for i in 0..<count {
            let wl = random.bipolar(), wr = random.bipolar()
            let pl = pinkL.next(wl), pr = pinkR.next(wr)
            left[i] = bandL.process(pl) * gl * 1.4 + whistleL.process(wl) * whistleGainL
                + rumbleL.process(brownL.next(wl)) * (0.2 + 0.5 * gl)
            right[i] = bandR.process(pr) * gr * 1.4 + whistleR.process(wr) * whistleGainR
                + rumbleR.process(brownR.next(wr)) * (0.2 + 0.5 * gr)
        }
    }
}
