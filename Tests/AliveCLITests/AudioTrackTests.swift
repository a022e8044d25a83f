import AliveCore
import AliveProbe
import Foundation
import Testing

/// The sound a creator hears, measured in the real file: ffprobe's view of the AAC stream,
/// the decoded samples' loudness (ffmpeg's `ebur128` and alive's own meter), peaks, the
/// difference between beds, determinism, the loop's seam, `--no-audio` and `--audio FILE`.
@Suite(.serialized) struct AudioTrackTests {
    static let common = ["--duration", "2", "--size", "270x480", "--preset", "ultrafast", "-q"]

    /// ffprobe's view of the first audio stream (empty when there is none).
    static func audioStream(_ path: String) throws -> [String: Any] {
        let r = try Harness.run(Harness.tool("ffprobe"), ["-v", "error", "-select_streams", "a", "-show_streams",
                                                          "-of", "json", path])
        let json = try JSONSerialization.jsonObject(with: r.stdoutData) as? [String: Any] ?? [:]
        return (json["streams"] as? [[String: Any]])?.first ?? [:]
    }

    /// The audio decoded by ffmpeg to 48 kHz stereo float, cut to `samples` per channel
    /// (AAC's last frame is padded; the container's duration says where the sound ends).
    static func pcm(_ path: String, samples: Int) throws -> StereoAudio {
        let data = try Harness.run(Harness.tool("ffmpeg"), ["-v", "error", "-i", path, "-map", "0:a", "-f", "f32le",
                                                            "-ac", "2", "-ar", "48000", "-"]).stdoutData
        let floats = data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        let n = min(samples, floats.count / 2)
        return StereoAudio(sampleRate: 48000, left: (0..<n).map { floats[2 * $0] }, right: (0..<n).map { floats[2 * $0 + 1] })
    }

