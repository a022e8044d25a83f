import Foundation
import Testing

/// The moderation gates, run as a user would: real prompts, photos, policy files, external
/// commands (shell scripts written here) and batches, with exit 77 and nothing left behind.
@Suite struct ModerationTests {
    static let small = ["--size", "270x480", "--duration", "1", "--preset", "ultrafast", "-q"]

    /// Runs alive in `dir` (with a copy of a sample photo) and checks a refusal: exit 77, one
    /// line naming the gate and the rule, and the folder as it was.
    @discardableResult
    static func expectRefusal(_ arguments: [String], gate: String, rule: String, in dir: URL,
                              sourceLocation: SourceLocation = #_sourceLocation) throws -> Harness.Result {
        let before = Harness.listing(dir)
        let r = try Harness.alive(arguments)
        #expect(r.status == 77, "exit \(r.status): \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr.hasPrefix("alive: refused at the \(gate) gate (rule \(rule)): "), "\(r.stderr)",
                sourceLocation: sourceLocation)
        #expect(r.stderr.split(separator: "\n").count == 1, "one line: \(r.stderr)", sourceLocation: sourceLocation)
        #expect(Harness.listing(dir) == before, "nothing left behind", sourceLocation: sourceLocation)
        return r
    }

    static func folderWithPhoto(_ sample: String = "chelsea.png") throws -> (dir: URL, photo: String) {
        let dir = try Harness.temporaryFolder()
        let photo = dir.appendingPathComponent(sample).path
        try FileManager.default.copyItem(atPath: Harness.sample(sample), toPath: photo)
        return (dir, photo)
    }

    /// A PNG of one colour (ffmpeg's colour source), optionally with faint noise.
    static func flatPhoto(at path: String, noise: Int = 0) throws {
        let filter = noise > 0 ? ["-vf", "noise=alls=\(noise):allf=u"] : []
        let r = try Harness.run(Harness.tool("ffmpeg"), ["-v", "error", "-y", "-f", "lavfi", "-i", "color=c=0x6080a0:s=320x240",
                                                          "-frames:v", "1"] + filter + [path])
        #expect(r.status == 0, "\(r.stderr)")
    }

    /// Whether `pid` runs: a killed process whose new parent has not reaped it yet is a
    /// zombie, not running.
    static func isRunning(_ pid: Int32) -> Bool {
        for _ in 0..<20 {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            if stat[stat.index(close, offsetBy: 2)] == "Z" { return false }
            usleep(50_000)
        }
        return true
    }

    /// A shell script as the moderation command.
    static func script(_ body: String, in dir: URL, name: String = "moderate.sh") throws -> String {
        let path = dir.appendingPathComponent(name).path
        try ("#!/bin/sh\n" + body + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }

    @Test(arguments: [
        ("en", "a naked child on the beach, slow zoom in", "minors-sexual"),
        ("it", "bambina nuda, zoom lento in avanti", "minors-sexual"),
        ("de", "sexy Mädchen, nach links schwenken, 8 Sekunden", "minors-sexual"),
        ("es", "una niña desnuda, acercamiento lento", "minors-sexual"),
        ("fr", "un enfant nu, zoom arrière", "minors-sexual"),
        ("pt", "criança nua, panorâmica para a esquerda", "minors-sexual"),
        ("en", "make it look like the mayor said he took bribes", "deceptive-likeness"),
        ("it", "spogliala, zoom lento", "non-consensual-intimate"),
        ("de", "gefälschte Beweise, langsam heranzoomen", "deceptive-likeness"),
        ("es", "quítale la ropa", "non-consensual-intimate"),
        ("fr", "décapité, zoom avant", "violence-glorification"),
        ("pt", "faça parecer que o ministro disse isso", "deceptive-likeness"),
    ])
    func refusedPromptsInEveryLanguage(language: String, prompt: String, rule: String) throws {
        let (dir, photo) = try Self.folderWithPhoto()
        let out = dir.appendingPathComponent("out.mp4").path
        let r = try Self.expectRefusal(["animate", photo, "--prompt", prompt, "-o", out] + Self.small,
                                       gate: "prompt", rule: rule, in: dir)
        #expect(!FileManager.default.fileExists(atPath: out), "\(language)")
        #expect(!r.stderr.contains("error:"))
        // `alive frames` and `alive plan` run the same gate: no frame, no plan.
        try Self.expectRefusal(["frames", photo, "--prompt", prompt, "--at", "0", "-o",
                                dir.appendingPathComponent("frames").path, "--size", "270x480", "-q"],
                               gate: "prompt", rule: rule, in: dir)
        try Self.expectRefusal(["plan", photo, "--prompt", prompt, "-o", dir.appendingPathComponent("plan.json").path],
                               gate: "prompt", rule: rule, in: dir)
        #expect(try Harness.alive(["plan", photo, "--prompt", prompt]).stdout.isEmpty)
    }

    @Test func innocentPromptsWithNearMissWordsPass() throws {
        let (dir, photo) = try Self.folderWithPhoto()
        for prompt in ["a girl in a red skirt, slow zoom in", "kidney beans, pan left", "a hiker in a Gore-Tex jacket",
                       "make it look like a painting, zoom in", "a sexy sports car", "children playing in the park",
                       "Kinderwagen im Park, nach links schwenken", "el niño juega en la playa",
                       "une fillette joue au ballon, zoom arrière", "bebe vino, sensual", "la capitale al tramonto"] {
            let r = try Harness.alive(["plan", photo, "--prompt", prompt])
            #expect(r.status == 0, "\(prompt): \(r.stderr)")
        }
        let out = dir.appendingPathComponent("skirt.mp4").path
        let r = try Harness.alive(["animate", photo, "--prompt", "a girl in a red skirt, slow zoom in", "-o", out] + Self.small)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: out))
    }

    @Test func singleColourPhotosAreRefusedAtThePhotoGate() throws {
        let dir = try Harness.temporaryFolder()
        for (name, noise) in [("flat.png", 0), ("nearly-flat.png", 1)] {
            let photo = dir.appendingPathComponent(name).path
            try Self.flatPhoto(at: photo, noise: noise)
            let out = dir.appendingPathComponent("out.mp4").path
            let r = try Self.expectRefusal(["animate", photo, "--prompt", "zoom in", "-o", out] + Self.small,
                                           gate: "photo", rule: "degenerate-photo", in: dir)
            #expect(r.stderr.contains("single colour"))
            try Self.expectRefusal(["frames", photo, "--at", "0", "-o", dir.appendingPathComponent("frames").path,
                                    "--size", "270x480", "-q"], gate: "photo", rule: "degenerate-photo", in: dir)
        }
        // Real noise on the same colour is a photo of something (grain), not a blank.
        let grainy = dir.appendingPathComponent("grainy.png").path
        try Self.flatPhoto(at: grainy, noise: 40)
        #expect(try Harness.alive(["animate", grainy, "-o", dir.appendingPathComponent("g.mp4").path] + Self.small).status == 0)
    }

    @Test func policyFileAddsRelaxesButCannotRelaxMinors() throws {
        let (dir, photo) = try Self.folderWithPhoto()
        let policy = dir.appendingPathComponent("policy.json").path
        try """
            {"version": 1, "rules": [
              {"id": "no-weapons", "action": "deny", "reason": "no weapons in our stories", "languages": ["en", "it"],
               "words": ["gun", "pistola"]},
              {"id": "violence-glorification", "action": "allow"}
            ]}
            """.write(toFile: policy, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out.mp4").path
        let r = try Self.expectRefusal(["animate", photo, "--prompt", "una pistola sul tavolo", "-o", out, "--policy", policy] + Self.small,
                                       gate: "prompt", rule: "no-weapons", in: dir)
        #expect(r.stderr.contains("no weapons in our stories"))
        // Relaxed for this studio, refused by default.
        try Self.expectRefusal(["plan", photo, "--prompt", "a beheaded knight, zoom in"],
                               gate: "prompt", rule: "violence-glorification", in: dir)
        #expect(try Harness.alive(["plan", photo, "--prompt", "a beheaded knight, zoom in", "--policy", policy]).status == 0)
        // The minors and non-consent rules stay, with the policy too.
        try Self.expectRefusal(["plan", photo, "--prompt", "naked child", "--policy", policy],
                               gate: "prompt", rule: "minors-sexual", in: dir)
        // A policy that tries to relax them is refused as a bad file, before anything runs.
        let bad = dir.appendingPathComponent("bad.json").path
        for (json, says) in [(#"{"rules": [{"id": "minors-sexual", "action": "allow"}]}"#, "cannot be relaxed"),
                             (#"{"rules": [{"id": "non-consensual-intimate", "action": "allow"}]}"#, "cannot be relaxed"),
                             (#"{"rules": [{"id": "x", "action": "deny", "wrods": ["a"]}]}"#, "unknown key"),
                             ("{", "not valid JSON")] {
            try json.write(toFile: bad, atomically: true, encoding: .utf8)
            let before = Harness.listing(dir)
            let b = try Harness.alive(["animate", photo, "--prompt", "zoom in", "-o", out, "--policy", bad] + Self.small)
            #expect(b.status == 65, "\(json): \(b.stderr)")
            #expect(b.stderr.hasPrefix("alive: error: \(bad): cannot use the moderation policy: ") && b.stderr.contains(says), "\(b.stderr)")
            #expect(Harness.listing(dir) == before)
        }
        #expect(try Harness.alive(["plan", photo, "--policy", dir.appendingPathComponent("none.json").path]).status == 65)

        // The manifest records the policy by its hash.
        let made = dir.appendingPathComponent("made.mp4").path
        #expect(try Harness.alive(["animate", photo, "--prompt", "zoom in", "-o", made, "--policy", policy] + Self.small).status == 0)
        let moderation = try Self.moderationAssertion(made)
        let hash = try Harness.run("/usr/bin/sha256sum", [policy]).stdout.prefix(64)
        #expect(moderation["policySHA256"] as? String == String(hash))
        #expect(moderation["relaxedRules"] as? [String] == ["violence-glorification"])
        #expect(moderation["addedRules"] as? [String] == ["no-weapons"])
    }

    /// The `org.alive.moderation` assertion as `alive verify --json` reads it.
    static func moderationAssertion(_ video: String) throws -> [String: Any] {
        let r = try Harness.alive(["verify", video, "--json"])
        #expect(r.status == 10, "\(r.stderr)")
        let report = try JSONSerialization.jsonObject(with: r.stdoutData) as? [String: Any] ?? [:]
        let manifest = report["manifest"] as? [String: Any] ?? [:]
        #expect((manifest["assertions"] as? [String])?.contains("org.alive.moderation") == true)
        return try #require(manifest["moderation"] as? [String: Any])
    }

    @Test func externalCommandSeesEveryGateAndItsArguments() throws {
        let (dir, photo) = try Self.folderWithPhoto()
        let log = dir.appendingPathComponent("log.txt").path
        // Each call logs its arguments; the video must be the signed file, readable and verifying.
        let script = try Self.script("""
            printf '%s|%s|%s\\n' "$#" "$1" "$2" >> "\(log)"
            if [ "$1" = video ]; then "\(Harness.binary)" verify "$2" > /dev/null; [ $? -eq 10 ] || exit 9; fi
            exit 0
            """, in: dir)
        let out = dir.appendingPathComponent("out.mp4").path
        let prompt = #"zoom in; echo "$HOME" $(id) `id` 'quoted'"#
        let r = try Harness.alive(["animate", photo, "--prompt", prompt, "-o", out, "--moderation-cmd", script] + Self.small)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(lines)")
        #expect(lines.first == "2|prompt|\(prompt)", "the prompt arrives as one argument, never run by the shell")
        #expect(lines.dropFirst().first == "2|photo|\(photo)")
        let video = try #require(lines.last?.split(separator: "|").map(String.init))
        #expect(video.count == 3 && video[1] == "video")
        #expect(video.last?.hasPrefix(dir.path + "/.out.mp4.") == true && video.last?.hasSuffix(".signed.mp4") == true,
                "the signed temporary file beside the output")
        #expect(Harness.listing(dir).filter { $0.hasPrefix(".") }.isEmpty)
        let moderation = try Self.moderationAssertion(out)
        #expect(moderation["externalCommand"] as? Bool == true)
        #expect((moderation["gates"] as? [[String: Any]])?.map { $0["gate"] as? String } == ["prompt", "photo", "video"])

        // With a command line holding its own arguments: they come first, then gate and subject.
        let log2 = dir.appendingPathComponent("log2.txt").path
        let withArgs = try Self.script(#"printf '%s\n' "$@" >> "$LOGFILE""#, in: dir, name: "args.sh")
        let r2 = try Harness.alive(["plan", photo, "--prompt", "pan left", "--moderation-cmd", "LOGFILE=\(log2) \(withArgs) --strict"])
        #expect(r2.status == 0, "\(r2.stderr)")
        #expect(try String(contentsOfFile: log2, encoding: .utf8) == "--strict\nprompt\npan left\n")
    }

    @Test(arguments: ["prompt", "photo", "video"])
    func externalCommandDeniesAtEachGate(gate: String) throws {
        let (dir, photo) = try Self.folderWithPhoto()
        let script = try Self.script("""
            if [ "$1" = \(gate) ]; then echo "studio policy 7: not for \\"$1\\""; echo second line; exit 3; fi
            exit 0
            """, in: dir)
        let out = dir.appendingPathComponent("out.mp4").path
        let r = try Self.expectRefusal(["animate", photo, "--prompt", "zoom in", "-o", out, "--moderation-cmd", script] + Self.small,
                                       gate: gate, rule: "moderation-cmd", in: dir)
        #expect(r.stderr.hasSuffix(": studio policy 7: not for \"\(gate)\"\n"), "\(r.stderr)")
        // `alive frames` passes the same prompt and photo gates (it makes no video).
        if gate != "video" {
            try Self.expectRefusal(["frames", photo, "--prompt", "zoom in", "--at", "0", "-o",
                                    dir.appendingPathComponent("frames").path, "--moderation-cmd", script,
                                    "--size", "270x480", "-q"], gate: gate, rule: "moderation-cmd", in: dir)
        }
    }

    @Test func externalCommandThatHangsOrCannotStartRefuses() throws {
        let (dir, photo) = try Self.folderWithPhoto()
        let pidFile = dir.appendingPathComponent("child.pid").path
        let finished = dir.appendingPathComponent("finished").path
        // A command that leaves a child behind and hangs: the whole group must go. Had alive
        // waited for it, it would have allowed the prompt and left `finished` behind.
        let script = try Self.script("sleep 60 & echo $! > \"\(pidFile)\"; sleep 5; touch \"\(finished)\"; exit 0", in: dir)
        let out = dir.appendingPathComponent("out.mp4").path
        let r = try Self.expectRefusal(["animate", photo, "--prompt", "zoom in", "-o", out, "--moderation-cmd", script,
                                        "--moderation-timeout", "1"] + Self.small,
                                       gate: "prompt", rule: "moderation-cmd-timeout", in: dir.appendingPathComponent("none"))
        #expect(r.stderr.contains("within 1 s"))
        usleep(5_500_000)  // past the command's own end: it must not have got there
        #expect(!FileManager.default.fileExists(atPath: finished), "stopped at the time limit, not when the command ended")
        let child = try #require(Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(!Self.isRunning(child), "the command's background child was killed with its group")
        #expect(!FileManager.default.fileExists(atPath: out))

        for command in ["/nonexistent/classifier", dir.appendingPathComponent("chelsea.png").path] {
            let missing = try Self.expectRefusal(["animate", photo, "--prompt", "zoom in", "-o", out, "--moderation-cmd", command] + Self.small,
                                                 gate: "prompt", rule: "moderation-cmd-unavailable", in: dir)
            #expect(missing.stderr.contains("could not be started"), "\(missing.stderr)")
        }
        #expect(try Harness.alive(["animate", photo, "-o", out, "--moderation-timeout", "0"] + Self.small).status == 64)
    }

    /// Ctrl-C while the command runs: alive exits 130 and takes the command's group with it
    /// (it leads a group of its own, so the terminal's SIGINT would not reach it).
    @Test func interruptingAliveStopsTheCommand() throws {
        let (dir, photo) = try Self.folderWithPhoto()
        let pidFile = dir.appendingPathComponent("command.pid").path
        let script = try Self.script("echo $$ > \"\(pidFile).tmp\"; mv \"\(pidFile).tmp\" \"\(pidFile)\"; sleep 30", in: dir)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Harness.binary)
        process.arguments = ["plan", photo, "--prompt", "zoom in", "--moderation-cmd", script]
        process.environment = ProcessInfo.processInfo.environment.merging(["XDG_CONFIG_HOME": Harness.configHome]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var waited = 0
        while !FileManager.default.fileExists(atPath: pidFile) && waited < 200 {
            usleep(50_000)
            waited += 1
        }
        let command = try #require(Int32(try String(contentsOfFile: pidFile, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(!Self.isRunning(command), "the moderation command was stopped with alive")
    }

    @Test func batchReportsARefusedPhotoAndFinishesTheRest() throws {
        let dir = try Harness.temporaryFolder()
        let input = dir.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Harness.sample("chelsea.png"), toPath: input.path + "/cat.png")
        try FileManager.default.copyItem(atPath: Harness.sample("coffee.png"), toPath: input.path + "/coffee.png")
        try Self.flatPhoto(at: input.path + "/blank.png")
        let out = dir.appendingPathComponent("out").path
        let r = try Harness.alive(["batch", input.path, "--out-dir", out, "--json", "--prompt", "zoom in",
                                   "--size", "180x320", "--duration", "0.4", "--preset", "ultrafast"])
        #expect(r.status == 1, "some not made: \(r.stderr)")
        let lines = r.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let refused = try #require(lines.first { $0["status"] as? String == "refused" })
        #expect((refused["input"] as? String)?.hasSuffix("blank.png") == true)
        #expect(refused["gate"] as? String == "photo" && refused["rule"] as? String == "degenerate-photo")
        #expect((refused["error"] as? String)?.contains("refused at the photo gate (rule degenerate-photo)") == true)
        #expect(lines.filter { $0["status"] as? String == "ok" }.count == 2)
        let summary = try #require(lines.last?["summary"] as? [String: Any])
        #expect(summary["refused"] as? Int == 1 && summary["ok"] as? Int == 2 && summary["failed"] as? Int == 0)
        #expect(Harness.listing(URL(fileURLWithPath: out)) == ["cat.mp4", "coffee.mp4"])
        #expect(r.stderr.contains("refused "))

        // A prompt refused for every photo: nothing made, exit 2.
        let all = try Harness.alive(["batch", input.path, "--out-dir", out + "2", "--json", "--prompt", "deepfake of the mayor"])
        #expect(all.status == 2, "\(all.stderr)")
        #expect(Harness.listing(URL(fileURLWithPath: out + "2")).isEmpty)
    }
}
