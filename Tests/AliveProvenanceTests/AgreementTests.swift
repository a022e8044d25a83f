import Foundation
import Testing
import X509

@testable import AliveProvenance

/// alive's verifier and the SDK must say the same about every reference file: the same
/// validation state and the same success, informational and failure codes.
@Suite struct AgreementWithSDKTests {
    static var exampleFiles: [String] {
        let dir = Support.examplesDirectory
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { $0.hasSuffix(".mp4") }.sorted().map { "\(dir)/\($0)" }
    }

    @Test(.enabled(if: !exampleFiles.isEmpty, "the shared C2PA examples are not on this machine"), arguments: exampleFiles)
    func agreesOnExample(path: String) throws {
        let sdk = try SDK.read(path)
        let ours = ProvenanceReader.verify(path: path)
        #expect(ours.verdict.sorted == sdk.sorted, "\(path)\n  alive: \(ours.verdict)\n  SDK:   \(sdk)")

        let anchorsPath = Support.examplesDirectory + "/ca.pem"
        let anchors = try ProvenanceReader.loadTrustAnchors(path: anchorsPath)
        let sdkTrusted = try SDK.read(path, anchors: anchorsPath)
        let oursTrusted = ProvenanceReader.verify(path: path, trustAnchors: anchors)
        #expect(oursTrusted.verdict.sorted == sdkTrusted.sorted, "\(path) with anchors\n  alive: \(oursTrusted.verdict)\n  SDK:   \(sdkTrusted)")
    }
}
