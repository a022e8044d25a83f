import Foundation
import Testing

@testable import AliveProvenance

/// The `org.alive.moderation` assertion in a real video, judged by the official SDK: a custom
/// assertion must add no failure code, and the SDK must read back what the gates recorded.
struct ModerationManifestTests {
    @Test func moderationAssertionIsSignedAndTheSDKStillValidates() throws {
        let dir = try Support.temporaryDirectory()
        let photo = Support.packageRoot.appendingPathComponent("samples/coffee.png").path
        let policy = dir + "/policy.json"
        try #"{"version": 1, "rules": [{"id": "no-weapons", "action": "deny", "words": ["gun"]}]}"#
            .write(toFile: policy, atomically: true, encoding: .utf8)
        let allow = dir + "/allow.sh"
        try "#!/bin/sh\nexit 0\n".write(toFile: allow, atomically: true, encoding: .utf8)
        chmod(allow, 0o755)
        let out = dir + "/coffee.mp4"
        let r = try Support.run(try CommandTests.binary, [
            "animate", photo, "--prompt", "slow zoom in", "-o", out, "--duration", "0.5", "--size", "360x640", "-q",
            "--policy", policy, "--moderation-cmd", allow, "--config-dir", dir + "/alive",
        ])
        #expect(r.status == 0, "\(r.stderr)")

        let sdk = try SDK.read(out)
        #expect(sdk.state == "Valid", "\(sdk)")
        #expect(sdk.failure == ["signingCredential.untrusted"], "no new failure code: \(sdk)")
        #expect(sdk.success.filter { $0 == "assertion.hashedURI.match" }.count >= 4, "\(sdk)")
        #expect(ProvenanceReader.verify(path: out).verdict.sorted == sdk.sorted)

        let assertions = try #require(sdk.manifest?["assertions"] as? [[String: Any]])
        let moderation = try #require(assertions.first { $0["label"] as? String == "org.alive.moderation" }?["data"] as? [String: Any])
        #expect(moderation["ruleSet"] as? String == "alive-prompt-rules/2")
        #expect(moderation["externalCommand"] as? Bool == true)
        #expect((moderation["policySHA256"] as? String)?.count == 64)
        #expect(moderation["addedRules"] as? [String] == ["no-weapons"])
        let gates = try #require(moderation["gates"] as? [[String: Any]])
        #expect(gates.map { $0["gate"] as? String } == ["prompt", "photo", "video"])
        #expect(gates.allSatisfy { $0["result"] as? String == "passed" })
    }
}
