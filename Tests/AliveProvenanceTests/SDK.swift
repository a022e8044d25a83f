import Foundation
import Testing

@testable import AliveProvenance

/// The official C2PA SDK (c2pa-rs through c2pa-python), run as a subprocess.
enum SDK {
    /// What the SDK says about a file.
    struct Verdict: Equatable, CustomStringConvertible {
        /// `Trusted`, `Valid`, `Invalid`, `NoManifest` or `Error`.
        var state: String
        var success: [String]
        var informational: [String]
        var failure: [String]
        var error: String?
        /// The raw Reader JSON of the active manifest (for spot checks).
        var manifest: [String: Any]?

        static func == (a: Verdict, b: Verdict) -> Bool {
            a.state == b.state && a.success == b.success && a.informational == b.informational && a.failure == b.failure
        }

        var description: String {
            "\(state) success=\(success) informational=\(informational) failure=\(failure)\(error.map { " error=\($0)" } ?? "")"
        }
    }

    /// Settings as in /work/shared/tools/c2pa_check.py: offline, optional user anchors.
    static let script = #"""
import json, sys
import c2pa
path = sys.argv[1]
settings = {"verify": {"remote_manifest_fetch": False, "ocsp_fetch": False}}
if len(sys.argv) > 2:
    settings["trust"] = {"user_anchors": open(sys.argv[2], encoding="utf-8").read()}
out = {}
try:
    ctx = c2pa.Context(settings=c2pa.Settings.from_dict(settings))
    with open(path, "rb") as f:
        reader = c2pa.Reader.try_create("video/mp4", f, None, ctx)
        if reader is None:
            out = {"state": "NoManifest"}
        else:
            report = json.loads(reader.json())
            vr = (report.get("validation_results") or {}).get("activeManifest") or {}
            active = report.get("active_manifest")
            out = {
                "state": report.get("validation_state"),
                "success": [c["code"] for c in vr.get("success", [])],
                "informational": [c["code"] for c in vr.get("informational", [])],
                "failure": [c["code"] for c in vr.get("failure", [])],
                "manifest": report.get("manifests", {}).get(active),
            }
except Exception as e:
    text = str(e)
    out = {"state": "NoManifest" if "ManifestNotFound" in text or "JumbfNotFound" in text else "Error", "error": text}
print(json.dumps(out))
"""#

    static let scriptOnce = Support.Once<String> {
        let path = try Support.temporaryDirectory("sdk") + "/read_manifest.py"
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Fails with a clear message when the virtual environment is missing: these tests exist
    /// to check alive against the real SDK, so skipping them silently would hide breakage.
    static func read(_ path: String, anchors: String? = nil) throws -> Verdict {
        guard FileManager.default.isExecutableFile(atPath: Support.python) else {
            throw TestFailure("no Python with c2pa-python at \(Support.python): run `make python-deps` or set ALIVE_PYTHON")
        }
        let result = try Support.run(Support.python, [try scriptOnce.get(), path] + (anchors.map { [$0] } ?? []))
        guard result.status == 0,
              let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        else { throw TestFailure("SDK script failed (\(result.status)): \(result.stderr)") }
        return Verdict(
            state: object["state"] as? String ?? "?",
            success: object["success"] as? [String] ?? [],
            informational: object["informational"] as? [String] ?? [],
            failure: object["failure"] as? [String] ?? [],
            error: object["error"] as? String,
            manifest: object["manifest"] as? [String: Any])
    }
}

extension VerificationReport {
    /// This report in the SDK's vocabulary, for comparing the two verifiers.
    var verdict: SDK.Verdict {
        let state: String
        switch outcome {
        case .trusted: state = "Trusted"
        case .valid: state = "Valid"
        case .invalid: state = "Invalid"
        case .noManifest: state = "NoManifest"
        case .unreadable: state = "Error"
        }
        return SDK.Verdict(
            state: state, success: results.success.map(\.code), informational: results.informational.map(\.code),
            failure: results.failure.map(\.code), error: problem, manifest: nil)
    }
}

extension SDK.Verdict {
    /// Order-insensitive form: the SDK's order of codes is an implementation detail.
    var sorted: SDK.Verdict {
        SDK.Verdict(state: state, success: success.sorted(), informational: informational.sorted(), failure: failure.sorted(), error: nil, manifest: nil)
    }
}
