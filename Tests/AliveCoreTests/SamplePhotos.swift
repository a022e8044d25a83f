import AliveCore
import Foundation

/// Real photos for the scene tests, decoded by ffmpeg (AliveCore has no decoder of its own).

struct SampleError: Error, CustomStringConvertible { var description: String }

/// The repository's root (the folder holding Package.swift).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// Decodes a photo from samples/ (optionally scaled), as RGBA.
func decodeSample(_ name: String, scaledTo size: (Int, Int)? = nil) throws -> Photo {
    try decodePhoto(atPath: packageRoot.appendingPathComponent("samples/\(name)").path, scaledTo: size)
}

/// Decodes any photo ffmpeg reads (optionally scaled), as RGBA.
func decodePhoto(atPath path: String, scaledTo size: (Int, Int)? = nil) throws -> Photo {
    let name = URL(fileURLWithPath: path).lastPathComponent
    var width: Int, height: Int
    if let size {
        (width, height) = size
    } else {
        let probe = try runTool("/usr/bin/ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries",
                                                      "stream=width,height", "-of", "csv=p=0", path])
        let parts = String(decoding: probe, as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",").compactMap { Int($0) }
        guard parts.count == 2 else { throw SampleError(description: "ffprobe could not size \(name)") }
        (width, height) = (parts[0], parts[1])
    }
    var arguments = ["-v", "error", "-i", path]
    if size != nil { arguments += ["-vf", "scale=\(width):\(height)"] }
    arguments += ["-f", "rawvideo", "-pix_fmt", "rgba", "-"]
    let bytes = try runTool("/usr/bin/ffmpeg", arguments)
    guard bytes.count == width * height * 4 else {
        throw SampleError(description: "ffmpeg gave \(bytes.count) bytes for \(name) (\(width)x\(height))")
    }
    return Photo(width: width, height: height, pixels: [UInt8](bytes), hasAlpha: false)
}

/// Runs a tool and returns its standard output.
func runTool(_ tool: String, _ arguments: [String]) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw SampleError(description: "\(tool) failed with status \(process.terminationStatus)")
    }
    return data
}
