import Foundation
import Testing

/// The real-photo checks of `make realcheck`, on the downscaled copies in Tests/RealPhotos:
/// scene maps against the hand-drawn sure regions, each cinemagraph's frame 0, drift,
/// stillness and loop seam, and frame 0 of every photo with the default and its own prompt.
///
/// Not every check holds yet. Tests/RealPhotos/expected.json records, check by check, which
/// ones do: a check that held and no longer holds fails the test (a regression), and so does
/// one that now holds while the file still says it fails (record the progress: set it to
/// true). The file is the honest state of the product on real photos.
@Suite struct RealPhotoTests {
    static let folder = Harness.packageRoot.appendingPathComponent("Tests/RealPhotos")
    static let expectedFile = folder.appendingPathComponent("expected.json")

    static var python: String {
        ProcessInfo.processInfo.environment["ALIVE_PYTHON"]
            ?? Harness.packageRoot.appendingPathComponent(".venv/bin/python").path
    }

    struct ScriptFailure: Error, CustomStringConvertible { var description: String }

    struct Check: Decodable {
        var id: String
        var ok: Bool
    }

    /// Runs `realcheck.py WHAT` and returns every check it made.
    static func run(_ what: String) throws -> [Check] {
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw Harness.MissingBinary(path: python)
        }
        let report = try Harness.temporaryFolder().appendingPathComponent("\(what).json")
        let r = try Harness.run(python, [
            Harness.packageRoot.appendingPathComponent("Scripts/realcheck.py").path, what,
            "--alive", try Harness.binary, "--photos", folder.path, "--report", report.path,
        ], environment: ["XDG_CONFIG_HOME": Harness.configHome])
        // Exit 1 means some check failed; anything else is the script itself failing.
        guard r.status == 0 || r.status == 1, let data = FileManager.default.contents(atPath: report.path) else {
            throw ScriptFailure(description: "realcheck.py \(what) exited \(r.status): \(r.stderr.suffix(600))")
        }
        return try JSONDecoder().decode([Check].self, from: data)
    }

    static func compare(_ what: String) throws {
        let checks = try run(what)
        let expected = try JSONDecoder().decode([String: Bool].self,
                                                from: Data(contentsOf: expectedFile))
        #expect(!checks.isEmpty, "realcheck.py \(what) made no checks")
        var held = 0
        for check in checks {
            if check.ok { held += 1 }
            guard let want = expected[check.id] else {
                Issue.record("\(check.id): a new check (it \(check.ok ? "holds" : "fails")): add it to \(expectedFile.lastPathComponent)")
                continue
            }
            if want && !check.ok {
                Issue.record("\(check.id): held before and fails now (see `make realcheck` for the numbers)")
            } else if !want && check.ok {
                Issue.record("\(check.id): holds now: set it to true in \(expectedFile.lastPathComponent)")
            }
        }
        print("realcheck \(what) on Tests/RealPhotos: \(held) of \(checks.count) checks hold")
    }

    @Test func sceneMapsCoverTheSureRegions() throws { try Self.compare("scene") }
    @Test func cinemagraphsDriftAndHoldStill() throws { try Self.compare("motion") }
    @Test func frameZeroIsThePhoto() throws { try Self.compare("frame0") }
}
