import CFuzzDriver
import Foundation
import AliveCore
@testable import AlivePipeline

/// The prompt reader and the moderation rules on arbitrary text (any bytes, decoded as the
/// command line would), and the policy-file parser on the same bytes as JSON.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPrompt(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let text = String(decoding: bytes, as: UTF8.self)
    _ = PromptReader.read(text)
    _ = ModerationPolicy.builtIn.firstMatch(text)
    _ = PromptWords(text).words
    if let object = try? JSONSerialization.jsonObject(with: Data(bytes)) {
        if let policy = try? ModerationPolicy.parse(object, bad: { .badPolicy(path: "fuzz", reason: $0) }) {
            _ = policy.firstMatch(text)
        }
    }
    return 0
}

@main
enum FuzzPromptMain {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzPrompt(data!, size) })
    }
}
