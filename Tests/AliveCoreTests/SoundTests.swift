import AliveProbe
import Foundation
import Testing

@testable import AliveCore

/// The ambient beds, measured: deterministic, fast, loud enough and never clipping,
/// distinct from each other, seamless when looped; the loudness meter against the EBU's
/// reference signals; the prompt's sound words in six languages.
@Suite struct SoundTests {
    static let rate = StereoAudio.standardRate

    /// Same seed, same samples; another seed, other samples.
    @Test(arguments: SoundBed.allCases)
    func bedsAreDeterministic(bed: SoundBed) {
        let a = bed.synthesize(count: Self.rate, seed: 7)
        let b = bed.synthesize(count: Self.rate, seed: 7)
        let c = bed.synthesize(count: Self.rate, seed: 8)
        #expect(a == b)
        #expect(a.left != c.left)
        #expect(a.left.allSatisfy(\.isFinite) && a.right.allSatisfy(\.isFinite))
        #expect(a.left != a.right, "stereo, not two copies of one channel")
    }

    /// A 6 s bed, mastered, has exactly the samples asked for (`make bench` times it).
    @Test(arguments: SoundBed.allCases)
    func sixSecondBedHasItsLength(bed: SoundBed) {
        let count = 6 * Self.rate
        let audio = SoundMaster.bed(bed, count: count, seed: 1, loop: false)
        #expect(audio.count == count && audio.left.count == count && audio.right.count == count)
    }

    /// Integrated loudness at the bed's target (-18 LUFS, quieter for room tone), peaks
    /// under the limiter's ceiling, fades to silence at both ends.
    @Test(arguments: SoundBed.allCases)
    func masteredBedsHaveSensibleLevels(bed: SoundBed) {
        let audio = SoundMaster.bed(bed, count: 4 * Self.rate, seed: 3, loop: false)
        let loudness = LoudnessMeter.integratedLoudness(audio)
        #expect(abs(loudness - bed.targetLoudness) < 1, "\(bed): \(loudness) LUFS")
        #expect((-23 ... -16).contains(loudness))
        #expect(audio.peak <= Limiter.standard.ceiling * 1.0001, "\(bed): peak \(audio.peak)")
        #expect(abs(audio.left[0]) < 1e-4 && abs(audio.right[audio.count - 1]) < 1e-3, "faded in and out")
    }

    /// Waves and wind are low and broad, rain and crickets high: the spectral centroids of
    /// the beds differ by far more than their seeds make them vary.
    @Test func bedsSoundDifferent() {
        func centroid(_ bed: SoundBed) -> Double { Self.spectralCentroid(bed.synthesize(count: Self.rate * 2, seed: 5)) }
        let waves = centroid(.waves), crickets = centroid(.crickets), rain = centroid(.rain), room = centroid(.room)
        print("spectral centroids: waves \(waves) Hz, crickets \(crickets) Hz, rain \(rain) Hz, room \(room) Hz")
        #expect(crickets > 3 * waves)
        #expect(rain > 2 * waves)
        #expect(room < waves)
    }

    /// With `loop`, the last sample leads into the first as any sample leads into the
    /// next: the jump at the seam is no larger than the bed's usual sample-to-sample
    /// steps, and the level on either side of the seam is the same.
    @Test(arguments: SoundBed.allCases)
    func loopedBedHasNoSeam(bed: SoundBed) {
        let audio = SoundMaster.bed(bed, count: 3 * Self.rate, seed: 11, loop: true)
        for channel in [audio.left, audio.right] {
            let steps = zip(channel.dropFirst(), channel).map { abs($0 - $1) }.sorted()
            let median = steps[steps.count / 2], p99 = steps[steps.count * 99 / 100]
            let seam = abs(channel[0] - channel[channel.count - 1])
            #expect(seam <= max(4 * median, p99), "\(bed): seam \(seam), median step \(median)")
            // The level change across the seam (0.1 s either side) is one the bed makes
            // anyway: within the 99th percentile of the same measure across the clip (a seam
            // that joined unrelated sound would show a jump of 6-10 dB on swelling beds).
            let window = Self.rate / 10
            func change(at i: Int) -> Float {
                let before = Self.rms(channel[(i - window)..<i]), after = Self.rms(channel[i..<(i + window)])
                return abs(20 * log10(max(before, 1e-6) / max(after, 1e-6)))
            }
            let changes = stride(from: window, to: channel.count - window, by: window / 4).map(change).sorted()
            let seamChange = abs(20 * log10(Self.rms(channel.suffix(window)) / Self.rms(channel.prefix(window))))
            let usual = changes[changes.count * 99 / 100]
            #expect(seamChange <= usual + 1, "\(bed): \(seamChange) dB across the seam, 99th percentile elsewhere \(usual) dB")
        }
        #expect(abs(LoudnessMeter.integratedLoudness(audio) - bed.targetLoudness) < 1)
    }

