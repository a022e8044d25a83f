import AliveCore
import AliveMedia
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Encodes synthetic clips with the real libx264 and checks them with the real ffprobe and
/// ffmpeg, and with a box reader of our own: what a browser or phone relies on (H.264 High,
/// yuv420p, BT.709, limited range, constant frame rate, exact frame count, fast start).
@Suite struct VideoEncoderTests {
    // MARK: What players see

    @Test func smallClipHasEveryPropertyPlayersNeed() throws {
        let folder = try EncoderTestFolder()
        let clip = SyntheticClip(width: 320, height: 240, frames: 90)
        let path = folder.file("small.mp4")
        try clip.encode(to: path, settings: VideoSettings(width: 320, height: 240))

        let probe = try FFprobeReport(path: path)
        let video = try #require(probe.streams.first)
        #expect(probe.streams.count == 1)
        #expect(video.codecName == "h264")
        #expect(video.profile == "High")
        #expect(video.codecTagString == "avc1")
        #expect(video.pixFmt == "yuv420p")
        #expect(video.width == 320 && video.height == 240)
        #expect(video.nbReadFrames == "90")
        #expect(video.rFrameRate == "30/1")
        #expect(video.avgFrameRate == "30/1")
        #expect(video.colorSpace == "bt709")
        #expect(video.colorPrimaries == "bt709")
        #expect(video.colorTransfer == "bt709")
        #expect(video.colorRange == "tv")
        #expect(abs(try #require(Double(probe.format.duration)) - 3.0) < 0.001)
        #expect(probe.format.formatName.contains("mp4"))
    }

    /// The story format at another frame rate; fewer frames, since each is 2 megapixels.
    @Test func storyFormatAt25fps() throws {
        let folder = try EncoderTestFolder()
        let clip = SyntheticClip(width: 1080, height: 1920, frames: 20)
        let path = folder.file("story.mp4")
        var settings = VideoSettings(width: 1080, height: 1920)
        settings.fps = 25
        try clip.encode(to: path, settings: settings)

        let probe = try FFprobeReport(path: path)
        let video = try #require(probe.streams.first)
        #expect(video.profile == "High")
        #expect(video.pixFmt == "yuv420p")
        #expect(video.width == 1080 && video.height == 1920)
        #expect(video.nbReadFrames == "20")
        #expect(video.rFrameRate == "25/1" && video.avgFrameRate == "25/1")
        #expect(video.colorSpace == "bt709" && video.colorPrimaries == "bt709" && video.colorTransfer == "bt709")
        #expect(video.colorRange == "tv")
        #expect(abs(try #require(Double(probe.format.duration)) - 0.8) < 0.001)
        try clip.expectRoundTrip(path, in: folder)
    }

