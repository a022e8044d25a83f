import Foundation

/// Birds at dawn: three birds, each with its own pitch, pan and habits, singing songs of
/// 2-7 syllables (sine sweeps with a trill, `ChirpGrains`) between silences of 0.5-3 s; a
/// short cross-channel echo for the trees around, over a very soft breeze.
struct BirdsBed: BedVoice {
    private struct Bird {
        var low: Float, high: Float, pan: Float, level: Float
        var syllableLength: (Float, Float)
        /// Seconds until the next syllable, and syllables left in the current song.
        var wait: Float, left: Int
    }

    private var random: SoundRandom
    private let rate: Float
    private var birds: [Bird] = []
    private var syllables: ChirpGrains
    private var breeze: WindBed
    private var echoL: [Float], echoR: [Float]
    private var echoAt = 0

    init(seed: UInt64, sampleRate: Float) {
        random = SoundRandom(seed: seed)
        rate = sampleRate
        for (low, high, length) in [(Float(2400), Float(4200), (Float(0.05), Float(0.16))),
                                    (3500, 6500, (0.025, 0.07)), (1800, 3000, (0.08, 0.22))] {
            birds.append(Bird(low: low, high: high, pan: random.uniform(-0.8, 0.8), level: random.uniform(0.12, 0.2),
                              syllableLength: length, wait: random.uniform(0.05, 1.2), left: 0))
        }
        syllables = ChirpGrains(capacity: 16, sampleRate: rate)
        breeze = WindBed(seed: seed ^ 0xB12D, sampleRate: sampleRate)
        echoL = [Float](repeating: 0, count: Int(0.09 * sampleRate))
        echoR = [Float](repeating: 0, count: Int(0.13 * sampleRate))
    }

    mutating func render(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, count: Int) {
        breeze.render(left: left, right: right, count: count)
        for i in 0..<count {
            left[i] *= 0.12
            right[i] *= 0.12
        }
        let dt = Float(count) / rate
        for b in birds.indices {
            birds[b].wait -= dt
            guard birds[b].wait <= 0 else { continue }
            var bird = birds[b]
            if bird.left == 0 { bird.left = Int(random.uniform(2, 8)) }
            let length = random.uniform(bird.syllableLength.0, bird.syllableLength.1)
            let up = random.chance(0.5)
            let a = random.uniform(bird.low, bird.high), z = random.uniform(bird.low, bird.high)
            syllables.syllable(from: up ? min(a, z) : max(a, z), to: up ? max(a, z) : min(a, z), length: length,
                               trillRate: random.chance(0.4) ? random.uniform(25, 60) : 0,
                               trillDepth: random.uniform(100, 400), amplitude: bird.level * random.uniform(0.6, 1),
                               pan: bird.pan, offset: min(count - 1, Int(-bird.wait * rate)))
            bird.left -= 1
            // Between syllables a short breath; after the song a silence.
            bird.wait += length + (bird.left > 0 ? random.uniform(0.03, 0.09) : random.uniform(0.5, 3))
            birds[b] = bird
        }
        // The song alone goes through the echo, so the breeze stays dry.
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * count) { dry in
            guard let d = dry.baseAddress else { return }
            d.initialize(repeating: 0, count: 2 * count)
            syllables.add(left: d, right: d + count, count: count)
            echoL.withUnsafeMutableBufferPointer { el in
                echoR.withUnsafeMutableBufferPointer { er in
                    for i in 0..<count {
                        let l = d[i], r = d[count + i]
                        let jl = (echoAt + i) % el.count, jr = (echoAt + i) % er.count
                        // Each channel hears the other's song a little later, from the trees.
                        let late = (el[jl], er[jr])
                        el[jl] = r + late.0 * 0.3
                        er[jr] = l + late.1 * 0.3
                        left[i] += l + late.0 * 0.25
                        right[i] += r + late.1 * 0.25
                    }
                }
            }
        }
        echoAt += count
    }
}
