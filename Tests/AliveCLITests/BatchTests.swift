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

    /// SIGINT during a batch: only complete videos remain, and the exit status says why.
    @Test func interruptedBatchLeavesOnlyCompleteVideos() throws {
        let dir = try Self.photoFolder()
        try FileManager.default.removeItem(atPath: dir.path + "/in/city/broken.jpg")
        let out = dir.appendingPathComponent("out")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Harness.binary)
        process.environment = ProcessInfo.processInfo.environment.merging(["XDG_CONFIG_HOME": Harness.configHome]) { $1 }
        process.arguments = ["batch", dir.path + "/in", "--out-dir", out.path, "--duration", "20", "--size", "360x640",
                             "--preset", "medium", "--jobs", "2"]
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
}
