import Foundation
import Testing

@testable import AliveProvenance

/// The reader faces files from anywhere. Lying sizes, loops, truncation and noise must give
/// an answer (usually `unreadable` or `invalid`) quickly, never a crash, a hang or a huge
/// allocation. The signer must refuse hostile input the same way.
@Suite struct HostileInputTests {
    static let signedOnce = Support.Once { try Support.readBytes(try Support.signedVideo(name: "hostilebase")) }

    static func verify(_ bytes: [UInt8], name: String = "x") throws -> VerificationReport {
        let path = try Support.temporaryDirectory("hostile") + "/\(name).mp4"
        try Support.writeBytes(bytes, to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return ProvenanceReader.verify(path: path)
    }

    /// Runs `body`. `limit` documents the bound it is expected to finish well within; tests
    /// assert no wall-clock limits (a shared machine varies), so a hang is caught by CI's own
    /// timeout and the reader's speed on hostile input is measured by the fuzz targets.
    static func within(_ limit: Duration, _ body: () throws -> Void) rethrows {
        try body()
    }

    static func box(_ type: String, _ payload: [UInt8]) -> [UInt8] { JUMBF.box(type, payload) }
    static let ftyp = box("ftyp", Array("isom".utf8) + [0, 0, 2, 0] + Array("isomiso2avc1mp41".utf8))

    /// A file that is nothing but a C2PA box around `store`.
    static func withStore(_ store: [UInt8]) -> [UInt8] {
        ftyp + ManifestBuilder.provenanceBox(jumbf: store)
    }

    @Test func truncationAtManyOffsets() throws {
        let bytes = try Self.signedOnce.get()
        var offsets = Array(stride(from: 0, to: min(bytes.count, 6000), by: 23))
        offsets += Array(stride(from: 6000, to: bytes.count, by: 997))
        try Self.within(.seconds(60)) {
            for cut in offsets {
                let report = try Self.verify(Array(bytes[..<cut]))
                #expect(report.outcome != .valid && report.outcome != .trusted, "cut at \(cut): \(report.outcome)")
            }
        }
    }

    @Test func lyingTopLevelSizes() throws {
        let bytes = try Self.signedOnce.get()
        let uuidOffset = Int(readUInt32(bytes, 0))  // right after ftyp
        for size: UInt32 in [0, 1, 7, 8, 9, 23, 0x7FFF_FFFF, 0xFFFF_FFFF] {
            var copy = bytes
            writeUInt32(size, into: &copy, at: uuidOffset)
            let report = try Self.verify(copy)
            #expect(report.outcome != .valid, "uuid size \(size)")
        }
        // A 64-bit size far past the end.
        var large = bytes
        writeUInt32(1, into: &large, at: uuidOffset)
        large.replaceSubrange(uuidOffset + 8..<uuidOffset + 16, with: bigEndianBytes(UInt64.max - 7, count: 8))
        #expect(try Self.verify(large).outcome == .unreadable)
        // The last box's size runs past the end.
        var last = bytes
        last += [0, 0, 0, 64] + Array("free".utf8) + [1, 2, 3]
        #expect(try Self.verify(last).outcome == .unreadable)
    }

    @Test func lyingSizesInsideTheManifest() throws {
        let bytes = try Self.signedOnce.get()
        let storeStart = Int(readUInt32(bytes, 0)) + 45
        let storeLength = Int(readUInt32(bytes, storeStart))
        // Every 4-byte big-endian field inside the store set to several lies, one at a time,
        // wherever a box header sits (found by its type).
        var positions: [Int] = []
        for i in storeStart..<(storeStart + storeLength - 8) {
            let type = String(decoding: bytes[i + 4..<i + 8], as: UTF8.self)
            if ["jumb", "jumd", "cbor", "c2sh"].contains(type) { positions.append(i) }
        }
        #expect(positions.count >= 14)
        try Self.within(.seconds(30)) {
            for position in positions {
                for lie: UInt32 in [0, 1, 7, 0xFFFF_FFF0, UInt32(storeLength * 2)] {
                    var copy = bytes
                    writeUInt32(lie, into: &copy, at: position)
                    let report = try Self.verify(copy)
                    #expect(report.outcome != .valid, "size \(lie) at \(position)")
                }
            }
        }
    }

    @Test func deepNestingIsRefused() throws {
        // JUMBF superboxes nested 5000 deep.
        var store = JUMBF.superbox(type: JUMBF.manifestStoreType, label: "c2pa", contents: [])
        for _ in 0..<5000 {
            store = JUMBF.superbox(type: JUMBF.manifestStoreType, label: "c2pa", contents: [store])
        }
        try Self.within(.seconds(10)) {
            let report = try Self.verify(Self.withStore(store))
            #expect(report.outcome == .invalid)
            #expect(report.results.failure.map(\.code) == ["claim.malformed"])
        }

        // A moov with 5000 nested trak boxes: the signer walks trak looking for stco.
        var trak = Self.box("stco", [0, 0, 0, 0, 0, 0, 0, 0])
        for _ in 0..<5000 { trak = Self.box("trak", trak) }
        let dir = try Support.temporaryDirectory()
        let input = dir + "/deep.mp4"
        try Support.writeBytes(Self.ftyp + Self.box("moov", trak) + Self.box("mdat", [1, 2, 3]), to: input)
        #expect(throws: ProvenanceError.self) {
            try ProvenanceWriter.sign(input: input, output: dir + "/out.mp4", content: try Support.content(), identity: try Support.selfSigned)
        }

        // An assertion whose CBOR nests 100 000 arrays.
        let deepCBOR = [UInt8](repeating: 0x81, count: 100_000) + [0]
        let assertion = JUMBF.cborSuperbox(type: JUMBF.cborType, label: "c2pa.actions.v2", cbor: deepCBOR)
        let manifest = JUMBF.superbox(type: JUMBF.manifestType, label: "urn:c2pa:00000000-0000-4000-8000-000000000000", contents: [
            JUMBF.superbox(type: JUMBF.assertionStoreType, label: "c2pa.assertions", contents: [assertion]),
            JUMBF.cborSuperbox(type: JUMBF.claimType, label: "c2pa.claim.v2", cbor: CBOR.textMap([
                "created_assertions": .array([ManifestBuilder.hashedURI(label: "c2pa.actions.v2", box: assertion)]),
            ]).encoded()),
        ])
        let report = try Self.verify(Self.withStore(JUMBF.superbox(type: JUMBF.manifestStoreType, label: "c2pa", contents: [manifest])))
        #expect(report.outcome == .invalid)
        #expect(report.results.failure.map(\.code).contains("assertion.cbor.invalid"))
    }

