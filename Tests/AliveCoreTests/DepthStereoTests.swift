@testable import AliveCore
import Foundation
import Testing

/// alive's depth against measured depth: the Middlebury 2014 "Motorcycle" stereo pair
/// (Scharstein et al., GCPR 2014) as scikit-image ships it, whose true disparity is known at
/// almost every pixel. Larger disparity is nearer, so the true depth order is -disparity.
///
/// The bar is the plain prior every photo allows: lower in the picture is nearer. A depth
/// map that cannot order an indoor close-up better than that adds nothing to it.
///
/// The data is research-use only, so it is not in the repository: `make stereo-data` (run by
/// `make test`) fetches it into `.venv/data/motorcycle`; `ALIVE_STEREO_DATA` names the folder.
@Suite struct DepthStereoTests {
    /// How much better than the prior alive's rank correlation must be.
    static let margin = 0.1

    @Test func depthOrdersTheMotorcycleBetterThanLowerIsNearer() throws {
        let folder = try StereoData.folder()
        let photo = try decodePhoto(atPath: folder.appendingPathComponent("motorcycle_left.png").path)
        let disparity = try NumpyArray.load(npz: folder.appendingPathComponent("motorcycle_disp.npz"))
        try #require(disparity.shape == [photo.height, photo.width],
                     "disparity \(disparity.shape) does not match the photo \(photo.width)x\(photo.height)")

        let maps = SceneAnalysis.analyze(photo)
        dump(named: "motorcycle", maps)
        let depth = maps.depth
        let w = depth.width, h = depth.height
        // The truth at each analysis pixel's centre; holes (inf, nan, 0) are left out.
        var alive: [Float] = [], prior: [Float] = [], truth: [Float] = []
        for y in 0..<h {
            let sy = min(photo.height - 1, Int((Double(y) + 0.5) * Double(photo.height) / Double(h)))
            for x in 0..<w {
                let sx = min(photo.width - 1, Int((Double(x) + 0.5) * Double(photo.width) / Double(w)))
                let d = disparity.values[sy * photo.width + sx]
                guard d.isFinite && d > 0 else { continue }
                alive.append(depth[x, y])
                prior.append(1 - (Float(y) + 0.5) / Float(h))
                truth.append(-d)
            }
        }
        #expect(alive.count > w * h / 2, "only \(alive.count) of \(w * h) pixels have a true disparity")
        let rhoAlive = spearman(alive, truth), rhoPrior = spearman(prior, truth)
        print("motorcycle: depth Spearman alive \(String(format: "%.3f", rhoAlive)), "
              + "lower-is-nearer prior \(String(format: "%.3f", rhoPrior)) over \(alive.count) pixels")
        #expect(rhoAlive > rhoPrior + Self.margin,
                "alive's depth (Spearman \(rhoAlive)) should beat the prior (\(rhoPrior)) by \(Self.margin)")
    }

    @Test func readsANumpyArray() throws {
        // The .npy format, version 1.0: magic, header length, a Python dict, padding to 64.
        let values: [Float] = [1.5, .infinity, -2, 0, 7, .nan]
        var header = Array("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }".utf8)
        while (10 + header.count + 1) % 64 != 0 { header.append(0x20) }
        header.append(0x0A)
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.count), 0] + header
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
        let array = try NumpyArray(npy: bytes)
        #expect(array.shape == [2, 3])
        #expect(array.values[0] == 1.5 && array.values[1] == .infinity && array.values[4] == 7)
        #expect(array.values[5].isNaN)
    }
}

/// Where the stereo data is: `ALIVE_STEREO_DATA` (set by `make test`), else `.venv/data/motorcycle`.
enum StereoData {
    static func folder() throws -> URL {
        let folder = ProcessInfo.processInfo.environment["ALIVE_STEREO_DATA"].map { URL(fileURLWithPath: $0) }
            ?? packageRoot.appendingPathComponent(".venv/data/motorcycle")
        for name in ["motorcycle_left.png", "motorcycle_disp.npz"]
        where !FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path) {
            throw SampleError(description: "the stereo test data is missing (\(folder.path)/\(name)): "
                              + "run `make test`, which fetches it (or `make stereo-data`)")
        }
        return folder
    }
}

/// A float array from NumPy's .npy format (little-endian float32 or float64, C order), as
/// `numpy.save` writes it; `.npz` is a zip of such files. Only what the test data needs.
struct NumpyArray {
    var shape: [Int]
    var values: [Float]

    /// The first array in an .npz file.
    static func load(npz url: URL) throws -> NumpyArray {
        let zip = [UInt8](try Data(contentsOf: url))
        return try NumpyArray(npy: try ZipEntry.first(in: zip, named: url.lastPathComponent))
    }

