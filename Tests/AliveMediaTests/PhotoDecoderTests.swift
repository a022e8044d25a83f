import AliveCore
import Foundation
import Testing

@testable import AliveMedia

/// Decodes the fixtures that Fixtures/make_fixtures.py writes and checks what it promises.
@Suite struct PhotoDecoderTests {
    // The quadrant centres of the 48x32 pictures and the colours make_fixtures.py paints.
    static let centres = [(12, 8), (36, 8), (12, 24), (36, 24)]
    static let jpegQuadrants: [SIMD3<Int>] = [[220, 30, 30], [30, 200, 60], [40, 60, 210], [230, 230, 230]]
    static let pngQuadrants: [SIMD3<Int>] = [[200, 30, 30], [30, 180, 60], [40, 60, 200], [220, 220, 220]]
    static let grayQuadrants = [40, 100, 160, 220]
    static let cmykAsRGB: [SIMD3<Int>] = [[204, 41, 41], [0, 255, 0], [255, 255, 255], [127, 127, 127]]

    // MARK: JPEG

    @Test(arguments: ["baseline.jpg", "progressive.jpg"])
    func colourJPEG(name: String) throws {
        let decoded = try decode(name)
        #expect(decoded.format == "jpeg")
        #expect(decoded.orientation == 1)
        #expect(!decoded.photo.hasAlpha)
        expectQuadrants(decoded.photo, Self.jpegQuadrants, tolerance: 12)
        #expect(decoded.photo.pixels.enumerated().allSatisfy { $0.offset % 4 != 3 || $0.element == 255 })
    }

    @Test func grayscaleJPEGBecomesGreyRGB() throws {
        let photo = try decode("grayscale.jpg").photo
        for (index, (x, y)) in Self.centres.enumerated() {
            let p = photo.pixel(x: x, y: y)
            #expect(p.x == p.y && p.y == p.z && p.w == 255)
            #expect(abs(Int(p.x) - Self.grayQuadrants[index]) <= 6, "quadrant \(index): \(p)")
        }
    }

    /// Pillow writes Adobe CMYK inverted (transform 0); the YCCK file is the same inverted
    /// CMYK through libjpeg's YCCK transform (Adobe transform 2), as Photoshop writes it.
    @Test(arguments: ["cmyk_adobe.jpg", "ycck_adobe.jpg"])
    func adobeCMYKJPEG(name: String) throws {
        let decoded = try decode(name)
        #expect(!decoded.photo.hasAlpha)
        expectQuadrants(decoded.photo, Self.cmykAsRGB, tolerance: 6)
    }

    /// The same upright picture stored eight ways: after orientation all eight agree.
    @Test func everyExifOrientationComesOutUpright() throws {
        let reference = try decode("orientation1.jpg").photo
        for orientation in 1...8 {
            let decoded = try decode("orientation\(orientation).jpg")
            #expect(decoded.orientation == orientation)
            #expect(decoded.fullWidth == 48 && decoded.fullHeight == 32)
            #expect(decoded.photo.width == 48 && decoded.photo.height == 32)
            expectQuadrants(decoded.photo, Self.jpegQuadrants, tolerance: 12)
            // Block artefacts differ with the stored direction, so compare on average.
            let difference = zip(decoded.photo.pixels, reference.pixels).map { abs(Int($0) - Int($1)) }
            let mean = Double(difference.reduce(0, +)) / Double(difference.count)
            #expect(mean < 3, "orientation \(orientation): mean difference \(mean)")
        }
    }

    @Test func dctScalingPicksTheSmallestEighthAtLeastTheRequiredFraction() throws {
        let cases: [(fraction: Double, side: Int)] = [(0.3, 96), (0.25, 64), (0.125, 32), (0.01, 32), (0.9, 256), (1, 256)]
        for (fraction, side) in cases {
            let decoded = try decode("scale256.jpg", DecodeOptions(requiredScale: { _, _ in fraction }))
            #expect(decoded.photo.width == side && decoded.photo.height == side, "fraction \(fraction)")
            #expect(decoded.fullWidth == 256 && decoded.fullHeight == 256)
            let quarter = side / 4
            let centres = [(quarter, quarter), (3 * quarter, quarter), (quarter, 3 * quarter), (3 * quarter, 3 * quarter)]
            expectQuadrants(decoded.photo, Self.jpegQuadrants, tolerance: 12, at: centres)
        }
    }

