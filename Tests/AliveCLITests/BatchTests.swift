import Foundation
import Testing

/// `alive batch` run as a script would: real photos, real videos, several processes.
@Suite struct BatchTests {
    static let small = ["--duration", "0.4", "--size", "180x320", "--preset", "ultrafast"]

    /// A folder of photos with a name clash and a broken file.
    static func photoFolder() throws -> URL {
        let dir = try Harness.temporaryFolder()
        let fm = FileManager.default
        for sub in ["beach", "city"] {
            try fm.createDirectory(at: dir.appendingPathComponent("in/\(sub)"), withIntermediateDirectories: true)
        }
        try fm.copyItem(atPath: Harness.sample("coffee.png"), toPath: dir.path + "/in/beach/IMG_0001.png")
        try fm.copyItem(atPath: Harness.sample("chelsea.png"), toPath: dir.path + "/in/city/IMG_0001.png")
        try fm.copyItem(atPath: Harness.sample("rocket.jpg"), toPath: dir.path + "/in/city/rocket.jpg")
        try Data("not a photo".utf8).write(to: dir.appendingPathComponent("in/city/broken.jpg"))
        return dir
    }

    static func jsonLines(_ text: String) -> [[String: Any]] {
        text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    @Test func oneBadPhotoNeverStopsTheRestAndNamesNeverCollide() throws {
        let dir = try Self.photoFolder()
        let out = dir.appendingPathComponent("out").path
        let r = try Harness.alive(["batch", dir.path + "/in", "--out-dir", out, "--json", "--prompt", "zoom in"] + Self.small)
        #expect(r.status == 1, "some failed: \(r.stderr)")
        let lines = Self.jsonLines(r.stdout)
        let results = lines.filter { $0["status"] != nil }
        #expect(results.count == 4)
        #expect(results.filter { $0["status"] as? String == "ok" }.count == 3)
        let failure = try #require(results.first { $0["status"] as? String == "failed" })
        #expect((failure["error"] as? String)?.contains("broken.jpg: not a JPEG or PNG image") == true)
        let summary = try #require(lines.last?["summary"] as? [String: Any])
        #expect(summary["ok"] as? Int == 3 && summary["failed"] as? Int == 1 && summary["total"] as? Int == 4)
        #expect(Harness.listing(URL(fileURLWithPath: out)) == ["beach_IMG_0001.mp4", "city_IMG_0001.mp4", "rocket.mp4"])
        for name in ["beach_IMG_0001.mp4", "city_IMG_0001.mp4", "rocket.mp4"] {
            let (stream, _) = try Harness.probe(out + "/" + name)
            #expect(stream["nb_read_frames"] as? String == "12")
        }
        // Only broken photos: every one failed.
        let bad = try Harness.alive(["batch", dir.path + "/in/city/broken.jpg", "--out-dir", out + "2"] + Self.small)
        #expect(bad.status == 2)
    }

    /// A re-run skips complete videos and redoes damaged ones; --force redoes all; leftovers
    /// of a killed run are cleaned away.
    @Test func resumesFromWhatIsComplete() throws {
        let dir = try Self.photoFolder()
        try FileManager.default.removeItem(atPath: dir.path + "/in/city/broken.jpg")
        let out = dir.appendingPathComponent("out").path
        let args = ["batch", dir.path + "/in", "--out-dir", out, "--json"] + Self.small
        #expect(try Harness.alive(args).status == 0)

        // Damage one video (cut short, as a killed copy would be) and leave a stale temporary
        // file from a process that no longer exists.
        let damaged = out + "/rocket.mp4"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: damaged))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: damaged))
        try Data("partial".utf8).write(to: URL(fileURLWithPath: out + "/.rocket.mp4.999999.1.tmp.mp4"))

        let again = try Harness.alive(args)
        #expect(again.status == 0, "\(again.stderr)")
        let status = Dictionary(uniqueKeysWithValues: Self.jsonLines(again.stdout).compactMap { line -> (String, String)? in
            guard let o = line["output"] as? String, let s = line["status"] as? String else { return nil }
            return ((o as NSString).lastPathComponent, s)
        })
        #expect(status == ["rocket.mp4": "ok", "beach_IMG_0001.mp4": "skipped", "city_IMG_0001.mp4": "skipped"])
        #expect(Harness.listing(URL(fileURLWithPath: out)) == ["beach_IMG_0001.mp4", "city_IMG_0001.mp4", "rocket.mp4"])
        let verify = try Harness.alive(["verify", damaged])
        #expect(verify.status == 10, "the redone video is complete and signed: \(verify.stdout)")

        let forced = try Harness.alive(args + ["--force"])
        #expect(Self.jsonLines(forced.stdout).filter { $0["status"] as? String == "ok" }.count == 3)
    }

    @Test func listFilesCarryPromptsAndNamesAndNeverEscapeTheFolder() throws {
        let dir = try Self.photoFolder()
        let list = dir.appendingPathComponent("in/list.csv")
        try """
            photo,prompt,output,duration,size
            city/rocket.jpg,"pan left, fast",launch,0.5,
            beach/IMG_0001.png,zoom out,../../escape.mp4,,
            city/IMG_0001.png,,/tmp/absolute.mp4,,
            beach/IMG_0001.png,zoom in,launch.mp4,,
            city/IMG_0001.png,tilt up,cat,,90x160
            """.write(to: list, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out").path
        let r = try Harness.alive(["batch", "--list", list.path, "--out-dir", out, "--json"] + Self.small)
        #expect(r.status == 1)
        #expect(Harness.listing(URL(fileURLWithPath: out)) == ["cat.mp4", "launch.mp4"])
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/escape.mp4"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/absolute.mp4"))
        let errors = Self.jsonLines(r.stdout).compactMap { $0["error"] as? String }
        #expect(errors.count == 3 && errors.contains { $0.contains("would leave --out-dir") }
                && errors.contains { $0.contains("absolute path") } && errors.contains { $0.contains("used by another photo") })
        let (launch, _) = try Harness.probe(out + "/launch.mp4")
        #expect(launch["nb_read_frames"] as? String == "15")   // the row's 0.5 s at 30 fps
        let (cat, _) = try Harness.probe(out + "/cat.mp4")
        #expect(cat["width"] as? Int == 90 && cat["height"] as? Int == 160)

        // JSON lines work the same way.
        let jsonl = dir.appendingPathComponent("in/list.jsonl")
        try #"{"photo": "city/rocket.jpg", "prompt": "zoom in", "output": "r.mp4", "seed": 7}"#
            .write(to: jsonl, atomically: true, encoding: .utf8)
        #expect(try Harness.alive(["batch", "--list", jsonl.path, "--out-dir", out] + Self.small).status == 0)
        #expect(FileManager.default.fileExists(atPath: out + "/r.mp4"))
        #expect(try Harness.alive(["batch", "--list", dir.path + "/in/city/rocket.jpg", "--out-dir", out]).status == 65)
    }

    /// N shard processes over the same list, at the same time, into one folder: every photo
    /// is rendered exactly once.
    @Test func shardsCoverEveryPhotoExactlyOnce() throws {
        let dir = try Harness.temporaryFolder()
        var photos: [String] = []
        for i in 0..<7 {
            let p = dir.path + "/p\(i).png"
            try FileManager.default.copyItem(atPath: Harness.sample(["coffee.png", "chelsea.png", "astronaut.png"][i % 3]), toPath: p)
            photos.append(p)
        }
        let out = dir.appendingPathComponent("out").path
        let n = 3
        let photoList = photos
        nonisolated(unsafe) var outputs = [[String]](repeating: [], count: n)
        DispatchQueue.concurrentPerform(iterations: n) { k in
            var args = ["batch"] + photoList + ["--out-dir", out, "--json", "--jobs", "1"] + Self.small
            var environment: [String: String] = [:]
            if k == 0 { args += ["--shard", "0/3"] } else {
                args += ["--shard", "auto", "--shard-count", "3"]
                environment = k == 1 ? ["JOB_COMPLETION_INDEX": "1"] : ["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_MIN": "1"]
            }
            environment["XDG_CONFIG_HOME"] = Harness.configHome
            let r = try? Harness.run(Harness.binary, args, environment: environment)
            outputs[k] = Self.jsonLines(r?.stdout ?? "").filter { $0["status"] as? String == "ok" }.compactMap { $0["input"] as? String }
        }
        let all = outputs.flatMap { $0 }
        #expect(all.count == 7 && Set(all) == Set(photos), "\(outputs)")
        #expect(outputs.map(\.count) == [3, 2, 2])
        #expect(Harness.listing(URL(fileURLWithPath: out)).count == 7)
        #expect(try Harness.alive(["batch", photos[0], "--out-dir", out, "--shard", "3/3"]).status == 64)
        #expect(try Harness.run(Harness.binary, ["batch", photos[0], "--out-dir", out, "--shard", "auto"],
                                environment: ["JOB_COMPLETION_INDEX": "0"]).status == 64)
    }

    /// The same videos whatever --jobs is.
    @Test func jobsDoNotChangeTheFrames() throws {
        let dir = try Self.photoFolder()
        try FileManager.default.removeItem(atPath: dir.path + "/in/city/broken.jpg")
        var digests: [[String]] = []
        for jobs in ["1", "3"] {
            let out = dir.appendingPathComponent("out\(jobs)").path
            #expect(try Harness.alive(["batch", dir.path + "/in", "--out-dir", out, "--jobs", jobs, "--prompt", "pan right"]
                                      + Self.small).status == 0)
            digests.append(try Harness.listing(URL(fileURLWithPath: out)).map { try Harness.framemd5(out + "/" + $0) })
        }
        #expect(digests[0].count == 3 && digests[0] == digests[1])
    }

    /// The photo folder without its broken photo, and a batch of it into `out` with `options`,
    /// not yet started.
    static func batchOfGoodPhotos(_ options: [String]) throws -> (dir: URL, out: URL, process: Process) {
        let dir = try Self.photoFolder()
        try FileManager.default.removeItem(atPath: dir.path + "/in/city/broken.jpg")
        let out = dir.appendingPathComponent("out")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Harness.binary)
        process.environment = ProcessInfo.processInfo.environment.merging(["XDG_CONFIG_HOME": Harness.configHome]) { $1 }
        process.arguments = ["batch", dir.path + "/in", "--out-dir", out.path] + options
        return (dir, out, process)
    }

    /// SIGINT during a batch: only complete videos remain, and the exit status says why.
    @Test func interruptedBatchLeavesOnlyCompleteVideos() throws {
        let (_, out, process) = try Self.batchOfGoodPhotos(["--duration", "20", "--size", "360x640",
                                                            "--preset", "medium", "--jobs", "2"])
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while !Harness.listing(out).contains(where: { $0.hasSuffix(".tmp.mp4") }) && Date() < deadline { usleep(50_000) }
        usleep(300_000)
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        let left = Harness.listing(out)
        #expect(left.allSatisfy { !$0.hasPrefix(".") }, "\(left)")
        for name in left {
            #expect(try Harness.alive(["verify", out.path + "/" + name]).status == 10, "\(name) is complete")
        }
    }

    /// Issue 14: each photo runs in a child process of its own, so a photo whose process dies
    /// (here killed with SIGKILL, as the OOM killer would) is that photo's failure and the
    /// others are made.
    @Test func aDyingPhotoNeverStopsTheOthers() throws {
        let (_, out, process) = try Self.batchOfGoodPhotos(["--json", "--jobs", "1", "--duration", "3",
                                                            "--size", "180x320", "--preset", "ultrafast"])
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The first photo's child: a process whose parent is the batch.
        var victim: pid_t?
        let deadline = Date().addingTimeInterval(120)
        while victim == nil && process.isRunning && Date() < deadline {
            victim = Self.children(of: process.processIdentifier).first
            if victim == nil { usleep(20_000) }
        }
        let child = try #require(victim, "no child process per photo")
        kill(child, SIGKILL)
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        let results = Self.jsonLines(String(decoding: data, as: UTF8.self)).filter { $0["status"] != nil }
        #expect(results.count == 3)
        #expect(results.filter { $0["status"] as? String == "ok" }.count == 2, "\(results)")
        let failed = try #require(results.first { $0["status"] as? String == "failed" })
        #expect((failed["error"] as? String)?.contains("SIGKILL") == true, "\(failed)")
        #expect(Harness.listing(out).filter { $0.hasPrefix(".") }.isEmpty)
    }

    static func children(of parent: pid_t) -> [pid_t] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { name -> pid_t? in
            guard let pid = pid_t(name),
                  let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && pid_t(fields[1]) == parent ? pid : nil
        }
    }

    /// Issue 14: a NUL byte in a list's output (or photo) name was reported `ok` while the
    /// file was written under the name cut at the NUL. The row is refused; the rest go on.
    @Test func namesWithNULAreRefused() throws {
        let dir = try Harness.temporaryFolder()
        try FileManager.default.copyItem(atPath: Harness.sample("rocket.jpg"), toPath: dir.path + "/rocket.jpg")
        let list = dir.path + "/list.jsonl"
        try Data("""
            {"photo": "rocket.jpg", "output": "evil\\u0000.mp4"}
            {"photo": "rocket.jpg\\u0000.png", "output": "second"}
            {"photo": "rocket.jpg", "output": "fine"}
            """.utf8).write(to: URL(fileURLWithPath: list))
        let out = dir.path + "/out"
        let r = try Harness.alive(["batch", "--list", list, "--out-dir", out, "--json"] + Self.small)
        #expect(r.status == 1, "\(r.stderr)")
        let results = Self.jsonLines(r.stdout).filter { $0["status"] != nil }
        #expect(results.map { $0["status"] as? String } == ["failed", "failed", "ok"], "\(results)")
        #expect((results[0]["error"] as? String)?.contains("NUL byte") == true)
        #expect((results[1]["error"] as? String)?.contains("NUL byte") == true)
        #expect(Harness.listing(URL(fileURLWithPath: out)) == ["fine.mp4"])
        #expect(!r.stderr.contains("\0"), "stderr stays one line per row")
    }

    /// Issue 14: a photo whose name is not UTF-8 (Latin-1 "café") is opened by its bytes,
    /// from the command line and from a folder walk.
    @Test func nonUTF8NamesOpen() throws {
        let dir = try Harness.temporaryFolder()
        try FileManager.default.createDirectory(atPath: dir.path + "/in", withIntermediateDirectories: true)
        let source = try Data(contentsOf: URL(fileURLWithPath: Harness.sample("rocket.jpg")))
        let raw = Array((dir.path + "/in/caf").utf8) + [0xE9] + Array(".jpg".utf8) + [0]
        let fd = raw.withUnsafeBufferPointer { p in
            p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: raw.count) { open($0, O_WRONLY | O_CREAT | O_EXCL, 0o644) }
        }
        #expect(fd >= 0)
        _ = source.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        // The shell builds the argument from bytes; Process would re-encode it.
        let inDir = try Harness.run("/bin/sh", ["-c", "cd \"$1\" && exec \"$0\" plan \"$(printf 'in/caf\\351.jpg')\"", Harness.binary, dir.path],
                                    environment: ["XDG_CONFIG_HOME": Harness.configHome])
        #expect(inDir.status == 0, "\(inDir.stderr)")
        #expect(inDir.stdout.contains("\"camera\""))
        let out = dir.path + "/out"
        let batch = try Harness.alive(["batch", dir.path + "/in", "--out-dir", out, "--json"] + Self.small)
        #expect(batch.status == 0, "\(batch.stderr)")
        #expect(Harness.listing(URL(fileURLWithPath: out)) == ["caf_.mp4"])
    }

    /// Issue 14: a PNG without IEND has every pixel: accepted, with a one-line warning.
    @Test func pngWithoutIENDIsAcceptedWithAWarning() throws {
        let dir = try Harness.temporaryFolder()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Harness.sample("coffee.png")))
        #expect(Array(bytes.suffix(8).prefix(4)) == Array("IEND".utf8))
        let cut = dir.path + "/cut.png"
        try bytes.prefix(bytes.count - 12).write(to: URL(fileURLWithPath: cut))
        let r = try Harness.alive(["plan", cut])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("alive: warning: \(cut): ") && lines[0].contains("IEND"), "\(r.stderr)")
        let whole = try Harness.alive(["plan", Harness.sample("coffee.png")])
        #expect(whole.status == 0 && whole.stderr.isEmpty, "\(whole.stderr)")
    }
}
