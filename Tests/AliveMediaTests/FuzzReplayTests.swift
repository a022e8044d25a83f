import AliveCore
import Foundation
import Testing

@testable import AliveMedia

/// Every input committed for the photo and sound fuzz targets (the seeds in Fuzz/Corpus and
/// any input that once crashed or ballooned, in Fuzz/Regressions) is replayed through the
/// same calls: an answer or a thrown error, never a crash.
@Suite struct FuzzReplayTests {
    static let fuzz = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz").path

    static func inputs(_ target: String) -> [String] {
        ["Corpus", "Regressions"].flatMap { folder -> [String] in
            let dir = "\(fuzz)/\(folder)/\(target)"
            return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted().map { "\(dir)/\($0)" }
        }
    }

    @Test func photoInputsReplay() throws {
        let inputs = Self.inputs("photo")
        #expect(inputs.count >= 10)
        for path in inputs {
            _ = try? PhotoDecoder.decode(path: path, options: DecodeOptions(maxPixels: 4_000_000))
        }
    }

    @Test func audioInputsReplay() throws {
        let inputs = Self.inputs("audio")
        #expect(inputs.count >= 4)
        for path in inputs {
            _ = try? AudioFileDecoder.decode(path: path, maxSamples: 48_000 * 2)
        }
    }

    /// Found by fuzz-photo: a 144-byte PNG whose eXIf chunk claims 1 GB made libpng allocate
    /// it (libFuzzer: out-of-memory, malloc(1073741862)). Refused before libpng runs.
    @Test func pngChunkClaimingAGigabyteIsRefused() throws {
        let path = "\(Self.fuzz)/Regressions/photo/png-chunk-length-1gb.png"
        do {
            _ = try PhotoDecoder.decode(path: path)
            Issue.record("decoded")
        } catch {
            #expect(error.kind == .badInput)
            #expect(error.description.contains("claims 1073741862 bytes"), "\(error)")
        }
    }
}