    /// A file whose BMFF hash excludes a subset of `/moov` with the length 2^64-1 (issue 14):
    /// `offset + length` overflowed and trapped the process, even though the signature is bad.
    static func overflowingExclusionFile(subsetOffset: UInt64 = 8, length: UInt64 = .max) -> [UInt8] {
        let binding = CBOR.textMap([
            "alg": .text("sha256"),
            "hash": .bytes([UInt8](repeating: 0, count: 32)),
            "exclusions": .array([
                .textMap(["xpath": .text("/uuid")]),
                .textMap(["xpath": .text("/moov"),
                          "subset": .array([.textMap(["offset": .unsigned(subsetOffset), "length": .unsigned(length)])])]),
            ]),
        ])
        let label = ManifestBuilder.bmffHashLabel
        let assertion = JUMBF.cborSuperbox(type: JUMBF.cborType, label: label, cbor: binding.encoded())
        let manifest = JUMBF.superbox(type: JUMBF.manifestType, label: "urn:c2pa:00000000-0000-4000-8000-000000000000", contents: [
            JUMBF.superbox(type: JUMBF.assertionStoreType, label: "c2pa.assertions", contents: [assertion]),
            JUMBF.cborSuperbox(type: JUMBF.claimType, label: "c2pa.claim.v2", cbor: CBOR.textMap([
                "created_assertions": .array([ManifestBuilder.hashedURI(label: label, box: assertion)]),
            ]).encoded()),
        ])
        let store = JUMBF.superbox(type: JUMBF.manifestStoreType, label: "c2pa", contents: [manifest])
        return withStore(store) + box("moov", box("mvhd", [UInt8](repeating: 0, count: 100))) + box("mdat", [1, 2, 3, 4])
    }