    /// ffmpeg's ebur128 filter: integrated loudness (LUFS) and sample peak (dBFS).
    static func ebur128(_ path: String) throws -> (loudness: Double, peak: Double) {
        let r = try Harness.run(Harness.tool("ffmpeg"), ["-hide_banner", "-nostats", "-i", path, "-map", "0:a",
                                                         "-af", "ebur128=peak=sample", "-f", "null", "-"])
        func value(_ label: String) -> Double? {
            guard let line = r.stderr.split(separator: "\n").last(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(label) })
            else { return nil }
            return line.split(separator: " ").compactMap { Double($0) }.first
        }
        return (value("I:") ?? .nan, value("Peak:") ?? .nan)
    }

    static func render(_ photo: String, _ extra: [String], to out: String) throws -> Harness.Result {
        try Harness.alive(["animate", Harness.sample(photo), "-o", out] + common + extra)
    }

    /// Every video carries AAC at 48 kHz in stereo, as long as the picture to within a
    /// frame, at about -18 LUFS (-23 ... -16) with peaks under -1 dBFS; alive's meter agrees
    /// with ffmpeg's on the decoded samples.
    @Test func defaultVideoHasAnAmbientBed() throws {
        let dir = try Harness.temporaryFolder()
        let out = dir.appendingPathComponent("rocket.mp4").path
        let r = try Harness.alive(["animate", Harness.sample("rocket.jpg"), "-o", out] + Self.common.dropLast())
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("sound: wind"), "open sky, no water: wind (\(r.stdout))")
        let audio = try Self.audioStream(out)
        #expect(audio["codec_name"] as? String == "aac")
        #expect(audio["sample_rate"] as? String == "48000")
        #expect(audio["channels"] as? Int == 2)
        let (video, _) = try Harness.probe(out)
        let audioDuration = Double(audio["duration"] as? String ?? "") ?? 0
        let videoDuration = Double(video["duration"] as? String ?? "") ?? 0
        #expect(abs(audioDuration - videoDuration) <= 1.0 / 30, "audio \(audioDuration) s, video \(videoDuration) s")
        #expect(abs(videoDuration - 2) < 0.001)

        let (loudness, peak) = try Self.ebur128(out)
        print("default bed: \(loudness) LUFS, sample peak \(peak) dBFS")
        #expect((-23 ... -16).contains(loudness), "\(loudness) LUFS")
        #expect(peak < -1, "peak \(peak) dBFS")
        let samples = try Self.pcm(out, samples: 96000)
        #expect(samples.count == 96000)
        let ours = LoudnessMeter.integratedLoudness(samples)
        #expect(abs(ours - loudness) < 0.5, "alive's meter \(ours), ffmpeg's \(loudness)")
        #expect(samples.peak < 0.891, "no sample above -1 dBFS")
        let rms = (samples.left.reduce(0) { $0 + $1 * $1 } / Float(samples.count)).squareRoot()
        #expect(rms > 0.02 && rms < 0.3, "RMS \(rms)")
        #expect(!samples.left.contains { abs($0) >= 0.999 }, "no clipping")
    }

    /// Indoors (no sky, no water) the bed is room tone; the prompt can name any bed, and
    /// waves and crickets are measurably different sounds.
    @Test func scenesAndPromptsChooseDifferentSounds() throws {
        let dir = try Harness.temporaryFolder()
        let indoor = try Self.render("coffee.png", [], to: dir.appendingPathComponent("coffee.mp4").path)
        #expect(indoor.status == 0, "\(indoor.stderr)")
        let r = try Harness.alive(["animate", Harness.sample("coffee.png"), "-o", dir.appendingPathComponent("c2.mp4").path,
                                   "--duration", "0.5", "--size", "270x480"])
        #expect(r.stdout.contains("sound: room"), "\(r.stdout)")

        var centroids: [String: Double] = [:]
        for (name, prompt) in [("waves", "zoom in with the sound of waves"), ("crickets", "zoom in, grilli")] {
            let out = dir.appendingPathComponent("\(name).mp4").path
            let result = try Self.render("rocket.jpg", ["--prompt", prompt], to: out)
            #expect(result.status == 0, "\(result.stderr)")
            centroids[name] = Self.spectralCentroid(try Self.pcm(out, samples: 96000))
        }
        print("decoded spectral centroids: \(centroids)")
        let waves = try #require(centroids["waves"]), crickets = try #require(centroids["crickets"])
        #expect(crickets > 3 * waves, "crickets \(crickets) Hz, waves \(waves) Hz")
    }

    /// Two renders with the same seed decode to identical samples; another seed differs.
    @Test func soundIsDeterministic() throws {
        let dir = try Harness.temporaryFolder()
        var decoded: [StereoAudio] = []
        for (i, seed) in ["4", "4", "5"].enumerated() {
            let out = dir.appendingPathComponent("d\(i).mp4").path
            #expect(try Self.render("rocket.jpg", ["--prompt", "sound of rain", "--seed", seed], to: out).status == 0)
            decoded.append(try Self.pcm(out, samples: 96000))
        }
        #expect(decoded[0] == decoded[1])
        #expect(decoded[0].left != decoded[2].left)
    }

    /// `--loop`: the decoded last sample leads into the first as any sample into the next,
    /// and the level on both sides of the seam matches.
    @Test func loopedSoundHasNoSeam() throws {
        let dir = try Harness.temporaryFolder()
        let out = dir.appendingPathComponent("loop.mp4").path
        #expect(try Self.render("rocket.jpg", ["--prompt", "sound of waves", "--loop"], to: out).status == 0)
        let audio = try Self.pcm(out, samples: 96000)
        #expect(audio.count == 96000)
        for channel in [audio.left, audio.right] {
            let steps = zip(channel.dropFirst(), channel).map { abs($0 - $1) }.sorted()
            let median = steps[steps.count / 2], p99 = steps[steps.count * 99 / 100]
            let seam = abs(channel[0] - channel[channel.count - 1])
            print("loop seam: jump \(seam), median step \(median), 99th percentile \(p99)")
            #expect(seam <= max(4 * median, p99))
            func rms(_ s: ArraySlice<Float>) -> Float { (s.reduce(0) { $0 + $1 * $1 } / Float(s.count)).squareRoot() }
            let head = rms(channel.prefix(12000)), tail = rms(channel.suffix(12000))
            #expect(abs(20 * log10(head / tail)) < 6, "head \(head), tail \(tail)")
            #expect(head > 0.01, "a loop is not faded")
        }
    }

    /// `--no-audio`, or "senza audio" in the prompt: no audio stream at all.
    @Test func noAudioMeansNoAudioStream() throws {
        let dir = try Harness.temporaryFolder()
        for (i, extra) in [["--no-audio"], ["--prompt", "zoom lento, senza audio"]].enumerated() {
            let out = dir.appendingPathComponent("silent\(i).mp4").path
            let r = try Self.render("rocket.jpg", extra, to: out)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(try Self.audioStream(out).isEmpty, "\(extra)")
            #expect(try Harness.probe(out).stream["codec_name"] as? String == "h264")
        }
        let both = try Self.render("rocket.jpg", ["--no-audio", "--audio", "x.wav"], to: dir.appendingPathComponent("x.mp4").path)
        #expect(both.status == 64)
    }

    /// `--audio FILE`: a mono 44.1 kHz WAV and a FLAC, shorter and longer than the clip,
    /// come out as 48 kHz stereo AAC exactly as long as the video, faded.
    @Test func userAudioFileIsFittedToTheClip() throws {
        let dir = try Harness.temporaryFolder()
        let wav = dir.appendingPathComponent("tone.wav").path, flac = dir.appendingPathComponent("long.flac").path
        #expect(try Harness.run(Harness.tool("ffmpeg"), ["-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=0.7",
                                                         "-ar", "44100", "-ac", "1", wav]).status == 0)
        #expect(try Harness.run(Harness.tool("ffmpeg"), ["-v", "error", "-f", "lavfi", "-i", "sine=frequency=660:duration=5",
                                                         "-ar", "48000", "-ac", "2", flac]).status == 0)
        for source in [wav, flac] {
            let out = dir.appendingPathComponent(URL(fileURLWithPath: source).lastPathComponent + ".mp4").path
            let r = try Harness.alive(["animate", Harness.sample("rocket.jpg"), "-o", out, "--audio", source,
                                       "--duration", "2", "--size", "270x480", "--preset", "ultrafast"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("sound: \(URL(fileURLWithPath: source).lastPathComponent)"), "\(r.stdout)")
            let audio = try Self.audioStream(out)
            #expect(audio["sample_rate"] as? String == "48000" && audio["channels"] as? Int == 2)
            #expect(abs((Double(audio["duration"] as? String ?? "") ?? 0) - 2) <= 1.0 / 30)
            let samples = try Self.pcm(out, samples: 96000)
            func rms(_ s: ArraySlice<Float>) -> Float { (s.reduce(0) { $0 + $1 * $1 } / Float(s.count)).squareRoot() }
            #expect(rms(samples.left[60000..<70000]) > 0.05, "the tone plays on after the file's own end (looped)")
            #expect(rms(samples.right[60000..<70000]) > 0.05, "mono is heard in both ears")
            #expect(rms(samples.left.prefix(200)) < rms(samples.left[48000..<49000]), "faded in")
        }
    }

    /// A bad `--audio` file fails with one line naming the file and the cause, exit 66 when
    /// missing and 65 when unusable, and leaves nothing behind.
    @Test func badAudioFileFailsCleanly() throws {
        let dir = try Harness.temporaryFolder()
        let missing = dir.appendingPathComponent("missing.wav").path
        let garbage = dir.appendingPathComponent("garbage.wav").path
        try Data((0..<4000).map { UInt8(truncatingIfNeeded: $0 &* 7919 >> 3) }).write(to: URL(fileURLWithPath: garbage))
        let empty = dir.appendingPathComponent("empty.flac").path
        FileManager.default.createFile(atPath: empty, contents: Data())
        let silentVideo = dir.appendingPathComponent("silent.mp4").path
        #expect(try Self.render("rocket.jpg", ["--no-audio", "--duration", "0.5"], to: silentVideo).status == 0)
        let truncated = dir.appendingPathComponent("truncated.flac").path
        #expect(try Harness.run(Harness.tool("ffmpeg"), ["-v", "error", "-f", "lavfi", "-i", "anoisesrc=duration=2",
                                                         truncated]).status == 0)
        let flacBytes = try Data(contentsOf: URL(fileURLWithPath: truncated))
        try flacBytes.prefix(40).write(to: URL(fileURLWithPath: truncated))

        for (file, status, words) in [(missing, Int32(66), "No such file"), (garbage, 65, "cannot use as audio"),
                                      (empty, 65, "empty"), (silentVideo, 65, "no audio stream"),
                                      (truncated, 65, "cannot use as audio"),
                                      (Harness.sample("rocket.jpg"), 65, "no audio stream")] {
            let out = dir.appendingPathComponent("out.mp4").path
            let before = Harness.listing(dir)
            let r = try Harness.alive(["animate", Harness.sample("rocket.jpg"), "-o", out, "--audio", file,
                                       "--duration", "0.5", "--size", "270x480"])
            #expect(r.status == status, "\(file): \(r.status) \(r.stderr)")
            let lines = r.stderr.split(separator: "\n")
            #expect(lines.count == 1 && r.stderr.contains(file) && r.stderr.contains(words), "\(r.stderr)")
            #expect(Harness.listing(dir) == before, "nothing left behind for \(file)")
        }
    }

    /// A video with sound is signed like any other: `alive verify` finds it intact.
    @Test func videoWithSoundVerifies() throws {
        let dir = try Harness.temporaryFolder()
        let out = dir.appendingPathComponent("signed.mp4").path
        #expect(try Self.render("rocket.jpg", ["--prompt", "sound of fire"], to: out).status == 0)
        let r = try Harness.alive(["verify", out])
        #expect(r.status == 0 || r.status == 10, "\(r.stdout) \(r.stderr)")
    }

    /// `alive plan` shows the sound the prompt asked for; an edited plan's sound is what
    /// the video gets ("none": no audio stream).
    @Test func planCarriesTheSound() throws {
        let dir = try Harness.temporaryFolder()
        let planFile = dir.appendingPathComponent("plan.json").path
        let r = try Harness.alive(["plan", Harness.sample("coffee.png"), "--prompt", "fast pan left, with birds", "-o", planFile])
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOfFile: planFile, encoding: .utf8)
        let plan = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect(plan?["sound"] as? String == "birds")
        #expect(plan?["understood"] as? [String] == ["fast pan left", "with birds"])
        #expect(plan?["ignored"] as? [String] == [])
        let birds = dir.appendingPathComponent("birds.mp4").path
        let withBirds = try Self.render("coffee.png", ["--plan", planFile], to: birds)
        #expect(withBirds.status == 0, "\(withBirds.stderr)")
        #expect(try Self.audioStream(birds)["codec_name"] as? String == "aac")
        try text.replacingOccurrences(of: "\"birds\"", with: "\"none\"").write(toFile: planFile, atomically: true, encoding: .utf8)
        let silent = dir.appendingPathComponent("silent.mp4").path
        #expect(try Self.render("coffee.png", ["--plan", planFile], to: silent).status == 0)
        #expect(try Self.audioStream(silent).isEmpty)
    }

    /// `alive batch` honours the sound flags.
    @Test func batchHonoursNoAudio() throws {
        let dir = try Harness.temporaryFolder()
        let r = try Harness.alive(["batch", Harness.sample("rocket.jpg"), "--out-dir", dir.path, "--no-audio"] + Self.common)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Self.audioStream(dir.appendingPathComponent("rocket.mp4").path).isEmpty)
    }

    /// Mean frequency weighted by power (`SpectralCentroid` in AliveProbe).
    static func spectralCentroid(_ audio: StereoAudio) -> Double {
        SpectralCentroid.of(left: Array(audio.left), right: Array(audio.right), sampleRate: 48000)
    }
}
