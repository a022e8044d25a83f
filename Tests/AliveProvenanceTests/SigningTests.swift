import Crypto
import Foundation
import Testing
import X509

@testable import AliveProvenance

/// Files signed by alive, judged by the official SDK.
@Suite struct SigningTests {
    /// Exactly what a good alive file must show: `Valid`, the signature validated, every
    /// assertion's hashed URI matched, the BMFF binding matched, and no failure but the
    /// untrusted signer.
    static func expectValidUntrusted(_ sdk: SDK.Verdict, assertions: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(sdk.state == "Valid", "\(sdk)", sourceLocation: sourceLocation)
        #expect(sdk.success.contains("claimSignature.validated"), "\(sdk)", sourceLocation: sourceLocation)
        #expect(sdk.success.contains("assertion.bmffHash.match"), "\(sdk)", sourceLocation: sourceLocation)
        #expect(sdk.success.filter { $0 == "assertion.hashedURI.match" }.count == assertions, "\(sdk)", sourceLocation: sourceLocation)
        #expect(sdk.failure == ["signingCredential.untrusted"], "\(sdk)", sourceLocation: sourceLocation)
    }

    @Test func selfSignedFileIsValidForSDKAndAlive() throws {
        let signed = try Support.signedVideo()
        let sdk = try SDK.read(signed)
        // ingredient, actions, render, BMFF hash
        Self.expectValidUntrusted(sdk, assertions: 4)
        let ours = ProvenanceReader.verify(path: signed)
        #expect(ours.outcome == .valid)
        #expect(ours.verdict.sorted == sdk.sorted, "alive: \(ours.verdict)\nSDK: \(sdk)")

        // What the SDK reads back.
        let manifest = try #require(sdk.manifest)
        let assertions = manifest["assertions"] as? [[String: Any]] ?? []
        let actions = assertions.first { $0["label"] as? String == "c2pa.actions.v2" }?["data"] as? [String: Any]
        let created = (actions?["actions"] as? [[String: Any]])?.first
        #expect(created?["action"] as? String == "c2pa.created")
        #expect(created?["digitalSourceType"] as? String == "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia")
        #expect((created?["softwareAgent"] as? [String: Any])?["name"] as? String == "alive")
        let ingredient = (manifest["ingredients"] as? [[String: Any]])?.first
        #expect(ingredient?["relationship"] as? String == "inputTo")
        #expect(ingredient?["format"] as? String == "image/jpeg")
        #expect(ingredient?["title"] as? String == "harbour.jpg")
        let photo = try SourceIngredient.photo(at: try Support.photoPath)
        #expect(ingredient?["instance_id"] as? String == photo.instanceID)
        #expect(assertions.contains { $0["label"] as? String == "org.alive.render" })
        #expect(manifest["claim_version"] as? Int == 2)

        // The same through alive's eyes.
        let summary = try #require(ours.manifest)
        #expect(summary.digitalSourceType == DigitalSourceType.trainedAlgorithmicMedia.uri)
        #expect(summary.softwareAgent == Generator(name: "alive", version: "0.1.0"))
        #expect(summary.ingredients == [IngredientSummary(title: "harbour.jpg", format: "image/jpeg", relationship: "inputTo", instanceID: photo.instanceID)])
        #expect(summary.signer?.commonName?.hasPrefix("alive local signer ") == true)
    }

    @Test func selfSignedCertificateAsAnchorIsTrusted() throws {
        let signed = try Support.signedVideo()
        let anchorPath = try Support.selfSignedStore.certificatePath
        let sdk = try SDK.read(signed, anchors: anchorPath)
        #expect(sdk.state == "Trusted", "\(sdk)")
        #expect(sdk.success.contains("signingCredential.trusted"))
        #expect(sdk.failure.isEmpty, "\(sdk)")
        let ours = ProvenanceReader.verify(path: signed, trustAnchors: try ProvenanceReader.loadTrustAnchors(path: anchorPath))
        #expect(ours.outcome == .trusted)
        #expect(ours.verdict.sorted == sdk.sorted, "alive: \(ours.verdict)\nSDK: \(sdk)")
    }