    @Test func overflowingExclusionLengthIsAFailureNotACrash() throws {
        for length: UInt64 in [.max, .max - 7, 1 << 63, 0] {
            let report = try Self.verify(Self.overflowingExclusionFile(length: length))
            #expect(report.outcome == .invalid, "length \(length)")
            #expect(report.results.failure.map(\.code).contains("claimSignature.missing"))
        }
        let huge = try Self.verify(Self.overflowingExclusionFile(subsetOffset: .max, length: .max))
        #expect(huge.outcome == .invalid)
    }

    /// Every input committed for the fuzz targets that read MP4 or CBOR (seeds, and any input
    /// that once crashed, in Fuzz/Regressions) is replayed: an answer, never a crash.
    @Test func committedFuzzInputsReplay() throws {
        let root = Support.packageRoot.appendingPathComponent("Fuzz").path
        var replayed = 0
        for folder in ["Corpus/bmff", "Regressions/bmff", "Corpus/cbor", "Regressions/cbor"] {
            let dir = root + "/" + folder
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] {
                let bytes = try Support.readBytes(dir + "/" + name)
                _ = try Self.verify(bytes)
                _ = try? CBOR.decode(bytes)
                _ = try? COSE.parseSign1(bytes)
                replayed += 1
            }
        }
        #expect(replayed >= 3)
        // `ALIVE_WRITE_FUZZ_SEEDS=1` writes the crafted file above as a regression input.
        if ProcessInfo.processInfo.environment["ALIVE_WRITE_FUZZ_SEEDS"] != nil {
            try Support.writeBytes(Self.overflowingExclusionFile(), to: root + "/Regressions/bmff/overflow-exclusion-length.mp4")
        }
    }

    @Test func lyingChunkOffsetTableIsRefusedBySigner() throws {
        // stco says it has 2^30 entries but holds none.
        let stco = Self.box("stco", [0, 0, 0, 0, 0x40, 0, 0, 0])
        let moov = Self.box("moov", Self.box("trak", Self.box("mdia", Self.box("minf", Self.box("stbl", stco)))))
        let dir = try Support.temporaryDirectory()
        let input = dir + "/lying-stco.mp4"
        try Support.writeBytes(Self.ftyp + moov + Self.box("mdat", [1, 2, 3]), to: input)
        #expect {
            try ProvenanceWriter.sign(input: input, output: dir + "/out.mp4", content: try Support.content(), identity: try Support.selfSigned)
        } throws: { "\($0)".contains("entries") }
        #expect(!FileManager.default.fileExists(atPath: dir + "/out.mp4"))
    }

    @Test func randomBytesAndRandomMutations() throws {
        var generator = SplitMix64(seed: 0xA11CE)
        try Self.within(.seconds(60)) {
            // Pure noise, with and without a plausible ftyp in front.
            for i in 0..<150 {
                let length = Int(generator.next() % 4096)
                var noise = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
                if i % 2 == 0 { noise = Self.ftyp + noise }
                let report = try Self.verify(noise)
                #expect(report.outcome == .unreadable || report.outcome == .noManifest || report.outcome == .invalid)
            }
            // A signed file with a few random bytes of its manifest changed.
            let bytes = try Self.signedOnce.get()
            let start = Int(readUInt32(bytes, 0)), end = start + Int(readUInt32(bytes, start))
            for _ in 0..<300 {
                var copy = bytes
                for _ in 0..<Int(1 + generator.next() % 4) {
                    let at = start + Int(generator.next() % UInt64(end - start))
                    copy[at] = UInt8(truncatingIfNeeded: generator.next())
                }
                _ = try Self.verify(copy)
            }
        }
    }

    @Test func otherFilesAreReportedPlainly() throws {
        #expect(ProvenanceReader.verify(path: "/nonexistent/video.mp4").outcome == .unreadable)
        #expect(ProvenanceReader.verify(path: NSTemporaryDirectory()).outcome == .unreadable)
        #expect(try Self.verify([]).outcome == .unreadable)
        #expect(try ProvenanceReader.verify(path: Support.photoPath).outcome == .unreadable)
        let unsigned = try ProvenanceReader.verify(path: Support.baseVideo)
        #expect(unsigned.outcome == .noManifest)
        #expect(unsigned.humanReadable.contains("no Content Credentials"))
    }
}

/// A small deterministic generator, so a failing fuzz case can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
