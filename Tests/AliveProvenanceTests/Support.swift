import Crypto
import Foundation
import SwiftASN1
import Testing
import X509

@testable import AliveProvenance

/// Paths, processes and fixtures shared by the provenance tests. The tests use the real
/// tools: ffmpeg makes the videos, the official C2PA SDK (c2pa-python in the package's
/// virtual environment) judges them.
enum Support {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The Python with c2pa-python: `$ALIVE_PYTHON`, else `<package>/.venv/bin/python`
    /// (`make python-deps` creates it).
    static var python: String {
        ProcessInfo.processInfo.environment["ALIVE_PYTHON"] ?? packageRoot.appendingPathComponent(".venv/bin/python").path
    }

    /// The shared C2PA examples (signed by c2pa-rs, by the reference writer, tampered).
    static var examplesDirectory: String {
        ProcessInfo.processInfo.environment["ALIVE_C2PA_EXAMPLES"]
            ?? packageRoot.appendingPathComponent("Tests/AliveProvenanceTests/Examples").path
    }

    struct ProcessResult {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read before waiting so a full pipe cannot deadlock the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ProcessResult(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    static func which(_ tool: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// A fresh directory under the system temporary directory.
    static func temporaryDirectory(_ name: String = #function) throws -> String {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let path = NSTemporaryDirectory() + "alive-prov-\(safe)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Makes an MP4 with the real ffmpeg, the kind of file alive's encoder writes: H.264
    /// yuv420p with faststart (moov before mdat). `audio` adds an AAC track, so offsets in
    /// two traks must be patched.
    static func makeVideo(at path: String, seconds: Int = 2, audio: Bool = false, faststart: Bool = true) throws {
        guard let ffmpeg = which("ffmpeg") else { throw TestFailure("ffmpeg is not installed (make system-deps)") }
        var arguments = ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=30"]
        if audio { arguments += ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"] }
        arguments += ["-t", "\(seconds)", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-preset", "ultrafast"]
        if audio { arguments += ["-c:a", "aac", "-shortest"] }
        if faststart { arguments += ["-movflags", "+faststart"] }
        arguments.append(path)
        let result = try run(ffmpeg, arguments)
        guard result.status == 0 else { throw TestFailure("ffmpeg failed: \(result.stderr)") }
    }

    /// Runs `make` once per test process and hands every caller the same result (or error),
    /// so a missing tool fails each test that needs it instead of crashing the test run.
    final class Once<Value: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var result: Result<Value, any Error>?
        private let make: @Sendable () throws -> Value
        init(_ make: @escaping @Sendable () throws -> Value) { self.make = make }
        func get() throws -> Value {
            try lock.withLock {
                if result == nil { result = Result { try make() } }
                return try result!.get()
            }
        }
    }

    private static let baseVideoOnce = Once<String> {
        let path = try temporaryDirectory("base") + "/unsigned.mp4"
        try makeVideo(at: path, audio: true)
        return path
    }

    /// One unsigned video (H.264 + AAC, faststart) per test process; tests copy, never change it.
    static var baseVideo: String { get throws { try baseVideoOnce.get() } }

    private static let selfSignedOnce = Once<IdentityStore> {
        let store = IdentityStore(directory: try temporaryDirectory("identity") + "/alive")
        _ = try store.loadOrCreate()
        return store
    }

    /// A self-signed identity like alive's default, created once per process.
    static var selfSignedStore: IdentityStore { get throws { try selfSignedOnce.get() } }
    static var selfSigned: SigningIdentity { get throws { try selfSignedStore.load() } }

    private static let photoOnce = Once<String> {
        let path = try temporaryDirectory("photo") + "/harbour.jpg"
        // A JPEG header is enough for the media type; the bytes only need a stable hash.
        try Data([0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 0x42, count: 1000) + [0xFF, 0xD9]).write(to: URL(fileURLWithPath: path))
        return path
    }

    static var photoPath: String { get throws { try photoOnce.get() } }

    static func content(prompt: String? = nil) throws -> ManifestContent {
        let plan = Data(#"{"effects":[{"kind":"skyDrift","direction":"left","speed":0.25}],"camera":{"move":"zoomIn","amount":1.08},"fps":30,"duration":2}"#.utf8)
        return ManifestContent(
            generator: Generator(name: "alive", version: "0.1.0"),
            sourcePhoto: try SourceIngredient.photo(at: try photoPath),
            renderAssertion: try RenderAssertion(planJSON: plan, seed: 18_446_744_073_709_551_557, optionsJSON: Data(#"{"width":320,"height":240}"#.utf8), prompt: prompt))
    }

    /// Signs the base video into a new directory and returns the signed path.
    static func signedVideo(identity: SigningIdentity? = nil, name: String = #function) throws -> String {
        let dir = try temporaryDirectory(name)
        let output = dir + "/signed.mp4"
        try ProvenanceWriter.sign(input: try baseVideo, output: output, content: try content(), identity: try identity ?? selfSigned)
        return output
    }

    static func readBytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }
    static func writeBytes(_ bytes: [UInt8], to path: String) throws { try Data(bytes).write(to: URL(fileURLWithPath: path)) }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension Array where Element == UInt8 {
    /// The offset of the first occurrence of `needle`.
    func firstRange(of needle: [UInt8], from start: Int = 0) -> Int? {
        guard needle.count <= count else { return nil }
        var i = start
        while i <= count - needle.count {
            if self[i] == needle[0] && Array(self[i..<i + needle.count]) == needle { return i }
            i += 1
        }
        return nil
    }
}
