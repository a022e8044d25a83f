import Foundation
import Testing

/// Bad input gets one line on stderr naming the file and the cause, a documented exit code,
/// and leaves nothing behind.
@Suite(.serialized) struct FailureTests {
    static func expectFailure(_ arguments: [String], status: Int32, mentions: [String],
                              in dir: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = Harness.listing(dir)
        let r = try Harness.alive(arguments)
        #expect(r.status == status, "exit \(r.status): \(r.stderr)", sourceLocation: sourceLocation)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "one line: \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr.hasPrefix("alive: error: "), sourceLocation: sourceLocation)
        for word in mentions {
            #expect(r.stderr.contains(word), "'\(word)' in: \(r.stderr)", sourceLocation: sourceLocation)
        }
        #expect(Harness.listing(dir) == before, "nothing left behind", sourceLocation: sourceLocation)
    }

    @Test func badPhotos() throws {
        let dir = try Harness.temporaryFolder()
        let out = dir.appendingPathComponent("out.mp4").path
        let fm = FileManager.default
        // Missing.
        try Self.expectFailure(["animate", dir.appendingPathComponent("nope.jpg").path, "-o", out], status: 66,
                               mentions: ["nope.jpg"], in: dir)
        // Empty.
        let empty = dir.appendingPathComponent("empty.jpg").path
        _ = fm.createFile(atPath: empty, contents: Data())
        try Self.expectFailure(["animate", empty, "-o", out], status: 65, mentions: ["empty.jpg", "empty"], in: dir)
        // Not an image.
        let text = dir.appendingPathComponent("notes.png").path
        _ = fm.createFile(atPath: text, contents: Data("hello, this is text\n".utf8))
        try Self.expectFailure(["animate", text, "-o", out], status: 65, mentions: ["notes.png", "not a JPEG or PNG"], in: dir)
        // Truncated JPEG and PNG: cut in the middle of the image data.
        for name in ["rocket.jpg", "coffee.png"] {
            let data = try Data(contentsOf: URL(fileURLWithPath: Harness.sample(name)))
            let cut = dir.appendingPathComponent("cut-\(name)").path
            _ = fm.createFile(atPath: cut, contents: data.prefix(data.count * 2 / 3))
            try Self.expectFailure(["animate", cut, "-o", out], status: 65, mentions: ["cut-\(name)", "truncated"], in: dir)
        }
        // Corrupt JPEG scan data.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Harness.sample("rocket.jpg"))))
        for i in stride(from: bytes.count / 2, to: bytes.count / 2 + 4000, by: 7) { bytes[i] = 0xFF }
        let corrupt = dir.appendingPathComponent("corrupt.jpg").path
        _ = fm.createFile(atPath: corrupt, contents: Data(bytes))
        try Self.expectFailure(["animate", corrupt, "-o", out], status: 65, mentions: ["corrupt.jpg"], in: dir)
        // A header promising more pixels than the limit is refused before decoding.
        try Self.expectFailure(["animate", Harness.sample("rocket.jpg"), "-o", out, "--max-pixels", "100000"],
                               status: 65, mentions: ["rocket.jpg", "640x427", "100000"], in: dir)
    }

    @Test func unwritableOutputs() throws {
        let dir = try Harness.temporaryFolder()
        try Self.expectFailure(["animate", Harness.sample("rocket.jpg"), "-o", dir.appendingPathComponent("no/such/dir/x.mp4").path],
                               status: 73, mentions: ["x.mp4", "does not exist"], in: dir)
        let locked = dir.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: locked.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: locked.path) }
        if getuid() != 0 {   // root writes anywhere
            try Self.expectFailure(["animate", Harness.sample("rocket.jpg"), "-o", locked.appendingPathComponent("x.mp4").path],
                                   status: 73, mentions: ["x.mp4", "not writable"], in: dir)
        }
        let existing = dir.appendingPathComponent("taken.mp4").path
        _ = FileManager.default.createFile(atPath: existing, contents: Data("keep me".utf8))
        try Self.expectFailure(["animate", Harness.sample("rocket.jpg"), "-o", existing], status: 73,
                               mentions: ["taken.mp4", "--force"], in: dir)
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "keep me")
    }

    @Test(arguments: [
        (["--size", "1081x1920"], "even"), (["--size", "big"], "--size"), (["--fps", "0"], "--fps"),
        (["--duration", "-2"], "--duration"), (["--crf", "99"], "--crf"), (["--preset", "slowest"], "--preset"),
        (["--fit", "diagonal"], "--fit"), (["--threads", "-1"], "--threads"), (["--bogus"], "--bogus"),
    ])
    func badFlagValues(flags: [String], mention: String) throws {
        let dir = try Harness.temporaryFolder()
        try Self.expectFailure(["animate", Harness.sample("rocket.jpg"), "-o", dir.appendingPathComponent("o.mp4").path] + flags,
                               status: 64, mentions: [mention], in: dir)
    }

    /// SIGINT and SIGTERM during a render remove the temporary file; the exit status says why.
    @Test(arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func interruptedRenderLeavesNothing(signal: Int32, status: Int32) throws {
        let dir = try Harness.temporaryFolder()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Harness.binary)
        process.environment = ProcessInfo.processInfo.environment.merging(["XDG_CONFIG_HOME": Harness.configHome]) { $1 }
        process.arguments = ["animate", Harness.sample("rocket.jpg"), "-o", dir.appendingPathComponent("long.mp4").path,
                             "--duration", "60", "--preset", "medium"]
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Wait until the temporary file exists, so the interruption lands mid-render.
        let deadline = Date().addingTimeInterval(60)
        while Harness.listing(dir).isEmpty && Date() < deadline { usleep(50_000) }
        #expect(Harness.listing(dir).count == 1 && Harness.listing(dir)[0].hasSuffix(".mp4"))
        usleep(500_000)
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationStatus == status)
        #expect(Harness.listing(dir).isEmpty, "left: \(Harness.listing(dir))")
    }
}
