import AliveCore
import AliveMedia
import Foundation
import Testing

/// The AAC stream beside the video, and the decoder for `--audio` files, checked with the
/// real ffmpeg tools.
@Suite struct AudioTests {
    /// A sine of `frequency` Hz at half scale, different in each channel.
    static func tone(count: Int, rate: Int = 48000) -> StereoAudio {
        let l = (0..<count).map { Float(0.5 * sin(2 * Double.pi * 440 * Double($0) / Double(rate))) }
        let r = (0..<count).map { Float(0.5 * sin(2 * Double.pi * 880 * Double($0) / Double(rate))) }
        return StereoAudio(sampleRate: rate, left: l, right: r)
    }

    /// Picture and sound in one MP4: two streams, the sound AAC-LC at 48 kHz stereo and as
    /// long as the picture, for frame rates whose frames are not whole AAC frames.
    @Test(arguments: [(30, 45), (24, 37), (25, 7)])
    func videoWithSoundHasBothStreams(fps: Int, frames: Int) throws {
        let folder = try EncoderTestFolder()
        let clip = SyntheticClip(width: 160, height: 96, frames: frames)
        let path = folder.file("av.mp4")
        var settings = VideoSettings(width: 160, height: 96)
        settings.fps = fps
        let count = StereoAudio.sampleCount(frames: frames, fps: fps)
        let encoder = try VideoEncoder(path: path, settings: settings, audio: Self.tone(count: count))
        for i in 0..<frames { try encoder.append(clip.frame(i)) }
        try encoder.finish()

        let run = try ExternalTool.run("ffprobe", ["-v", "error", "-show_entries",
                                                   "stream=codec_type,codec_name,profile,sample_rate,channels,duration",
                                                   "-of", "json", path])
        let json = try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any] ?? [:]
        let streams = json["streams"] as? [[String: Any]] ?? []
        #expect(streams.count == 2)
        let video = try #require(streams.first { $0["codec_type"] as? String == "video" })
        let audio = try #require(streams.first { $0["codec_type"] as? String == "audio" })
        #expect(audio["codec_name"] as? String == "aac" && audio["profile"] as? String == "LC")
        #expect(audio["sample_rate"] as? String == "48000" && audio["channels"] as? Int == 2)
        let a = Double(audio["duration"] as? String ?? "") ?? 0, v = Double(video["duration"] as? String ?? "") ?? 0
        #expect(abs(a - v) <= 1 / Double(fps), "audio \(a) s, video \(v) s")
        try clip.expectRoundTrip(path, in: folder)
    }

    /// A mono 44.1 kHz WAV and a 5.1 FLAC decode to 48 kHz stereo of the right length.
    @Test func decoderResamplesAndRemixes() throws {
        let folder = try EncoderTestFolder()
        let wav = folder.file("mono.wav"), flac = folder.file("surround.flac")
        #expect(try ExternalTool.run("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "sine=frequency=300:duration=1",
                                                "-ar", "44100", "-ac", "1", wav]).status == 0)
        #expect(try ExternalTool.run("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "sine=frequency=300:duration=1.5",
                                                "-ar", "96000", "-ac", "6", flac]).status == 0)
        let mono = try AudioFileDecoder.decode(path: wav)
        #expect(mono.sampleRate == 48000 && abs(mono.count - 48000) <= 2, "\(mono.count)")
        #expect(mono.left == mono.right, "mono is heard in both ears")
        #expect(mono.peak > 0.05)
        let surround = try AudioFileDecoder.decode(path: flac, maxSamples: 24000)
        #expect(surround.count == 24000)
        #expect(surround.peak > 0.05)
    }

    @Test func decoderNamesTheFileAndTheCause() throws {
        let folder = try EncoderTestFolder()
        #expect(throws: MediaError.self) { try AudioFileDecoder.decode(path: folder.file("nope.wav")) }
        do {
            _ = try AudioFileDecoder.decode(path: folder.file("nope.wav"))
        } catch {
            #expect(error.kind == .inputMissing && error.description.contains("nope.wav"))
        }
        let text = folder.file("notes.wav")
        try Data("these are not samples\n".utf8).write(to: URL(fileURLWithPath: text))
        do {
            _ = try AudioFileDecoder.decode(path: text)
            Issue.record("a text file decoded as sound")
        } catch {
            #expect(error.kind == .badInput && error.description.hasPrefix(text + ": cannot use as audio"), "\(error)")
        }
    }

    /// A PCM WAV: 16-bit mono at `rate` Hz holding `samples` samples of a square wave.
    static func wav(rate: UInt32, samples: Int) -> [UInt8] {
        func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
        func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
        let data = (0..<samples).flatMap { le16($0 / 4 % 2 == 0 ? 8000 : UInt16(bitPattern: -8000)) }
        let fmt = le16(1) + le16(1) + le32(rate) + le32(rate * 2) + le16(2) + le16(16)
        let body = Array("WAVE".utf8) + Array("fmt ".utf8) + le32(16) + fmt + Array("data".utf8) + le32(UInt32(data.count)) + data
        return Array("RIFF".utf8) + le32(UInt32(body.count)) + body
    }

    /// Issue 14: a WAV claiming 1 Hz made every packet resample to 48,000 times its length
    /// (2.6-3.1 GB for a tiny file). Rates outside 8-384 kHz are refused, in one line.
    @Test func implausibleSampleRatesAreRefused() throws {
        let folder = try EncoderTestFolder()
        for rate: UInt32 in [1, 100, 7_999, 384_001, 2_000_000] {
            let path = folder.file("rate\(rate).wav")
            try Data(Self.wav(rate: rate, samples: 2000)).write(to: URL(fileURLWithPath: path))
            do {
                let audio = try AudioFileDecoder.decode(path: path, maxSamples: 48_000 * 7)
                Issue.record("\(rate) Hz accepted: \(audio.count) samples")
            } catch {
                #expect(error.kind == .badInput, "\(error)")
                #expect(error.description.hasPrefix(path + ": ") && error.description.contains("outside 8-384 kHz"), "\(error)")
            }
        }
        for rate: UInt32 in [8_000, 384_000] {
            let path = folder.file("ok\(rate).wav")
            try Data(Self.wav(rate: rate, samples: Int(rate) / 4)).write(to: URL(fileURLWithPath: path))
            let audio = try AudioFileDecoder.decode(path: path)
            #expect(abs(audio.count - 12_000) <= 64, "\(rate) Hz: \(audio.count)")
        }
    }
}