    init(npy bytes: [UInt8]) throws {
        func fail(_ why: String) -> SampleError { SampleError(description: "not a usable .npy array: \(why)") }
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1...5]) == Array("NUMPY".utf8) else {
            throw fail("no NUMPY magic")
        }
        let major = bytes[6]
        let headerLength: Int, start: Int
        switch major {
        case 1: headerLength = Int(bytes[8]) | Int(bytes[9]) << 8; start = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw fail("truncated header") }
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }; start = 12
        default: throw fail("format version \(major)")
        }
        guard start + headerLength <= bytes.count else { throw fail("truncated header") }
        let header = String(decoding: bytes[start..<(start + headerLength)], as: UTF8.self)
        func field(_ key: String) throws -> Substring {
            guard let range = header.range(of: "'\(key)':") else { throw fail("no '\(key)' in \(header)") }
            return header[range.upperBound...].drop { $0 == " " }
        }
        let descr = try field("descr")
        let width: Int
        if descr.hasPrefix("'<f4'") { width = 4 } else if descr.hasPrefix("'<f8'") { width = 8 } else {
            throw fail("element type \(descr.prefix(6)) (only little-endian float32 and float64)")
        }
        guard try field("fortran_order").hasPrefix("False") else { throw fail("Fortran order") }
        let shapeText = try field("shape")
        guard shapeText.hasPrefix("("), let close = shapeText.firstIndex(of: ")") else { throw fail("no shape") }
        shape = shapeText[shapeText.index(after: shapeText.startIndex)..<close]
            .split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let count = shape.reduce(1, *)
        let data = start + headerLength
        guard bytes.count - data >= count * width else { throw fail("\(count) values announced, fewer stored") }
        values = [Float](repeating: 0, count: count)
        for i in 0..<count {
            let o = data + i * width
            if width == 4 {
                let bits = (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[o + $1]) << (8 * UInt32($1)) }
                values[i] = Float(bitPattern: bits)
            } else {
                let bits = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[o + $1]) << (8 * UInt64($1)) }
                values[i] = Float(Double(bitPattern: bits))
            }
        }
    }
}

/// The first file of a zip archive (stored or deflated), read through its central directory.
/// Deflated data is inflated by gzip: a raw deflate stream with gzip's 10-byte header and
/// the zip's own CRC-32 and size as trailer is a valid .gz file.
enum ZipEntry {
    static func first(in zip: [UInt8], named name: String) throws -> [UInt8] {
        func fail(_ why: String) -> SampleError { SampleError(description: "\(name): not a usable zip: \(why)") }
        func u16(_ o: Int) -> Int { Int(zip[o]) | Int(zip[o + 1]) << 8 }
        func u32(_ o: Int) -> Int { u16(o) | u16(o + 2) << 16 }
        // End of central directory: 22 bytes plus a comment of at most 64 KiB, at the end.
        let earliest = max(0, zip.count - 22 - 65_535)
        var end = zip.count - 22
        while end >= earliest && u32(end) != 0x0605_4B50 { end -= 1 }
        guard end >= earliest else { throw fail("no end of central directory") }
        let central = u32(end + 16)
        guard central + 46 <= zip.count, u32(central) == 0x0201_4B50 else { throw fail("no central directory") }
        let method = u16(central + 10), crc = u32(central + 16)
        let compressed = u32(central + 20), size = u32(central + 24), local = u32(central + 42)
        guard compressed != 0xFFFF_FFFF, size != 0xFFFF_FFFF, local != 0xFFFF_FFFF else { throw fail("zip64") }
        guard local + 30 <= zip.count, u32(local) == 0x0403_4B50 else { throw fail("no local header") }
        let data = local + 30 + u16(local + 26) + u16(local + 28)
        guard data + compressed <= zip.count else { throw fail("truncated") }
        let stream = Array(zip[data..<(data + compressed)])
        switch method {
        case 0: return stream
        case 8:
            var gz: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3] + stream
            for v in [crc, size] { for k in 0..<4 { gz.append(UInt8(truncatingIfNeeded: v >> (8 * k))) } }
            let file = FileManager.default.temporaryDirectory
                .appendingPathComponent("alive-npz-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).gz")
            try Data(gz).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let inflated = [UInt8](try runTool("/usr/bin/gzip", ["-dc", file.path]))
            guard inflated.count == size else { throw fail("inflated to \(inflated.count) bytes, not \(size)") }
            return inflated
        default: throw fail("compression method \(method)")
        }
    }
}