    /// One second at several rates: every sample lasts exactly one frame (a single `stts`
    /// entry), and the rates ffprobe derives agree.
    @Test(arguments: [24, 25, 30, 60])
    func constantFrameRate(fps: Int) throws {
        let folder = try EncoderTestFolder()
        let clip = SyntheticClip(width: 128, height: 96, frames: fps)
        let path = folder.file("cfr\(fps).mp4")
        var settings = VideoSettings(width: 128, height: 96)
        settings.fps = fps
        try clip.encode(to: path, settings: settings)

        let probe = try FFprobeReport(path: path)
        let video = try #require(probe.streams.first)
        #expect(video.nbReadFrames == "\(fps)")
        #expect(video.rFrameRate == "\(fps)/1")
        #expect(video.avgFrameRate == "\(fps)/1")
        #expect(abs(try #require(Double(probe.format.duration)) - 1.0) < 0.001)

        let mp4 = MP4Boxes(bytes: try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))))
        let mdhd = try mp4.find(["moov", "trak", "mdia", "mdhd"])
        #expect(mp4.bytes[mdhd.payload.lowerBound] == 0, "version 0 mdhd")
        let timescale = Int(mp4.uint32(at: mdhd.payload.lowerBound + 12))
        let stts = try mp4.find(["moov", "trak", "mdia", "minf", "stbl", "stts"])
        let entries = Int(mp4.uint32(at: stts.payload.lowerBound + 4))
        #expect(entries == 1, "one sample duration for the whole track")
        #expect(Int(mp4.uint32(at: stts.payload.lowerBound + 8)) == fps, "sample count")
        #expect(Int(mp4.uint32(at: stts.payload.lowerBound + 12)) * fps == timescale, "sample delta is 1/fps")
    }

    // MARK: The container, box by box

    @Test func boxesStartWithFtypAndPutMoovBeforeMdat() throws {
        let folder = try EncoderTestFolder()
        let path = folder.file("boxes.mp4")
        try SyntheticClip(width: 160, height: 120, frames: 30).encode(to: path, settings: VideoSettings(width: 160, height: 120))
        let mp4 = MP4Boxes(bytes: try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))))

        let types = try mp4.topLevel.map(\.type)
        #expect(types.first == "ftyp")
        let moov = try #require(types.firstIndex(of: "moov"))
        let mdat = try #require(types.firstIndex(of: "mdat"))
        #expect(moov < mdat, "fast start: \(types)")

        let ftyp = try mp4.find(["ftyp"])
        let brands = stride(from: ftyp.payload.lowerBound + 8, to: ftyp.payload.upperBound, by: 4).map(mp4.fourCC)
        #expect(brands.contains("avc1"), "compatible brands \(brands)")

        let (entry, children) = try mp4.videoSampleEntry()
        #expect(entry.type == "avc1")
        // avcC: configuration version, then the profile (100 = High) and level indications.
        let avcC = try #require(children.first { $0.type == "avcC" })
        #expect(mp4.bytes[avcC.payload.lowerBound + 1] == 100)
        // colr nclx: primaries, transfer, matrix (1 = BT.709 each), then the full-range bit.
        let colr = try #require(children.first { $0.type == "colr" })
        let p = colr.payload.lowerBound
        #expect(mp4.fourCC(at: p) == "nclx")
        #expect(mp4.uint16(at: p + 4) == 1 && mp4.uint16(at: p + 6) == 1 && mp4.uint16(at: p + 8) == 1)
        #expect(mp4.bytes[p + 10] & 0x80 == 0, "limited range")
    }

    // MARK: Pixels

    /// Decodes the video with ffmpeg into raw yuv420p: flat black (Y 16) and white (Y 235)
    /// come back as 16 and 235, so limited range is applied and not expanded, and a patch
    /// whose level changes every frame comes back in order, frame by frame.
    @Test func lumaRoundTripsInLimitedRangeAndFramesKeepTheirOrder() throws {
        let folder = try EncoderTestFolder()
        let clip = SyntheticClip(width: 320, height: 240, frames: 90)
        let path = folder.file("roundtrip.mp4")
        try clip.encode(to: path, settings: VideoSettings(width: 320, height: 240))
        try clip.expectRoundTrip(path, in: folder)
    }

    // MARK: Metadata

    @Test func containerTagsCarryTitleCommentEncoderAndCreationTime() throws {
        let folder = try EncoderTestFolder()
        let path = folder.file("tags.mp4")
        var settings = VideoSettings(width: 64, height: 64)
        settings.metadata = [
            "title": "Harbour at dusk (alive)",
            "comment": "AI-generated with alive 0.1.0 from a still photo",
            "description": "clouds drift slowly to the left",
            "encoder": "alive 0.1.0",
            "creation_time": "2026-11-03T10:15:00Z",
        ]
        try SyntheticClip(width: 64, height: 64, frames: 5).encode(to: path, settings: settings)

        let tags = try #require(try FFprobeReport(path: path).format.tags)
        #expect(tags["title"] == "Harbour at dusk (alive)")
        #expect(tags["comment"] == "AI-generated with alive 0.1.0 from a still photo")
        #expect(tags["description"] == "clouds drift slowly to the left")
        #expect(tags["encoder"] == "alive 0.1.0", "not libavformat's Lavf string")
        #expect(tags["creation_time"]?.hasPrefix("2026-11-03T10:15:00") == true, "\(tags)")
    }

    @Test func withoutAnEncoderTagLibavformatNamesItself() throws {
        let folder = try EncoderTestFolder()
        let path = folder.file("lavf.mp4")
        try SyntheticClip(width: 64, height: 64, frames: 2).encode(to: path, settings: VideoSettings(width: 64, height: 64))
        let tags = try FFprobeReport(path: path).format.tags ?? [:]
        #expect(tags["encoder"]?.hasPrefix("Lavf") == true)
    }

    // MARK: Failures

    @Test func missingFolderCannotBeWritten() throws {
        let folder = try EncoderTestFolder()
        let path = folder.file("no/such/folder/out.mp4")
        let error = #expect(throws: MediaError.self) {
            try VideoEncoder(path: path, settings: VideoSettings(width: 64, height: 64))
        }
        guard case .cannotWrite(let reportedPath, let reason)? = error else {
            Issue.record("expected .cannotWrite, got \(String(describing: error))")
            return
        }
        #expect(reportedPath == path)
        #expect(reason.contains("does not exist"), "\(reason)")
        #expect(error?.kind == .cannotWrite)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func aFileInThePlaceOfAFolderCannotBeWritten() throws {
        let folder = try EncoderTestFolder()
        let blocker = folder.file("plain-file")
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: blocker))
        let path = blocker + "/out.mp4"
        let error = #expect(throws: MediaError.self) {
            try VideoEncoder(path: path, settings: VideoSettings(width: 64, height: 64))
        }
        guard case .cannotWrite(_, let reason)? = error else {
            Issue.record("expected .cannotWrite, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("is not a folder"), "\(reason)")
    }

    /// Root writes into read-only folders, so this runs only for other users.
    @Test(.enabled(if: geteuid() != 0, "root ignores folder permissions"))
    func readOnlyFolderCannotBeWrittenAndLeavesNoFile() throws {
        let folder = try EncoderTestFolder()
        let locked = folder.file("locked")
        try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o555])
        defer { chmod(locked, 0o755) }
        let path = locked + "/out.mp4"
        let error = #expect(throws: MediaError.self) {
            try VideoEncoder(path: path, settings: VideoSettings(width: 64, height: 64))
        }
        guard case .cannotWrite(_, let reason)? = error else {
            Issue.record("expected .cannotWrite, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("not writable"), "\(reason)")
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func badPresetIsRefusedBeforeAnyFileExists() throws {
        let folder = try EncoderTestFolder()
        let path = folder.file("preset.mp4")
        var settings = VideoSettings(width: 64, height: 64)
        settings.preset = "fastest"
        #expect(!VideoSettings.presets.contains("fastest"))
        let error = #expect(throws: MediaError.self) { try VideoEncoder(path: path, settings: settings) }
        guard case .invalidVideoSetting(let name, let value, let reason)? = error else {
            Issue.record("expected .invalidVideoSetting, got \(String(describing: error))")
            return
        }
        #expect(name == "preset" && value == "fastest")
        #expect(reason.contains("veryfast"), "the message lists the valid names: \(reason)")
        #expect(error?.kind == .usage)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    /// The hard-coded list matches what this libx264 accepts.
    @Test(arguments: VideoSettings.presets)
    func everyListedPresetOpens(preset: String) throws {
        let folder = try EncoderTestFolder()
        var settings = VideoSettings(width: 64, height: 64)
        settings.preset = preset
        let path = folder.file("\(preset).mp4")
        try SyntheticClip(width: 64, height: 64, frames: 3).encode(to: path, settings: settings)
        #expect(try FFprobeReport(path: path).streams.first?.nbReadFrames == "3")
    }

    @Test(arguments: [(63, 64, "width"), (64, 0, "height"), (64, 65, "height")])
    func oddOrEmptySizesAreRefused(width: Int, height: Int, setting: String) throws {
        let folder = try EncoderTestFolder()
        let error = #expect(throws: MediaError.self) {
            try VideoEncoder(path: folder.file("odd.mp4"), settings: VideoSettings(width: width, height: height))
        }
        guard case .invalidVideoSetting(let name, _, _)? = error else {
            Issue.record("expected .invalidVideoSetting, got \(String(describing: error))")
            return
        }
        #expect(name == setting)
    }

    @Test func wrongFrameSizeAndUseAfterFinishAreErrors() throws {
        let folder = try EncoderTestFolder()
        let encoder = try VideoEncoder(path: folder.file("misuse.mp4"), settings: VideoSettings(width: 64, height: 64))
        #expect(throws: MediaError.self) { try encoder.append(YUVFrame(width: 32, height: 64)) }
        // A failed append does not count as a frame and spoils the encoder.
        #expect(encoder.frameCount == 0)
        let finished = try VideoEncoder(path: folder.file("done.mp4"), settings: VideoSettings(width: 64, height: 64))
        try finished.append(YUVFrame(width: 64, height: 64))
        try finished.finish()
        #expect(throws: MediaError.self) { try finished.append(YUVFrame(width: 64, height: 64)) }
        #expect(throws: MediaError.self) { try finished.finish() }
    }

    /// The pipeline creates the encoder on one thread and feeds it from another.
    @Test func appendsFromAnotherThread() async throws {
        let folder = try EncoderTestFolder()
        let path = folder.file("threads.mp4")
        let clip = SyntheticClip(width: 96, height: 64, frames: 12)
        let encoder = try VideoEncoder(path: path, settings: VideoSettings(width: 96, height: 64))
        try await Task.detached {
            for index in 0..<clip.frames { try encoder.append(clip.frame(index)) }
            try encoder.finish()
        }.value
        #expect(try FFprobeReport(path: path).streams.first?.nbReadFrames == "12")
    }

    // MARK: Speed

    /// Prints the encode rate for 150 story-format frames at veryfast, and ffmpeg's on the
    /// same frames as the peer; asserts nothing about time. Run with
    /// `ALIVE_ENCODER_BENCH=1 swift test -c release --filter encodeRate`.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["ALIVE_ENCODER_BENCH"] != nil))
    func encodeRate() throws {
        let folder = try EncoderTestFolder()
        let (width, height, count) = (1080, 1920, 150)
        let texture = BenchTexture(width: width, height: height)
        let frame = YUVFrame(width: width, height: height)
        let clock = ContinuousClock()
        var encoding = Duration.zero
        let path = folder.file("bench.mp4")
        let start = clock.now
        let encoder = try VideoEncoder(path: path, settings: VideoSettings(width: width, height: height))
        encoding += clock.now - start
        for index in 0..<count {
            texture.fill(frame, index: index)
            let before = clock.now
            try encoder.append(frame)
            encoding += clock.now - before
        }
        let before = clock.now
        try encoder.finish()
        encoding += clock.now - before
        let seconds = Double(encoding.components.seconds) + Double(encoding.components.attoseconds) * 1e-18
        #expect(try FFprobeReport(path: path).streams.first?.nbReadFrames == "\(count)")

        // The peer: ffmpeg's own libx264 on the same raw frames, read from a file.
        let raw = folder.file("bench.yuv")
        _ = FileManager.default.createFile(atPath: raw, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: raw))
        for index in 0..<count {
            texture.fill(frame, index: index)
            try handle.write(contentsOf: frame.y)
            try handle.write(contentsOf: frame.cb)
            try handle.write(contentsOf: frame.cr)
        }
        try handle.close()
        let peerStart = clock.now
        let peer = try ExternalTool.run("ffmpeg", [
            "-v", "error", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", "\(width)x\(height)", "-r", "30",
            "-i", raw, "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-y", folder.file("peer.mp4"),
        ])
        let peerDuration = clock.now - peerStart
        let peerSeconds = Double(peerDuration.components.seconds) + Double(peerDuration.components.attoseconds) * 1e-18
        #expect(peer.status == 0)
        print(String(format: "encodeRate: %d frames %dx%d veryfast: %.2f s, %.1f frames/s; ffmpeg CLI %.2f s, %.1f frames/s; ratio %.2f",
                     count, width, height, seconds, Double(count) / seconds, peerSeconds,
                     Double(count) / peerSeconds, seconds / peerSeconds))
    }
}

