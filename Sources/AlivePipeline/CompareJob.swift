import AliveCore
import AliveMedia
import Foundation

/// How far an actual frame may be from the expected one. With neither limit set, frames
/// must be identical.
public struct Tolerance: Sendable {
    /// Largest allowed difference of any component of any pixel, 0...255.
    public var maxDifference: Int?
    /// Smallest allowed PSNR over all components, in dB.
    public var minimumPSNR: Double?

    public init(maxDifference: Int? = nil, minimumPSNR: Double? = nil) {
        self.maxDifference = maxDifference
        self.minimumPSNR = minimumPSNR
    }

    func accepts(maxDifference difference: Int, psnr: Double) -> Bool {
        if maxDifference == nil && minimumPSNR == nil { return difference == 0 }
        if let maxDifference, difference > maxDifference { return false }
        if let minimumPSNR, psnr < minimumPSNR { return false }
        return true
    }
}

/// One frame compared: its PSNR and largest difference, or why it could not be compared.
public struct FrameComparison: Sendable {
    public var name: String
    /// Infinity when the frames are identical.
    public var psnr: Double
    public var maxDifference: Int
    /// A size mismatch or a missing file; the frame fails.
    public var problem: String?
    public var passed: Bool
    /// The difference image written for a failing frame.
    public var diffImage: String?
}

/// `alive compare`: golden frames against new ones, one PNG pair or two folders of frames.
public enum CompareJob {
    public static func run(expected: String, actual: String, tolerance: Tolerance,
                           diffDirectory: String?) throws -> [FrameComparison] {
        if let max = tolerance.maxDifference, !(0...255).contains(max) {
            throw PipelineError.invalidOption(name: "--max-diff", value: "\(max)", reason: "must be 0 to 255")
        }
        if let diffDirectory { try OutputFile.makeFolder(diffDirectory) }
        let expectedIsFolder = isFolder(expected), actualIsFolder = isFolder(actual)
        guard expectedIsFolder == actualIsFolder else {
            throw PipelineError.invalidOption(name: "EXPECTED ACTUAL", value: "\(expected) \(actual)",
                                              reason: "compare two PNG files or two folders, not one of each")
        }
        if !expectedIsFolder {
            return [try compare(name: URL(fileURLWithPath: actual).lastPathComponent, expected: expected, actual: actual,
                                tolerance: tolerance, diffDirectory: diffDirectory)]
        }
        let expectedNames = try pngNames(in: expected), actualNames = try pngNames(in: actual)
        var results: [FrameComparison] = []
        for name in expectedNames.union(actualNames).sorted() {
            let e = (expected as NSString).appendingPathComponent(name), a = (actual as NSString).appendingPathComponent(name)
            if !actualNames.contains(name) {
                results.append(FrameComparison(name: name, psnr: 0, maxDifference: 255, problem: "missing from \(actual)",
                                               passed: false))
            } else if !expectedNames.contains(name) {
                results.append(FrameComparison(name: name, psnr: 0, maxDifference: 255,
                                               problem: "not in \(expected) (no reference)", passed: false))
            } else {
                results.append(try compare(name: name, expected: e, actual: a, tolerance: tolerance,
                                           diffDirectory: diffDirectory))
            }
        }
        if results.isEmpty {
            throw PipelineError.invalidOption(name: "EXPECTED", value: expected, reason: "the folders hold no PNG files")
        }
        return results
    }

    static func compare(name: String, expected: String, actual: String, tolerance: Tolerance,
                        diffDirectory: String?) throws -> FrameComparison {
        let e = try PhotoDecoder.decode(path: expected).photo, a = try PhotoDecoder.decode(path: actual).photo
        guard e.width == a.width && e.height == a.height else {
            return FrameComparison(name: name, psnr: 0, maxDifference: 255,
                                   problem: "sizes differ: expected \(e.width)x\(e.height), actual \(a.width)x\(a.height)",
                                   passed: false)
        }
        var squared = 0.0, largest = 0
        let channels = e.hasAlpha || a.hasAlpha ? 4 : 3
        var difference = [UInt8](repeating: 0, count: e.width * e.height)
        e.pixels.withUnsafeBufferPointer { ep in
            a.pixels.withUnsafeBufferPointer { ap in
                for i in 0..<(e.width * e.height) {
                    var pixelLargest = 0
                    for c in 0..<channels {
                        let d = abs(Int(ep[4 * i + c]) - Int(ap[4 * i + c]))
                        squared += Double(d * d)
                        pixelLargest = max(pixelLargest, d)
                    }
                    largest = max(largest, pixelLargest)
                    difference[i] = UInt8(pixelLargest)
                }
            }
        }
        let mse = squared / Double(e.width * e.height * channels)
        let psnr = mse == 0 ? Double.infinity : 10 * log10(255 * 255 / mse)
        let passed = tolerance.accepts(maxDifference: largest, psnr: psnr)
        var diffImage: String?
        if !passed, let diffDirectory {
            let path = (diffDirectory as NSString).appendingPathComponent(
                (name as NSString).deletingPathExtension + ".diff.png")
            try writeDifference(expected: e, difference: difference, to: path)
            diffImage = path
        }
        return FrameComparison(name: name, psnr: psnr, maxDifference: largest, passed: passed, diffImage: diffImage)
    }

    /// The expected frame dimmed to grey, with every differing pixel in red, brighter the
    /// larger the difference (x8, so a difference of 2 is already visible).
    static func writeDifference(expected: Photo, difference: [UInt8], to path: String) throws {
        var rgb = [UInt8](repeating: 0, count: difference.count * 3)
        for i in 0..<difference.count {
            let p = expected.pixel(x: i % expected.width, y: i / expected.width)
            let r = Int(p.x), g = Int(p.y), b = Int(p.z)
            let luma: Int = (2 * r + 5 * g + b) / 8
            let grey = UInt8(luma * 3 / 10)
            let d = difference[i]
            rgb[3 * i] = d == 0 ? grey : UInt8(min(255, 64 + Int(d) * 8))
            rgb[3 * i + 1] = grey
            rgb[3 * i + 2] = grey
        }
        try OutputFile.replace(path) {
            try PNGWriter.write(rgb, width: expected.width, height: expected.height, channels: 3, to: $0)
        }
    }

    static func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    static func pngNames(in folder: String) throws -> Set<String> {
        do {
            return Set(try FileManager.default.contentsOfDirectory(atPath: folder)
                .filter { $0.lowercased().hasSuffix(".png") && !$0.hasPrefix(".") })
        } catch {
            throw MediaError.cannotOpen(path: folder, reason: "cannot list the folder")
        }
    }
}
