import CFuzzDriver
import Foundation
@testable import AliveProvenance

/// The CBOR decoder (claims, assertions, COSE) and what alive does with a decoded item:
/// JSON for the report, re-encoding, COSE_Sign1 parsing.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCBOR(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let item = try? CBOR.decode(bytes) {
        _ = CBORJSON.jsonValue(item)
        _ = item.encoded()
    }
    _ = try? CBOR.decodePrefix(bytes)
    _ = try? COSE.parseSign1(bytes)
    return 0
}

@main
enum FuzzCBORMain {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzCBOR(data!, size) })
    }
}