// MARK: - Synthetic clips

/// Frames whose content the tests know: in the top half a diagonal gradient that moves
/// and a bright square that slides; in the bottom half three flat bands, black (Y 16),
/// a level that changes every frame (to check order), and white (Y 235).
struct SyntheticClip: Sendable {
    let width: Int
    let height: Int
    let frames: Int

    static let black: UInt8 = 16
    static let white: UInt8 = 235

    /// The middle band's level in frame `index`: steps of 7 make neighbours distinct.
    static func level(_ index: Int) -> UInt8 { UInt8(40 + (index * 7) % 160) }

    /// Where the bottom bands start and end, on 16-pixel macroblock boundaries.
    var bandTop: Int { height / 2 / 16 * 16 }
    var bands: [Range<Int>] {
        let a = width / 3 / 16 * 16, b = 2 * width / 3 / 16 * 16
        return [0 ..< a, a ..< b, b ..< width]
    }

    func frame(_ index: Int) -> YUVFrame {
        let frame = YUVFrame(width: width, height: height)
        let side = max(8, height / 8)
        let squareX = (index * 4) % max(1, width - side), squareY = max(0, bandTop / 2 - side / 2)
        var bottomRow = [UInt8](repeating: 0, count: width)
        for (band, level) in zip(bands, [Self.black, Self.level(index), Self.white]) {
            for x in band { bottomRow[x] = level }
        }
        for y in 0..<height {
            let row = y * width
            if y >= bandTop {
                frame.y.replaceSubrange(row ..< row + width, with: bottomRow)
                continue
            }
            for x in 0..<width { frame.y[row + x] = UInt8(16 + (x + y + 3 * index) % 220) }
            if (squareY ..< squareY + side).contains(y) {
                for x in squareX ..< min(width, squareX + side) { frame.y[row + x] = 200 }
            }
        }
        let cw = frame.chromaWidth
        for cy in 0..<frame.chromaHeight where cy * 2 < bandTop {
            for cx in 0..<cw {
                frame.cb[cy * cw + cx] = UInt8(64 + (cx * 128) / cw)
                frame.cr[cy * cw + cx] = UInt8(64 + ((cy + index) * 2) % 128)
            }
        }
        return frame
    }