    // MARK: - Loudness meter

    static func sine(dBFS: Double, frequency: Double = 1000, seconds: Double) -> [Float] {
        let amplitude = pow(10, dBFS / 20)
        return (0..<Int(seconds * Double(rate))).map { Float(amplitude * sin(2 * .pi * frequency * Double($0) / Double(rate))) }
    }

    /// EBU Tech 3341 case 1: a 1 kHz stereo sine at -23 dBFS reads -23.0 LUFS (±0.1).
    @Test func meterReadsTheReferenceSine() {
        for level in [-23.0, -33.0, -18.0] {
            let s = Self.sine(dBFS: level, seconds: 5)
            let measured = LoudnessMeter.integratedLoudness(StereoAudio(sampleRate: Self.rate, left: s, right: s))
            #expect(abs(measured - level) < 0.1, "\(level) dBFS read as \(measured) LUFS")
        }
    }

    /// EBU Tech 3341 case 3, shortened: -36, -23, -36 dBFS; the relative gate leaves the
    /// quiet parts out, so the reading is -23 LUFS. Silence reads -infinity.
    @Test func meterGates() {
        let s = Self.sine(dBFS: -36, seconds: 2) + Self.sine(dBFS: -23, seconds: 6) + Self.sine(dBFS: -36, seconds: 2)
        let measured = LoudnessMeter.integratedLoudness(StereoAudio(sampleRate: Self.rate, left: s, right: s))
        #expect(abs(measured + 23) < 0.2, "\(measured)")
        #expect(LoudnessMeter.integratedLoudness(StereoAudio(count: Self.rate)) == -.infinity)
    }

    @Test func limiterKeepsPeaksUnderTheCeilingAndLeavesQuietSoundAlone() {
        var random = SoundRandom(seed: 1)
        let loud = (0..<Self.rate).map { i in random.bipolar() * (i % 9000 < 300 ? 2.5 : 0.3) }
        var audio = StereoAudio(sampleRate: Self.rate, left: loud, right: loud.reversed())
        Limiter.standard.apply(to: &audio)
        #expect(audio.peak <= Limiter.standard.ceiling * 1.0001)
        var circular = StereoAudio(sampleRate: Self.rate, left: loud, right: loud.reversed())
        Limiter.standard.apply(to: &circular, circular: true)
        #expect(circular.peak <= Limiter.standard.ceiling * 1.0001)
        let quiet = StereoAudio(sampleRate: Self.rate, left: loud.map { $0 * 0.2 }, right: loud.map { $0 * 0.2 })
        var limited = quiet
        Limiter.standard.apply(to: &limited)
        #expect(limited == quiet)
    }

    // MARK: - Fitting the user's sound

    @Test func userSoundIsLoopedOrTrimmedToTheClip() {
        let short = StereoAudio(sampleRate: Self.rate, left: Self.sine(dBFS: -12, seconds: 0.7),
                                right: Self.sine(dBFS: -12, frequency: 500, seconds: 0.7))
        let looped = SoundMaster.fit(short, count: 2 * Self.rate, loop: false)
        #expect(looped.count == 2 * Self.rate)
        // Sound all the way through (not silence after the file ends), faded at the ends.
        let middle = Self.rms(looped.left[Self.rate / 2 ..< 3 * Self.rate / 2])
        #expect(middle > 0.1)
        #expect(abs(looped.left[0]) < 1e-3 && abs(looped.left[looped.count - 1]) < 1e-3)
        let long = StereoAudio(sampleRate: Self.rate, left: Self.sine(dBFS: -6, seconds: 5), right: Self.sine(dBFS: -6, seconds: 5))
        let trimmed = SoundMaster.fit(long, count: Self.rate, loop: false)
        #expect(trimmed.count == Self.rate)
        #expect(trimmed.peak <= Limiter.standard.ceiling * 1.0001)
    }

    // MARK: - Choosing a bed

