import CFuzzDriver
import Foundation
@testable import AliveMedia

/// The JPEG and PNG loaders on arbitrary bytes, from memory, as `PhotoDecoder` calls them.
/// The pixel limit keeps a lying header from costing seconds per input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPhoto(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let options = DecodeOptions(maxPixels: 4_000_000, requiredScale: { w, h in min(1, 256 / Double(max(w, h, 1))) })
    switch PhotoFormat(magic: Array(bytes.prefix(16))) {
    case .jpeg?: _ = try? JPEGPhotoDecoder.decode(bytes, path: "fuzz.jpg", options: options)
    case .png?: _ = try? PNGPhotoDecoder.decode(bytes, path: "fuzz.png", options: options)
    case nil: break
    }
    return 0
}

@main
enum FuzzPhotoMain {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzPhoto(data!, size) })
    }
}
