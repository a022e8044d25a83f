import Foundation
import Testing

@testable import AliveProvenance

/// Copies of a signed file with one change each. The SDK and alive must both report the
/// matching failure code, and agree on every other code too.
@Suite struct TamperTests {
    enum Tamper: String, CaseIterable, CustomStringConvertible {
        case mdat, moov, claim, actionsAssertion, renderAssertion, ingredientAssertion, bindingHash, signature, certificate

        var description: String { rawValue }

        /// The failure code that names the change.
        var expectedFailure: String {
            switch self {
            case .mdat, .moov: "assertion.bmffHash.mismatch"
            case .claim, .signature, .certificate: "claimSignature.mismatch"
            case .actionsAssertion, .renderAssertion, .ingredientAssertion, .bindingHash: "assertion.hashedURI.mismatch"
            }
        }

        /// Flips one bit of `bytes` at a place that belongs to the part this case names.
        func apply(to bytes: inout [UInt8]) throws {
            let boxes = try topLevel(bytes)
            func find(_ text: String, last: Bool = false) throws -> Int {
                let needle = Array(text.utf8)
                var found: Int?
                var from = 0
                while let at = bytes.firstRange(of: needle, from: from) {
                    found = at
                    if !last { break }
                    from = at + 1
                }
                return try #require(found, "\(text) not found")
            }
            let at: Int
            switch self {
            case .mdat:
                let mdat = try #require(boxes.first { $0.type == "mdat" })
                at = mdat.offset + mdat.size / 2
            case .moov:
                at = try find("mvhd") + 20  // inside the creation time
            case .claim:
                at = try find("dc:title", last: true) + 12  // inside the title value
            case .actionsAssertion:
                at = try find("Video generated") + 3
            case .renderAssertion:
                at = try find("skyDrift") + 2
            case .ingredientAssertion:
                at = try find("harbour") + 1
            case .bindingHash:
                at = try find("jumbf manifest") - 20  // inside the 32-byte hash before "name"
            case .signature:
                let uuid = try #require(boxes.first { $0.type == "uuid" })
                at = uuid.offset + uuid.size - 5  // inside r||s, the last bytes of the COSE
            case .certificate:
                at = try find("alive local signer") + 2  // the subject inside x5chain
            }
            bytes[at] ^= 0x04
        }
    }

    static func topLevel(_ bytes: [UInt8]) throws -> [(type: String, offset: Int, size: Int)] {
        var out: [(type: String, offset: Int, size: Int)] = []
        var at = 0
        while at + 8 <= bytes.count {
            let size = Int(readUInt32(bytes, at))
            out.append((BMFF.fourCC(bytes[at + 4..<at + 8]), at, size))
            guard size >= 8 else { break }
            at += size
        }
        return out
    }

    static let signedOnce = Support.Once { try Support.readBytes(try Support.signedVideo(name: "tamperbase")) }

    @Test(arguments: Tamper.allCases)
    func bothVerifiersNameTheChange(_ tamper: Tamper) throws {
        var bytes = try Self.signedOnce.get()
        try tamper.apply(to: &bytes)
        let path = try Support.temporaryDirectory("tamper\(tamper)") + "/tampered.mp4"
        try Support.writeBytes(bytes, to: path)

        let sdk = try SDK.read(path)
        let ours = ProvenanceReader.verify(path: path)
        #expect(sdk.state == "Invalid", "\(sdk)")
        #expect(sdk.failure.contains(tamper.expectedFailure), "SDK: \(sdk)")
        #expect(ours.outcome == .invalid)
        #expect(ours.results.failure.map(\.code).contains(tamper.expectedFailure), "alive: \(ours.verdict)")
        #expect(ours.verdict.sorted == sdk.sorted, "alive: \(ours.verdict)\nSDK:   \(sdk)")
        #expect(ours.humanReadable.contains("BROKEN"))
    }

    @Test func untouchedCopyStaysValid() throws {
        let path = try Support.temporaryDirectory() + "/copy.mp4"
        try Support.writeBytes(try Self.signedOnce.get(), to: path)
        #expect(ProvenanceReader.verify(path: path).outcome == .valid)
    }
}