    /// requiredScale sees the upright size, and scaling composes with orientation.
    @Test func dctScalingSeesTheUprightSize() throws {
        let options = DecodeOptions(requiredScale: { width, height in width == 48 && height == 32 ? 0.5 : 1 })
        let decoded = try decode("orientation6.jpg", options)
        #expect(decoded.photo.width == 24 && decoded.photo.height == 16)
        expectQuadrants(decoded.photo, Self.jpegQuadrants, tolerance: 16, at: [(6, 4), (18, 4), (6, 12), (18, 12)])
    }

    @Test(arguments: ["truncated.jpg", "progressive_truncated.jpg", "corrupt.jpg"])
    func damagedJPEGFailsInsteadOfDecodingGrey(name: String) throws {
        let error = try decodeError(name)
        guard case .corrupt(let path, let format, let reason) = error else {
            Issue.record("expected .corrupt, got \(error)")
            return
        }
        #expect(path == fixture(name) && format == "jpeg")
        #expect(!reason.isEmpty)
        #expect(error.kind == .badInput)
    }

    @Test func truncatedJPEGSaysSo() throws {
        let error = try decodeError("truncated.jpg")
        #expect(error.description.contains("Premature end of JPEG file"), "\(error)")
    }

    // MARK: PNG

    /// Lossless formats are checked pixel by pixel against the generator's formula.
    @Test(arguments: ["rgb8.png", "interlaced.png", "rgb16.png", "orientation6.png"])
    func colourPNG(name: String) throws {
        let decoded = try decode(name)
        #expect(decoded.format == "png")
        #expect(!decoded.photo.hasAlpha)
        #expect(decoded.orientation == (name == "orientation6.png" ? 6 : 1))
        #expect(decoded.photo.width == 48 && decoded.photo.height == 32)
        var mismatches = 0
        for y in 0..<32 {
            for x in 0..<48 {
                let expected = Self.pngQuadrants[Self.quadrant(x, y)] &+ Self.texture(x, y)
                let p = decoded.photo.pixel(x: x, y: y)
                if SIMD3(Int(p.x), Int(p.y), Int(p.z)) != expected || p.w != 255 { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
    }

    @Test func grayPNG() throws {
        let decoded = try decode("gray8.png")
        #expect(!decoded.photo.hasAlpha)
        let p = decoded.photo.pixel(x: 40, y: 30)
        let expected = UInt8(Self.grayQuadrants[3] + (40 * 7 + 30 * 13) % 16)
        #expect(p == SIMD4(expected, expected, expected, 255))
    }

    @Test(arguments: ["rgba8.png", "gray_alpha8.png", "palette_trns.png"])
    func alphaPNGKeepsStraightAlpha(name: String) throws {
        let decoded = try decode(name)
        #expect(decoded.photo.hasAlpha)
        let alphas: [UInt8] = name == "palette_trns.png" ? [255, 128, 0, 255] : [255, 128, 0, 64]
        for (index, (x, y)) in Self.centres.enumerated() {
            let p = decoded.photo.pixel(x: x, y: y)
            #expect(p.w == alphas[index], "quadrant \(index): \(p)")
            // Straight alpha: a half-transparent pixel keeps its full colour.
            if index == 1 {
                let colour = name == "gray_alpha8.png" ? SIMD3(100, 100, 100) : Self.pngQuadrants[1]
                #expect(SIMD3(Int(p.x), Int(p.y), Int(p.z)) == colour)
            }
        }
    }

    @Test func paletteWithoutTRNSIsOpaque() throws {
        let decoded = try decode("palette.png")
        #expect(!decoded.photo.hasAlpha)
        expectQuadrants(decoded.photo, Self.pngQuadrants, tolerance: 0)
    }

    @Test(arguments: ["truncated.png", "corrupt.png"])
    func damagedPNGFails(name: String) throws {
        let error = try decodeError(name)
        guard case .corrupt(let path, "png", let reason) = error else {
            Issue.record("expected .corrupt png, got \(error)")
            return
        }
        #expect(path == fixture(name) && !reason.isEmpty)
    }

    // MARK: Files that are not photos, and size limits

    @Test(arguments: ["huge.jpg", "huge.png"])
    func hugeHeaderIsRefusedBeforeAllocating(name: String) throws {
        #expect(try decodeError(name) == .tooLarge(path: fixture(name), width: 60000, height: 60000, limit: 100_000_000))
    }

    @Test func pixelLimitIsConfigurable() throws {
        let error = try decodeError("orientation6.jpg", DecodeOptions(maxPixels: 1000))
        #expect(error == .tooLarge(path: fixture("orientation6.jpg"), width: 48, height: 32, limit: 1000))
        #expect(try decode("baseline.jpg", DecodeOptions(maxPixels: 48 * 32)).photo.width == 48)
    }

    @Test func formatComesFromTheBytesNotTheName() throws {
        #expect(try decodeError("not_a_photo.jpg") == .notAnImage(path: fixture("not_a_photo.jpg")))
        #expect(try decodeError("empty.png") == .empty(path: fixture("empty.png")))
    }

    @Test func missingFileAndDirectoryCannotOpen() throws {
        let missing = "/nonexistent/alive/photo.jpg"
        #expect(throws: MediaError.cannotOpen(path: missing, reason: "No such file or directory")) {
            try PhotoDecoder.decode(path: missing)
        }
        #expect(MediaError.cannotOpen(path: missing, reason: "").kind == .inputMissing)
        let folder = NSTemporaryDirectory()
        #expect(throws: MediaError.cannotOpen(path: folder, reason: "Is a directory")) {
            try PhotoDecoder.decode(path: folder)
        }
    }

    static let rocket = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/photos/rocket.jpg").standardizedFileURL.path

    @Test(.enabled(if: FileManager.default.fileExists(atPath: rocket)))
    func realPhoto() throws {
        let decoded = try PhotoDecoder.decode(path: Self.rocket)
        #expect(decoded.photo.width == 640 && decoded.photo.height == 427)
        let half = try PhotoDecoder.decode(path: Self.rocket, options: DecodeOptions(requiredScale: { _, _ in 0.5 }))
        #expect(half.photo.width == 320 && half.photo.height == 214)
        // A real photo has many colours, not a grey fill.
        #expect(Set(stride(from: 0, to: decoded.photo.pixels.count, by: 4 * 97).map { decoded.photo.pixels[$0] }).count > 50)
    }

    // MARK: Helpers

    static func quadrant(_ x: Int, _ y: Int) -> Int { (x < 24 ? 0 : 1) + (y < 16 ? 0 : 2) }
    static func texture(_ x: Int, _ y: Int) -> SIMD3<Int> { SIMD3(repeating: (x * 7 + y * 13) % 16) }

    func fixture(_ name: String) -> String {
        Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures")?.path ?? "missing fixture \(name)"
    }

    func decode(_ name: String, _ options: DecodeOptions = .init()) throws -> DecodedPhoto {
        try PhotoDecoder.decode(path: fixture(name), options: options)
    }

    func decodeError(_ name: String, _ options: DecodeOptions = .init()) throws -> MediaError {
        do {
            let decoded = try PhotoDecoder.decode(path: fixture(name), options: options)
            Issue.record("\(name) decoded to \(decoded.photo.width)x\(decoded.photo.height), expected an error")
            throw CancellationError()
        } catch let error as MediaError {
            return error
        }
    }

    func expectQuadrants(
        _ photo: Photo, _ colours: [SIMD3<Int>], tolerance: Int, at centres: [(Int, Int)] = centres,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for (index, (x, y)) in centres.enumerated() {
            let p = photo.pixel(x: x, y: y)
            let difference = SIMD3(Int(p.x), Int(p.y), Int(p.z)) &- colours[index]
            let worst = max(abs(difference.x), abs(difference.y), abs(difference.z))
            #expect(worst <= tolerance, "quadrant \(index) at (\(x), \(y)): \(p), expected \(colours[index])",
                    sourceLocation: sourceLocation)
        }
    }
}
