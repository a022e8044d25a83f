import Foundation

/// City hum: a steady low rumble and murmur, and cars passing from one side to the other
/// (a bell-shaped swell of pink noise whose low-pass opens as the car comes near), a new
/// one every few seconds, up to three at once.
struct CityBed: BedVoice {
    private struct Car {
        var age: Float, length: Float, level: Float, direction: Float
        var active: Bool { age < length }
        /// Loudness, peaking halfway, and position -1 ... 1 along the street.
        var swell: Float { let x = (age / length - 0.5) * 5; return level * exp(-x * x) }
        var pan: Float { direction * (2 * age / length - 1) * 0.9 }
    }

    private var random: SoundRandom
    private let rate: Float
    private var cars: [Car] = []
    private var pinkL = PinkNoise(), pinkR = PinkNoise()
    private var brownL = BrownNoise(), brownR = BrownNoise()
    private var rumbleL: Biquad, rumbleR: Biquad, murmurL: Biquad, murmurR: Biquad
    private var trafficL = Biquad(), trafficR = Biquad()
    private var murmur: Drift

    init(seed: UInt64, sampleRate: Float) {
        random = SoundRandom(seed: seed)
        rate = sampleRate
        rumbleL = Biquad(.lowPass, frequency: 160, sampleRate: rate)
        rumbleR = rumbleL
        murmurL = Biquad(.bandPass, frequency: 450, q: 0.8, sampleRate: rate)
        murmurR = Biquad(.bandPass, frequency: 520, q: 0.8, sampleRate: rate)
        let block = sampleRate / Float(SoundBed.controlBlock)
        murmur = Drift(0.6, 1, ticks: 1 * block, 4 * block, random: &random)
        // One car already on its way.
        cars.append(newCar())
        cars[0].age = random.uniform(0, cars[0].length * 0.5)
    }

    private mutating func newCar() -> Car {
        Car(age: 0, length: random.uniform(3, 8), level: random.uniform(0.4, 1), direction: random.chance(0.5) ? 1 : -1)
    }

    mutating func render(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, count: Int) {
        let dt = Float(count) / rate
        var levelL: Float = 0, levelR: Float = 0
        for k in cars.indices {
            cars[k].age += dt
            let (gl, gr) = panGains(cars[k].pan)
            let s = cars[k].active ? cars[k].swell : 0
            levelL += s * gl
            levelR += s * gr
        }
        cars.removeAll { !$0.active }
        if cars.count < 3 && random.chance(0.35 * dt) { cars.append(newCar()) }
        trafficL.set(.lowPass, frequency: 400 + 1400 * levelL, q: 0.6, sampleRate: rate)
        trafficR.set(.lowPass, frequency: 400 + 1400 * levelR, q: 0.6, sampleRate: rate)
        let m = murmur.next(&random)
        for i in 0..<count {
            let wl = random.bipolar(), wr = random.bipolar()
            let pl = pinkL.next(wl), pr = pinkR.next(wr)
            left[i] = rumbleL.process(brownL.next(wl)) * 0.6 + murmurL.process(pr) * 0.25 * m
                + trafficL.process(pl) * (0.05 + levelL)
            right[i] = rumbleR.process(brownR.next(wr)) * 0.6 + murmurR.process(pl) * 0.25 * m
                + trafficR.process(pr) * (0.05 + levelR)
        }
    }
}