    func encode(to path: String, settings: VideoSettings) throws {
        let encoder = try VideoEncoder(path: path, settings: settings)
        for index in 0..<frames { try encoder.append(frame(index)) }
        try encoder.finish()
        #expect(encoder.frameCount == frames)
    }

    /// Decodes `path` to raw yuv420p with the ffmpeg command and checks the bands of every
    /// frame, away from their edges (where the codec's blocks blur one band into the next).
    func expectRoundTrip(_ path: String, in folder: EncoderTestFolder) throws {
        let raw = folder.file(URL(fileURLWithPath: path).lastPathComponent + ".yuv")
        let run = try ExternalTool.run("ffmpeg", ["-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "yuv420p", "-y", raw])
        #expect(run.status == 0, "\(run.stderr)")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: raw)))
        let frameBytes = width * height * 3 / 2
        #expect(bytes.count == frameBytes * frames, "ffmpeg decoded \(bytes.count / frameBytes) frames")
        let inset = 8
        // Every sample of a small clip; every fourth row and column of a large one.
        let step = width >= 640 ? 4 : 1
        let rows = stride(from: bandTop + inset, to: height - inset, by: step)
        var worst = [0, 0, 0]
        for index in 0 ..< min(frames, bytes.count / frameBytes) {
            let expected = [Self.black, Self.level(index), Self.white]
            for (band, columns) in bands.enumerated() {
                var sum = 0, count = 0, maxError = 0
                for y in rows {
                    for x in stride(from: columns.lowerBound + inset, to: columns.upperBound - inset, by: step) {
                        let value = Int(bytes[index * frameBytes + y * width + x])
                        sum += value
                        count += 1
                        maxError = max(maxError, abs(value - Int(expected[band])))
                    }
                }
                let mean = Double(sum) / Double(count)
                #expect(abs(mean - Double(expected[band])) < 1.5,
                        "frame \(index) band \(band): mean \(mean), expected \(expected[band])")
                worst[band] = max(worst[band], maxError)
            }
        }
        #expect(worst.allSatisfy { $0 <= 4 }, "largest error per band: \(worst)")
    }
}

/// A textured picture for the speed test, panned a few pixels a frame, so x264 sees
/// motion and detail as in a rendered photo rather than flat colour.
final class BenchTexture: Sendable {
    let width: Int
    let height: Int
    private let luma: [UInt8]
    static let margin = 512

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        let w = width + Self.margin
        var luma = [UInt8](repeating: 0, count: w * (height + Self.margin))
        for y in 0 ..< height + Self.margin {
            for x in 0 ..< w {
                let wave = 60 * sin(Double(x) * 0.031) * cos(Double(y) * 0.017) + 40 * sin(Double(x + y) * 0.11)
                luma[y * w + x] = UInt8(clamping: 126 + Int(wave) + Self.grain(x, y))
            }
        }
        self.luma = luma
    }