    @Test func caIssuedChainIsValidAndTrustedWithRoot() throws {
        let dir = try Support.temporaryDirectory()
        let root = try TestPKI.root()
        let leaf = try TestPKI.leaf(issuedBy: root)
        let files = try TestPKI.writeChain(leaf: leaf, root: root, to: dir)
        let identity = try SigningIdentity.load(keyFile: files.key, certificateFile: files.chain)
        let signed = try Support.signedVideo(identity: identity)

        let sdk = try SDK.read(signed)
        Self.expectValidUntrusted(sdk, assertions: 4)
        #expect(ProvenanceReader.verify(path: signed).verdict.sorted == sdk.sorted)

        let trusted = try SDK.read(signed, anchors: files.root)
        #expect(trusted.state == "Trusted", "\(trusted)")
        let ours = ProvenanceReader.verify(path: signed, trustAnchors: try ProvenanceReader.loadTrustAnchors(path: files.root))
        #expect(ours.verdict.sorted == trusted.sorted, "alive: \(ours.verdict)\nSDK: \(trusted)")

        // The root stays out of x5chain: validators take roots from their trust list.
        let other = try TestPKI.root("Some Other Root")
        let otherPath = dir + "/other.pem"
        try TestPKI.pem([other.certificate]).write(toFile: otherPath, atomically: true, encoding: .utf8)
        #expect(try SDK.read(signed, anchors: otherPath).state == "Valid")
        #expect(ProvenanceReader.verify(path: signed, trustAnchors: [other.certificate]).outcome == .valid)
    }

    @Test func minimalManifestWithoutPhotoOrRenderIsValid() throws {
        let dir = try Support.temporaryDirectory()
        let output = dir + "/minimal.mp4"
        let content = ManifestContent(generator: Generator(name: "alive", version: nil), digitalSourceType: .compositeWithTrainedAlgorithmicMedia, actionDescription: nil)
        try ProvenanceWriter.sign(input: try Support.baseVideo, output: output, content: content, identity: try Support.selfSigned)
        let sdk = try SDK.read(output)
        Self.expectValidUntrusted(sdk, assertions: 2)
        let ours = ProvenanceReader.verify(path: output)
        #expect(ours.verdict.sorted == sdk.sorted)
        #expect(ours.manifest?.digitalSourceType == "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia")
    }

