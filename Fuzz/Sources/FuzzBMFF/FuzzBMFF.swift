import CFuzzDriver
import Foundation
@testable import AliveProvenance

/// The MP4 (ISO BMFF) box reader and the C2PA verifier on arbitrary bytes: the whole of
/// `alive verify`, which reads from a file (written once per input to a private temporary).
let path = NSTemporaryDirectory() + "alive-fuzz-bmff-\(getpid()).mp4"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBMFF(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FileManager.default.createFile(atPath: path, contents: Data(bytes: data, count: size))
    _ = ProvenanceReader.verify(path: path)
    // The signer's offset patching on whatever moov the input holds.
    var bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if bytes.count >= 8, bytes.count < 1 << 20 { _ = try? BMFF.shiftChunkOffsets(inMoov: &bytes, by: 1234, path: "fuzz") }
    return 0
}

@main
enum FuzzBMFFMain {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzBMFF(data!, size) })
    }
}