    /// A little deterministic noise, -4 to 3, like sensor grain.
    static func grain(_ x: Int, _ y: Int) -> Int {
        Int((UInt32(truncatingIfNeeded: x &* 73_856_093 ^ y &* 19_349_663) &* 2_654_435_761) >> 29) - 4
    }

    func fill(_ frame: YUVFrame, index: Int) {
        let w = width + Self.margin
        let dx = (index * 3) % Self.margin, dy = (index * 2) % Self.margin
        for y in 0 ..< height {
            frame.y.replaceSubrange(y * width ..< (y + 1) * width,
                                    with: luma[(y + dy) * w + dx ..< (y + dy) * w + dx + width])
        }
        for i in 0 ..< frame.cb.count {
            frame.cb[i] = UInt8(100 + (i + index) % 56)
            frame.cr[i] = UInt8(120 + (i / frame.chromaWidth) % 24)
        }
    }
}

// MARK: - Tools

/// A fresh folder under the system's temporary folder, removed when the test ends unless
/// `ALIVE_KEEP_TEST_VIDEOS` is set (then its path is printed, to look at the videos).
final class EncoderTestFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("alive-encoder-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        if ProcessInfo.processInfo.environment["ALIVE_KEEP_TEST_VIDEOS"] != nil {
            print("kept \(path)")
        } else {
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    func file(_ name: String) -> String { path + "/" + name }
}

