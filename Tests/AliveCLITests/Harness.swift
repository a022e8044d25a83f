import AliveProbe
import Foundation
import Testing

/// Runs the built `alive` binary and the real ffmpeg tools, as a user would.
enum Harness {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// `ALIVE_BIN` (set by `make test`), else the release build. A plain `swift test` without
    /// a built binary fails here with a message, never skips.
    static var binary: String {
        get throws {
            let path = ProcessInfo.processInfo.environment["ALIVE_BIN"]
                ?? packageRoot.appendingPathComponent(".build/release/alive").path
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw MissingBinary(path: path)
            }
            return path
        }
    }

    struct MissingBinary: Error, CustomStringConvertible {
        var path: String
        var description: String {
            "no alive binary at \(path): the command-line tests run the release build; run them with `make test`, or build it (`swift build -c release --product alive`) and set ALIVE_BIN"
        }
    }

    static func sample(_ name: String) -> String { packageRoot.appendingPathComponent("samples/\(name)").path }
    static func fixture(_ name: String) -> String {
        packageRoot.appendingPathComponent("Tests/AliveMediaTests/Fixtures/\(name)").path
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var stdoutData: Data
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Drain both pipes concurrently so a chatty child cannot block on a full pipe.
        nonisolated(unsafe) var outData = Data(), errData = Data()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { outData = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
        process.waitUntilExit()
        group.wait()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self), stdoutData: outData)
    }

    /// Runs alive with its signing identity in a folder of the test run's own, so the tests
    /// never touch the user's `~/.config/alive`.
    static func alive(_ arguments: [String]) throws -> Result {
        try run(try binary, arguments, environment: ["XDG_CONFIG_HOME": configHome])
    }

    static let configHome: String = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("alive-test-config-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }()

    static func tool(_ name: String) -> String { "/usr/bin/\(name)" }

    /// A fresh folder under the system's temporary directory.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("alive-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func listing(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    /// ffprobe's view of the first video stream and the format.
    static func probe(_ path: String) throws -> (stream: [String: Any], format: [String: Any]) {
        let r = try run(tool("ffprobe"), ["-v", "error", "-select_streams", "v:0", "-count_frames",
                                          "-show_streams", "-show_format", "-of", "json", path])
        let json = try JSONSerialization.jsonObject(with: r.stdoutData) as? [String: Any] ?? [:]
        let stream = (json["streams"] as? [[String: Any]])?.first ?? [:]
        return (stream, json["format"] as? [String: Any] ?? [:])
    }

    /// The top-level MP4 boxes, in file order.
    static func topLevelBoxes(_ path: String) throws -> [String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var boxes: [String] = []
        var offset = 0
        while offset + 8 <= data.count {
            var size = data[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            let type = String(decoding: data[offset + 4..<offset + 8], as: UTF8.self)
            if size == 1, offset + 16 <= data.count { size = data[offset + 8..<offset + 16].reduce(0) { $0 << 8 | Int($1) } }
            if size == 0 { size = data.count - offset }
            guard size >= 8 else { break }
            boxes.append(type)
            offset += size
        }
        return boxes
    }

    /// Decodes a video's frames to luma with ffmpeg.
    static func lumaFrames(_ path: String, width: Int, height: Int) throws -> [GrayImage] {
        let r = try run(tool("ffmpeg"), ["-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "gray", "-"])
        let frameSize = width * height
        return stride(from: 0, to: r.stdoutData.count - frameSize + 1, by: frameSize).map { start in
            GrayImage(width: width, height: height, bytes: r.stdoutData[start..<start + frameSize])
        }
    }

    static func motions(_ frames: [GrayImage]) -> [MotionProbe.FrameMotion] {
        MotionProbe.motions(frames)
    }
}

extension Harness {
    /// framemd5 of a video's frames, comment lines dropped.
    static func framemd5(_ path: String) throws -> String {
        let r = try run(tool("ffmpeg"), ["-v", "error", "-i", path, "-map", "0:v", "-f", "framemd5", "-"])
        return r.stdout.split(separator: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n")
    }

    /// A PNG decoded to RGB bytes by ffmpeg (an independent decoder).
    static func rgb(_ png: String) throws -> [UInt8] {
        Array(try run(tool("ffmpeg"), ["-v", "error", "-i", png, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"]).stdoutData)
    }

    /// Frames of a video decoded to RGB by ffmpeg, BT.709 limited range as tagged.
    static func rgbFrames(_ path: String, width: Int, height: Int) throws -> [[UInt8]] {
        let data = try run(tool("ffmpeg"), ["-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"]).stdoutData
        let n = width * height * 3
        return stride(from: 0, to: data.count - n + 1, by: n).map { Array(data[$0..<$0 + n]) }
    }

    static func psnr(_ a: [UInt8], _ b: [UInt8]) -> Double {
        precondition(a.count == b.count)
        var sum = 0.0
        for i in 0..<a.count { let d = Double(a[i]) - Double(b[i]); sum += d * d }
        return sum == 0 ? .infinity : 10 * log10(255 * 255 / (sum / Double(a.count)))
    }
}
