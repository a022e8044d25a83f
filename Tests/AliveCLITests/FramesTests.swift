import Foundation
import Testing

/// `alive frames` and `alive compare`, and the project's own golden frames.
@Suite struct FramesTests {
    /// Frames rendered alone are the video's frames before encoding: after x264 at crf 1 the
    /// two agree to high PSNR, and far less with a frame 10 away (so the comparison can tell
    /// frames apart). The same frame rendered alone, in a range, or with another
    /// thread count is byte-identical.
    @Test func framesAreTheVideosFramesAndIndependentOfHowTheyAreRendered() throws {
        let dir = try Harness.temporaryFolder()
        let common = ["--prompt", "fast zoom in", "--duration", "1", "--size", "360x640"]
        let video = dir.appendingPathComponent("v.mp4").path
        #expect(try Harness.alive(["animate", Harness.sample("chelsea.png"), "-o", video, "--crf", "1"] + common).status == 0)
        let some = dir.appendingPathComponent("some").path, alone = dir.appendingPathComponent("alone").path
        let r = try Harness.alive(["frames", Harness.sample("chelsea.png"), "--at", "0,10-12,29", "-o", some] + common)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Harness.listing(URL(fileURLWithPath: some)) ==
                ["frame-000000.png", "frame-000010.png", "frame-000011.png", "frame-000012.png", "frame-000029.png"])
        #expect(try Harness.alive(["frames", Harness.sample("chelsea.png"), "--at", "29", "-o", alone, "--threads", "1"]
                                  + common).status == 0)
        let a = try Data(contentsOf: URL(fileURLWithPath: some + "/frame-000029.png"))
        let b = try Data(contentsOf: URL(fileURLWithPath: alone + "/frame-000029.png"))
        #expect(a == b, "frame 29 alone, single-threaded, equals frame 29 of a range")

        let decoded = try Harness.rgbFrames(video, width: 360, height: 640)
        #expect(decoded.count == 30)
        for index in [0, 11, 29] {
            let png = try Harness.rgb(some + "/frame-\(String(format: "%06d", index)).png")
            let same = Harness.psnr(png, decoded[index])
            let other = Harness.psnr(png, decoded[index >= 15 ? index - 10 : index + 10])
            #expect(same > 38, "frame \(index): \(same) dB against the video's own frame")
            #expect(same > other + 3, "frame \(index): \(same) dB vs \(other) dB for a frame 10 away")
        }
    }

    /// `alive plan` prints what it understood; the plan, saved and given back with --plan,
    /// renders the same frames as the prompt.
    @Test func planRoundTripsThroughAFile() throws {
        let dir = try Harness.temporaryFolder()
        let planFile = dir.appendingPathComponent("plan.json").path
        let r = try Harness.alive(["plan", Harness.sample("coffee.png"), "--prompt", "fast pan left, 2 seconds, with dragons",
                                   "-o", planFile])
        #expect(r.status == 0, "\(r.stderr)")
        let plan = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: planFile))) as? [String: Any]
        #expect(plan?["understood"] as? [String] == ["fast pan left", "2 seconds"])
        #expect(plan?["ignored"] as? [String] == ["dragons"])
        #expect(plan?["duration"] as? Double == 2)
        let common = ["--at", "0,59", "--size", "90x160"]
        #expect(try Harness.alive(["frames", Harness.sample("coffee.png"), "--prompt", "fast pan left, 2 seconds, with dragons",
                                   "-o", dir.path + "/a"] + common).status == 0)
        #expect(try Harness.alive(["frames", Harness.sample("coffee.png"), "--plan", planFile, "-o", dir.path + "/b"]
                                  + common).status == 0)
        #expect(try Harness.alive(["compare", dir.path + "/a", dir.path + "/b"]).status == 0)
        #expect(try Harness.alive(["plan", dir.path + "/missing.jpg"]).status == 66)
        try Data("{".utf8).write(to: URL(fileURLWithPath: dir.path + "/bad.json"))
        let bad = try Harness.alive(["animate", Harness.sample("coffee.png"), "--plan", dir.path + "/bad.json",
                                     "-o", dir.path + "/x.mp4"])
        #expect(bad.status == 65 && bad.stderr.contains("bad.json"))
    }

    /// "sunset" warms the picture over the clip: the first frame is the photo's own light,
    /// the last is warmer (red over blue up by a tenth or more), and the camera stays put.
    @Test func lightChangesOverTheClip() throws {
        let dir = try Harness.temporaryFolder()
        let common = ["--at", "0,29", "--duration", "1", "--size", "90x160", "--no-visible-label"]
        #expect(try Harness.alive(["frames", Harness.sample("astronaut.png"), "--prompt", "slow zoom in while the sun sets, sunset",
                                   "-o", dir.path + "/sun"] + common).status == 0)
        #expect(try Harness.alive(["frames", Harness.sample("astronaut.png"), "--prompt", "slow zoom in",
                                   "-o", dir.path + "/plain"] + common).status == 0)
        #expect(try Harness.alive(["compare", dir.path + "/plain/frame-000000.png", dir.path + "/sun/frame-000000.png"])
            .status == 0, "the first frame keeps the photo's light")
        func warmth(_ png: String) throws -> Double {
            let rgb = try Harness.rgb(png)
            var r = 0.0, b = 0.0
            for i in stride(from: 0, to: rgb.count, by: 3) { r += Double(rgb[i]); b += Double(rgb[i + 2]) }
            return r / b
        }
        let start = try warmth(dir.path + "/sun/frame-000000.png"), end = try warmth(dir.path + "/sun/frame-000029.png")
        #expect(end > start * 1.1, "warmth \(start) -> \(end)")
        #expect(try warmth(dir.path + "/plain/frame-000029.png") < start * 1.03)
    }

    /// `--loop`: the step from the last frame back to the first is no bigger than the steps
    /// between frames (at most 1.5x their median), for a camera move with light changing.
    @Test(arguments: [["--loop"], ["--loop-period", "0.5"]])
    func loopSeamIsInvisible(_ loop: [String]) throws {
        let dir = try Harness.temporaryFolder()
        let r = try Harness.alive(["frames", Harness.sample("chelsea.png"), "--prompt", "fast zoom in and pan right, golden hour",
                                   "--at", "all", "--duration", "1", "--size", "180x320", "-o", dir.path] + loop)
        #expect(r.status == 0, "\(r.stderr)")
        let frames = try (0..<30).map { try Harness.rgb(dir.path + "/frame-\(String(format: "%06d", $0)).png") }
        func step(_ a: [UInt8], _ b: [UInt8]) -> Double {
            var sum = 0
            for i in 0..<a.count { sum += abs(Int(a[i]) - Int(b[i])) }
            return Double(sum) / Double(a.count)
        }
        let steps = (0..<29).map { step(frames[$0], frames[$0 + 1]) }
        let median = steps.sorted()[steps.count / 2]
        let seam = step(frames[29], frames[0])
        #expect(median > 0.3, "the clip moves: median step \(median)")
        #expect(seam <= 1.5 * median, "seam \(seam) vs median step \(median)")
        // Without --loop the same clip ends far from where it started.
        let once = dir.appendingPathComponent("once").path
        #expect(try Harness.alive(["frames", Harness.sample("chelsea.png"), "--prompt", "fast zoom in and pan right, golden hour",
                                   "--at", "0,29", "--duration", "1", "--size", "180x320", "-o", once]).status == 0)
        let apart = step(try Harness.rgb(once + "/frame-000029.png"), try Harness.rgb(once + "/frame-000000.png"))
        #expect(apart > 3 * seam, "once: \(apart), loop seam \(seam), median step \(median)")
    }

    /// `alive plan --maps`: four 8-bit grayscale PNGs at the photo's upright size; on the
    /// launch photo the top is mostly sky and far, the bottom near, and there is no water.
    @Test func planWritesSceneMaps() throws {
        let dir = try Harness.temporaryFolder()
        let r = try Harness.alive(["plan", Harness.sample("rocket.jpg"), "--maps", dir.path + "/maps"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Harness.listing(dir.appendingPathComponent("maps"))
            == ["depth.png", "faces.json", "foliage.png", "person.png", "sky.png", "subject.png", "water.png"])
        for name in ["sky", "depth"] {
            let (stream, _) = try Harness.probe(dir.path + "/maps/\(name).png")
            #expect(stream["width"] as? Int == 640 && stream["height"] as? Int == 427 && stream["pix_fmt"] as? String == "gray")
        }
        func rows(_ name: String, _ ys: Range<Int>) throws -> Double {
            let gray = Array(try Harness.run(Harness.tool("ffmpeg"), ["-v", "error", "-i", dir.path + "/maps/\(name).png",
                                                                     "-f", "rawvideo", "-pix_fmt", "gray", "-"]).stdoutData)
            let slice = gray[(ys.lowerBound * 640)..<(ys.upperBound * 640)]
            return Double(slice.reduce(0) { $0 + Int($1) }) / Double(slice.count) / 255
        }
        #expect(try rows("sky", 0..<140) > 0.5)
        #expect(try rows("water", 0..<427) < 0.05)
        #expect(try rows("depth", 0..<140) > rows("depth", 400..<427) + 0.3)
    }

    /// `--maps` also holds the faces: one on the portrait, its eyes where a person would put
    /// them, and a person matte that covers the face and not the flag beside it; none on the
    /// launch photo.
    @Test func planWritesFacesAndPeople() throws {
        let dir = try Harness.temporaryFolder()
        let grace = Harness.packageRoot.appendingPathComponent("Tests/AliveFacesTests/Fixtures/people/grace_hopper.jpg").path
        let r = try Harness.alive(["plan", grace, "--maps", dir.path + "/maps"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("maps/faces.json"))) as? [String: Any]
        let faces = report?["faces"] as? [[String: Any]] ?? []
        #expect(report?["width"] as? Int == 512 && faces.count == 1)
        let eyes = faces.first?["eyes"] as? [[Double]] ?? []
        // Marked by hand (Tests/AliveFacesTests/Fixtures/faces.json): (222, 189) and (306.5, 185.3).
        #expect(eyes.count == 2 && abs(eyes[0][0] - 222) < 8 && abs(eyes[1][0] - 306.5) < 8 && abs(eyes[0][1] - 189) < 8)
        #expect((faces.first?["landmarks"] as? [[Double]])?.count == 468)
        let gray = Array(try Harness.run(Harness.tool("ffmpeg"), ["-v", "error", "-i", dir.path + "/maps/person.png",
                                                                 "-f", "rawvideo", "-pix_fmt", "gray", "-"]).stdoutData)
        #expect(gray.count == 512 * 600 && gray[230 * 512 + 265] == 255 && gray[230 * 512 + 10] == 0)
        let rocket = try Harness.alive(["plan", Harness.sample("rocket.jpg"), "--maps", dir.path + "/rocket"])
        #expect(rocket.status == 0)
        let none = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("rocket/faces.json"))) as? [String: Any]
        #expect((none?["faces"] as? [Any])?.isEmpty == true)
    }

    /// The plan for a photo: a generic prompt gets what the scene offers, a request the
    /// photo cannot honour is noted, and `--preview` draws the plan beside the depth map.
    @Test func planIsResolvedForThePhotoAndPreviewed() throws {
        let dir = try Harness.temporaryFolder()
        func plan(_ prompt: String, _ extra: [String] = []) throws -> [String: Any] {
            let r = try Harness.alive(["plan", Harness.sample("rocket.jpg"), "--prompt", prompt] + extra)
            #expect(r.status == 0, "\(r.stderr)")
            return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] ?? [:]
        }
        let generic = try plan("make this photo come alive")["motion"] as? [String: Any]
        #expect(generic?["sky"] != nil && generic?["water"] == nil && generic?["automatic"] as? Bool == false)
        let waves = try plan("waves roll in")
        #expect((waves["notes"] as? [String])?.contains { $0.contains("no water") } == true, "\(waves)")
        let cinemagraph = try plan("clouds drift slowly to the left", ["--preview", dir.path + "/preview.png"])
        #expect((cinemagraph["camera"] as? [String: Any])?["zoom"] as? Double == 1)
        let (stream, _) = try Harness.probe(dir.path + "/preview.png")
        // The picture (480 high) and under it the legend of the maps' colours (80 high).
        #expect(stream["width"] as? Int == 1440 && stream["height"] as? Int == 560)
        // The left half is the photo tinted and drawn on; the right half the depth map (gray).
        let rgb = Array(try Harness.run(Harness.tool("ffmpeg"), ["-v", "error", "-i", dir.path + "/preview.png",
                                                                "-f", "rawvideo", "-pix_fmt", "rgb24", "-"]).stdoutData)
        var grey = 0, right = 0, coloured = 0
        for x in stride(from: 0, to: 1152, by: 4) {
            let i = (520 * 1440 + x) * 3
            if max(rgb[i], rgb[i + 1], rgb[i + 2]) - min(rgb[i], rgb[i + 1], rgb[i + 2]) > 40 { coloured += 1 }
        }
        #expect(coloured > 150, "the legend shows the four map colours: \(coloured) coloured samples")
        for y in stride(from: 0, to: 480, by: 8) {
            for x in stride(from: 720, to: 1440, by: 8) {
                let i = (y * 1440 + x) * 3
                right += 1
                if rgb[i] == rgb[i + 1] && rgb[i + 1] == rgb[i + 2] { grey += 1 }
            }
        }
        #expect(Double(grey) / Double(right) > 0.9, "the depth map is gray: \(grey) of \(right)")
    }

    @Test func badSelectionsAreUsageErrors() throws {
        let dir = try Harness.temporaryFolder()
        for at in ["30", "5-2", "x", "-1", ""] {
            let r = try Harness.alive(["frames", Harness.sample("coffee.png"), "--at", at, "-o", dir.path + "/f",
                                       "--duration", "1"])
            #expect(r.status == 64, "--at \(at): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains("--at"))
        }
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/f/frame-000000.png"))
        // Existing frames are kept unless --force.
        #expect(try Harness.alive(["frames", Harness.sample("coffee.png"), "--at", "0", "-o", dir.path + "/g",
                                   "--size", "64x64"]).status == 0)
        #expect(try Harness.alive(["frames", Harness.sample("coffee.png"), "--at", "0", "-o", dir.path + "/g",
                                   "--size", "64x64"]).status == 73)
        #expect(try Harness.alive(["frames", Harness.sample("coffee.png"), "--at", "0", "-o", dir.path + "/g",
                                   "--size", "64x64", "--force"]).status == 0)
    }

    @Test func compareMeasuresAndFailsWhereItShould() throws {
        let dir = try Harness.temporaryFolder()
        func frames(_ name: String, _ extra: [String]) throws -> String {
            let out = dir.appendingPathComponent(name).path
            let r = try Harness.alive(["frames", Harness.sample("coffee.png"), "--at", "0,5", "-o", out, "--duration", "0.2",
                                       "--size", "180x320"] + extra)
            #expect(r.status == 0, "\(r.stderr)")
            return out
        }
        let golden = try frames("golden", []), same = try frames("same", []), moved = try frames("moved", ["--prompt", "pan left"])
        let ok = try Harness.alive(["compare", golden, same])
        #expect(ok.status == 0 && ok.stdout.contains("identical") && ok.stdout.contains("2 of 2 frames within tolerance"))

        let diffs = dir.appendingPathComponent("diffs").path
        let bad = try Harness.alive(["compare", golden, moved, "--max-diff", "2", "--diff-dir", diffs])
        #expect(bad.status == 1, "\(bad.stdout)")
        #expect(bad.stdout.contains("FAIL") && bad.stdout.contains("PSNR"))
        #expect(FileManager.default.fileExists(atPath: diffs + "/frame-000005.diff.png"))
        // A loose PSNR floor lets small moves pass; a strict one does not.
        #expect(try Harness.alive(["compare", golden, moved, "--min-psnr", "5"]).status == 0)

        let small = try Harness.alive(["frames", Harness.sample("coffee.png"), "--at", "0", "-o", dir.path + "/small",
                                       "--size", "90x160", "--duration", "0.2"])
        #expect(small.status == 0)
        let sizes = try Harness.alive(["compare", golden + "/frame-000000.png", dir.path + "/small/frame-000000.png"])
        #expect(sizes.status == 1 && sizes.stdout.contains("sizes differ: expected 180x320, actual 90x160"))

        try FileManager.default.removeItem(atPath: same + "/frame-000005.png")
        let missing = try Harness.alive(["compare", golden, same])
        #expect(missing.status == 1 && missing.stdout.contains("missing"))
        #expect(try Harness.alive(["compare", golden, golden + "/frame-000000.png"]).status == 64)
        #expect(try Harness.alive(["compare", golden, dir.path + "/nothing.png"]).status == 64)
        #expect(try Harness.alive(["compare", Harness.sample("coffee.png"), dir.path + "/nothing.png"]).status == 66)
    }

    /// The project's own golden frames: a few photos and prompts, rendered and compared with
    /// `alive compare` as a user's CI would. `ALIVE_RECORD_GOLDEN=1 make test` (or
    /// `make golden`) writes new references and fails the run, so that nobody updates them
    /// by accident: review them with `git diff --stat`, commit, and run the tests again.
    @Test(arguments: GoldenCase.all)
    func goldenFrames(_ golden: GoldenCase) throws {
        let reference = Harness.packageRoot.appendingPathComponent("Tests/Golden/\(golden.name)").path
        let record = ProcessInfo.processInfo.environment["ALIVE_RECORD_GOLDEN"] == "1"
        let dir = try Harness.temporaryFolder()
        let out = record ? reference : dir.appendingPathComponent(golden.name).path
        if record {
            try? FileManager.default.removeItem(atPath: reference)
            try FileManager.default.createDirectory(atPath: (reference as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
        }
        let r = try Harness.alive(["frames", Harness.sample(golden.photo), "--at", "0,15,29", "-o", out, "--force",
                                   "--duration", "1", "--size", "270x480"] + golden.arguments)
        #expect(r.status == 0, "\(r.stderr)")
        if record {
            Issue.record("re-recorded \(reference): review the new frames, commit them, and run the tests without ALIVE_RECORD_GOLDEN")
            return
        }
        let c = try Harness.alive(["compare", reference, out, "--max-diff", "3", "--min-psnr", "48"])
        #expect(c.status == 0, "\(c.stdout)\(c.stderr)")
    }
}

struct GoldenCase: Sendable, CustomTestStringConvertible {
    var name: String
    var photo: String
    var arguments: [String]
    var testDescription: String { name }

    static let all = [
        GoldenCase(name: "rocket-zoom-in", photo: "rocket.jpg", arguments: ["--prompt", "slow zoom in"]),
        GoldenCase(name: "cat-pan-left", photo: "chelsea.png", arguments: ["--prompt", "pan left", "--label-position", "top-right"]),
        GoldenCase(name: "coffee-pad-zoom-out", photo: "coffee.png", arguments: ["--prompt", "zoom out", "--fit", "pad"]),
    ]
}