/// Runs a command found on PATH (ffprobe, ffmpeg) and collects its output.
enum ExternalTool {
    struct Result {
        var status: Int32
        var stdout: Data
        var stderr: String
    }

    static func run(_ name: String, _ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [name] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both to the end before waiting, so a full pipe never blocks the child.
        let errorData = DataBox()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { errorData.data = err.fileHandleForReading.readDataToEndOfFile() }
        let outputData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: outputData,
                      stderr: String(decoding: errorData.data, as: UTF8.self))
    }

    /// Written by one reader thread, read after `group.wait()`.
    private final class DataBox: @unchecked Sendable { var data = Data() }
}

/// What `ffprobe -show_streams -show_format -count_frames -of json` says about a file.
struct FFprobeReport: Decodable {
    struct Stream: Decodable {
        var codecName: String?
        var codecTagString: String?
        var profile: String?
        var pixFmt: String?
        var width: Int?
        var height: Int?
        var nbReadFrames: String?
        var rFrameRate: String?
        var avgFrameRate: String?
        var colorSpace: String?
        var colorPrimaries: String?
        var colorTransfer: String?
        var colorRange: String?
        var chromaLocation: String?
    }

    struct Format: Decodable {
        var formatName: String
        var duration: String
        var tags: [String: String]?
    }

    var streams: [Stream]
    var format: Format

    init(path: String) throws {
        let run = try ExternalTool.run("ffprobe", [
            "-v", "error", "-show_streams", "-show_format", "-count_frames", "-of", "json", path,
        ])
        guard run.status == 0 else {
            throw ProbeFailure(message: "ffprobe exited with \(run.status): \(run.stderr)")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        self = try decoder.decode(FFprobeReport.self, from: run.stdout)
    }

    struct ProbeFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