    @Test func sceneChoosesTheBed() {
        let plain = MotionPlan()
        func plan(_ look: LightChange.Look) -> MotionPlan { var p = MotionPlan(); p.light = LightChange(look: look); return p }
        #expect(SoundBed.choose(plan: plain, waterFraction: 0.3, skyFraction: 0.3, horizon: 0.4) == .waves)
        #expect(SoundBed.choose(plan: plain, waterFraction: 0.05, skyFraction: 0.3, horizon: 0.4) == .stream)
        #expect(SoundBed.choose(plan: plan(.storm), waterFraction: 0.3, skyFraction: 0.3, horizon: 0.4) == .rain)
        #expect(SoundBed.choose(plan: plan(.night), waterFraction: 0, skyFraction: 0.3, horizon: 0.4) == .crickets)
        #expect(SoundBed.choose(plan: plan(.dusk), waterFraction: 0, skyFraction: 0, horizon: nil) == .crickets)
        #expect(SoundBed.choose(plan: plan(.goldenHour), waterFraction: 0, skyFraction: 0.4, horizon: 0.5) == .birds)
        #expect(SoundBed.choose(plan: plan(.sunset), waterFraction: 0, skyFraction: 0.4, horizon: 0.5) == .wind)
        #expect(SoundBed.choose(plan: plain, waterFraction: 0, skyFraction: 0.4, horizon: 0.5) == .wind)
        #expect(SoundBed.choose(plan: plain, waterFraction: 0, skyFraction: 0, horizon: nil) == .room)
    }

    // MARK: - The prompt's sound words

    @Test(arguments: [
        ("slow zoom in with the sound of waves", Sound.bed(.waves)),
        ("zoom in, no sound", .silent),
        ("mute", .silent),
        ("zoom lento in avanti con il rumore della pioggia", .bed(.rain)),
        ("senza audio", .silent),
        ("nach links schwenken mit Vogelgezwitscher", .bed(.birds)),
        ("ohne Ton", .silent),
        ("acercamiento lento con sonido del mar", .bed(.waves)),
        ("sin sonido", .silent),
        ("zoom arrière avec le bruit de la ville", .bed(.city)),
        ("sans son", .silent),
        ("panorâmica para a esquerda com som de chuva", .bed(.rain)),
        ("sem som", .silent),
        ("crickets at night", .bed(.crickets)),
        ("the sea, with the sound of wind", .bed(.wind)),
        ("crépitement du feu", .bed(.fire)),
    ])
    func promptAsksForASound(prompt: String, sound: Sound) {
        let plan = PromptReader.read(prompt)
        #expect(plan.sound == sound, "\(prompt): \(String(describing: plan.sound))")
        let soundWords = Set(["sound", "rumore", "ton", "sonido", "bruit", "som", "audio", "con", "mit", "avec", "com",
                              "no", "senza", "ohne", "sin", "sans", "sem", "mute", "della", "del", "de", "di", "pioggia"])
        #expect(plan.ignored.filter(soundWords.contains).isEmpty, "\(prompt) ignored \(plan.ignored)")
    }

    @Test func promptsWithoutSoundWordsLeaveTheSceneToChoose() {
        for prompt in ["slow zoom in", "pan left, 8 seconds", "golden hour", "make this photo come alive", "nach links schwenken"] {
            #expect(PromptReader.read(prompt).sound == nil, "\(prompt)")
        }
    }

    /// The plan's sound round-trips through JSON as a plain name.
    @Test func soundRoundTripsThroughThePlanJSON() throws {
        for sound in [Sound.bed(.waves), .bed(.room), .silent] {
            var plan = PromptReader.read("zoom in")
            plan.sound = sound
            let json = try JSONEncoder().encode(plan)
            let text = String(decoding: json, as: UTF8.self)
            #expect(text.contains(sound == .silent ? "\"sound\":\"none\"" : "\"sound\":\""))
            #expect(try JSONDecoder().decode(MotionPlan.self, from: json) == plan)
        }
        let old = try JSONEncoder().encode(PromptReader.read("zoom in"))
        #expect(!String(decoding: old, as: UTF8.self).contains("sound"), "no sound asked, none written")
        #expect(try JSONDecoder().decode(MotionPlan.self, from: old).sound == nil, "plans without a sound still read")
        let bad = Data(String(decoding: old, as: UTF8.self).replacingOccurrences(of: "\"version\"", with: "\"sound\":\"banjo\",\"version\"").utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(MotionPlan.self, from: bad) }
    }

    // MARK: - Helpers

    static func rms<C: Collection>(_ samples: C) -> Float where C.Element == Float {
        (samples.reduce(0) { $0 + $1 * $1 } / Float(max(1, samples.count))).squareRoot()
    }

    /// Mean frequency weighted by power (`SpectralCentroid` in AliveProbe).
    static func spectralCentroid(_ audio: StereoAudio) -> Double {
        SpectralCentroid.of(left: Array(audio.left), right: Array(audio.right), sampleRate: 48000)
    }
}