    @Test func decodedFramesAreIdenticalAfterSigning() throws {
        let signed = try Support.signedVideo()
        let ffmpeg = try #require(Support.which("ffmpeg"))
        func framemd5(_ path: String) throws -> String {
            let result = try Support.run(ffmpeg, ["-hide_banner", "-loglevel", "error", "-i", path, "-map", "0", "-f", "framemd5", "-"])
            #expect(result.status == 0, "\(result.stderr)")
            // Drop comment lines: they may name the input.
            return result.stdout.split(separator: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n")
        }
        let before = try framemd5(try Support.baseVideo)
        let after = try framemd5(signed)
        #expect(before.split(separator: "\n").count > 60)  // 60 video frames plus audio packets
        #expect(before == after)

        // As alive writes it: XMP appended, then signed. Same frames, and still valid.
        let dir = try Support.temporaryDirectory()
        let withXMP = dir + "/xmp.mp4", both = dir + "/xmp-signed.mp4"
        try FileManager.default.copyItem(atPath: try Support.baseVideo, toPath: withXMP)
        try XMPBox.append(to: withXMP, packet: XMPBox.packet(
            digitalSourceType: .trainedAlgorithmicMedia, creatorTool: "alive test", title: "a <title> & more",
            description: "AI-generated"))
        try ProvenanceWriter.sign(input: withXMP, output: both, content: try Support.content(), identity: try Support.selfSigned)
        #expect(try framemd5(both) == before)
        let sdk = try SDK.read(both)
        #expect(sdk.state == "Valid" && sdk.failure == ["signingCredential.untrusted"])
        #expect(ProvenanceReader.verify(path: both).verdict.sorted == sdk.sorted)
        let top = try BMFF.topLevelBoxes(of: FileBytes(path: both)).map(\.type)
        #expect(top.first == "ftyp" && top.last == "uuid" && top.filter { $0 == "uuid" }.count == 2)
    }

    @Test func mdatBeforeMoovIsSignedToo() throws {
        let dir = try Support.temporaryDirectory()
        let input = dir + "/late-moov.mp4", output = dir + "/signed.mp4"
        try Support.makeVideo(at: input, seconds: 1, audio: true, faststart: false)
        let top = try BMFF.topLevelBoxes(of: FileBytes(path: input)).map(\.type)
        #expect(top.firstIndex(of: "mdat")! < top.firstIndex(of: "moov")!)
        try ProvenanceWriter.sign(input: input, output: output, content: try Support.content(), identity: try Support.selfSigned)
        Self.expectValidUntrusted(try SDK.read(output), assertions: 4)
    }

    @Test func promptIsRecordedOnlyWhenAsked() throws {
        let withoutPrompt = try Support.content()
        let json = String(decoding: try #require(withoutPrompt.renderAssertion).json, as: UTF8.self)
        #expect(!json.contains("prompt"))
        #expect(json.contains(#""seed":"18446744073709551557""#))

        let dir = try Support.temporaryDirectory()
        let output = dir + "/with-prompt.mp4"
        try ProvenanceWriter.sign(input: try Support.baseVideo, output: output, content: try Support.content(prompt: "clouds drift left"), identity: try Support.selfSigned)
        let report = ProvenanceReader.verify(path: output)
        #expect(report.outcome == .valid)
        guard case .object(let members)? = report.manifest?.render else {
            Issue.record("no render assertion in \(report)")
            return
        }
        #expect(members.first { $0.key == "prompt" }?.value == .string("clouds drift left"))
        #expect(members.first { $0.key == "seed" }?.value == .string("18446744073709551557"))
    }

    @Test func refusesWhatItCannotSignHonestly() throws {
        let dir = try Support.temporaryDirectory()
        let content = try Support.content()
        let identity = try Support.selfSigned

        // Already signed: a second store would make the file invalid.
        let signed = try Support.signedVideo()
        #expect(throws: ProvenanceError.alreadySigned(path: signed)) {
            try ProvenanceWriter.sign(input: signed, output: dir + "/twice.mp4", content: content, identity: identity)
        }
        // Fragmented MP4 needs Merkle hashing.
        let fragmented = dir + "/fragmented.mp4"
        let ffmpeg = try #require(Support.which("ffmpeg"))
        let made = try Support.run(ffmpeg, ["-hide_banner", "-loglevel", "error", "-y", "-i", try Support.baseVideo, "-c", "copy", "-movflags", "frag_keyframe+empty_moov", fragmented])
        #expect(made.status == 0)
        #expect {
            try ProvenanceWriter.sign(input: fragmented, output: dir + "/f.mp4", content: content, identity: identity)
        } throws: { ($0 as? ProvenanceError).map { if case .unsupportedMP4 = $0 { true } else { false } } ?? false }
        // Not an MP4 at all.
        #expect {
            try ProvenanceWriter.sign(input: try Support.photoPath, output: dir + "/p.mp4", content: content, identity: identity)
        } throws: { ($0 as? ProvenanceError).map { if case .notMP4 = $0 { true } else { false } } ?? false }
        #expect(!FileManager.default.fileExists(atPath: dir + "/p.mp4"))
        // In place.
        let base = try Support.baseVideo
        #expect(throws: ProvenanceError.sameInputAndOutput(path: base)) {
            try ProvenanceWriter.sign(input: base, output: base, content: content, identity: identity)
        }
        // Integers C2PA validators reject.
        #expect(throws: ProvenanceError.self) {
            try RenderAssertion(planJSON: Data(#"{"n":18446744073709551615}"#.utf8), seed: 1)
        }
        // Labels in reserved namespaces.
        var bad = content
        bad.renderAssertion = RenderAssertion(label: "c2pa.render", json: Data("{}".utf8))
        #expect(throws: ProvenanceError.self) {
            try ProvenanceWriter.sign(input: try Support.baseVideo, output: dir + "/l.mp4", content: bad, identity: identity)
        }
    }

    @Test func digitalSourceTypesAreIPTCTerms() throws {
        #expect(DigitalSourceType.trainedAlgorithmicMedia.uri == "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia")
        #expect(try DigitalSourceType(iptcTerm: "compositeWithTrainedAlgorithmicMedia").isSynthetic)
        #expect(try DigitalSourceType(iptcTerm: "https://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia") == .algorithmicMedia)
        #expect(try !DigitalSourceType(iptcTerm: "digitalCapture").isSynthetic)
        #expect(throws: ProvenanceError.unknownDigitalSourceType("aiGenerated")) { try DigitalSourceType(iptcTerm: "aiGenerated") }
    }
}
