import CFuzzDriver
import Foundation
import AliveMedia

/// The `--audio` reader (libavformat, libavcodec, libswresample) on arbitrary bytes, with the
/// clip-length limit a 2 s clip gives. FFmpeg reads from a file: one private temporary per
/// process, rewritten for each input.
let path = NSTemporaryDirectory() + "alive-fuzz-audio-\(getpid()).wav"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAudio(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FileManager.default.createFile(atPath: path, contents: Data(bytes: data, count: size))
    _ = try? AudioFileDecoder.decode(path: path, maxSamples: 48_000 * 2)
    return 0
}

@main
enum FuzzAudioMain {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzAudio(data!, size) })
    }
}
