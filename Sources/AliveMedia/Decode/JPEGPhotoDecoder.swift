internal import AliveCore
internal import CAliveShims

/// JPEG through libjpeg(-turbo), via the setjmp shim in CAliveShims.
enum JPEGPhotoDecoder {
    static func decode(_ bytes: UnsafeRawBufferPointer, path: String, options: DecodeOptions) throws(MediaError) -> DecodedPhoto {
        let jpeg = try JPEGDecompressor(reading: bytes, path: path)
        let header = try jpeg.readHeader()
        let orientation = header.exif.map(ExifOrientation.fromJPEGApp1) ?? 1
        let swaps = ExifOrientation.swapsAxes(orientation)
        let fullWidth = swaps ? header.height : header.width
        let fullHeight = swaps ? header.width : header.height
        // On the full size even when scaling down: a progressive JPEG keeps every DCT
        // coefficient of the full image in memory whatever the output scale.
        try DecodePolicy.checkLimit(width: fullWidth, height: fullHeight, options: options, path: path)

        let eighths = DecodePolicy.scaleEighths(width: fullWidth, height: fullHeight, options: options)
        let (width, height) = try jpeg.setScale(eighths: eighths)
        var failure: MediaError?
        var pixels = [UInt8](unsafeUninitializedCapacity: width * height * 4) { buffer, count in
            do throws(MediaError) {
                try readStrips(jpeg, into: buffer, width: width, height: height, header: header, orientation: orientation)
                count = buffer.count
            } catch {
                failure = error
                count = 0
            }
        }
        if let failure { throw failure }
        let upright =
            swaps
            ? (width: height, height: width)  // placed upright strip by strip
            : PhotoOrientation.makeUpright(&pixels, width: width, height: height, orientation: orientation)
        return DecodedPhoto(
            photo: Photo(width: upright.width, height: upright.height, pixels: pixels, hasAlpha: false),
            format: PhotoFormat.jpeg.rawValue, fullWidth: fullWidth, fullHeight: fullHeight,
            orientation: orientation)
    }

    /// Decodes into `buffer` a strip of rows at a time, converting CMYK while the strip is
    /// in cache. For the transposing orientations each strip goes through a small buffer
    /// and lands upright, so a turned 48-megapixel photo never needs two full-size copies.
    private static func readStrips(
        _ jpeg: JPEGDecompressor, into buffer: UnsafeMutableBufferPointer<UInt8>, width: Int, height: Int,
        header: JPEGHeader, orientation: Int
    ) throws(MediaError) {
        let rowBytes = width * 4, stripRows = PhotoOrientation.stripRows
        let turns = ExifOrientation.swapsAxes(orientation)
        let strip = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: turns ? stripRows * rowBytes : 0)
        defer { strip.deallocate() }
        try jpeg.start()
        for first in stride(from: 0, to: height, by: stripRows) {
            let count = min(stripRows, height - first)
            let rows = turns ? strip.baseAddress! : buffer.baseAddress! + first * rowBytes
            try jpeg.readRows(into: rows, rowBytes: rowBytes, count: count)
            if header.isCMYK {
                convertCMYKToRGBA(UnsafeMutableBufferPointer(start: rows, count: count * rowBytes), inverted: header.sawAdobeMarker)
            }
            if turns {
                UnsafeMutableRawPointer(rows).withMemoryRebound(to: UInt32.self, capacity: count * width) { strip in
                    UnsafeMutableRawPointer(buffer.baseAddress!).withMemoryRebound(to: UInt32.self, capacity: width * height) { upright in
                        PhotoOrientation.placeRows(
                            strip, first: first, count: count, width: width, height: height,
                            orientation: orientation, into: upright)
                    }
                }
            }
        }
        try jpeg.finish()
    }

    /// CMYK (as libjpeg outputs it, also for YCCK) to RGBA in place, alpha 255.
    ///
    /// Adobe applications, and everything that copies them (Pillow, ImageMagick), store
    /// CMYK inverted and mark the file with an Adobe APP14 segment: a stored 255 means no
    /// ink. Without that marker the values are plain ink amounts. Either way, with ink
    /// fractions c and k, red is (1 - c)(1 - k); this is the naive conversion without an
    /// ICC profile, which is what browsers do for untagged CMYK.
    static func convertCMYKToRGBA(_ px: UnsafeMutableBufferPointer<UInt8>, inverted: Bool) {
        guard let p = px.baseAddress else { return }
        let flip: UInt32 = inverted ? 0 : 255
        var i = 0
        while i + 3 < px.count {
            let k = UInt32(p[i + 3]) ^ flip
            p[i] = divideBy255(UInt32(p[i]) ^ flip, k)
            p[i + 1] = divideBy255(UInt32(p[i + 1]) ^ flip, k)
            p[i + 2] = divideBy255(UInt32(p[i + 2]) ^ flip, k)
            p[i + 3] = 255
            i += 4
        }
    }

    /// a * b / 255, rounded, for a and b in 0...255, without a division.
    @inline(__always)
    private static func divideBy255(_ a: UInt32, _ b: UInt32) -> UInt8 {
        let x = a * b + 128
        return UInt8(truncatingIfNeeded: (x + (x >> 8)) >> 8)
    }
}

/// What `alive_jpeg_read_header` found, in Swift terms.
struct JPEGHeader {
    var width: Int
    var height: Int
    var isCMYK: Bool
    var sawAdobeMarker: Bool
    /// The APP1 Exif payload ("Exif\0\0" and a TIFF structure), copied out of libjpeg.
    var exif: [UInt8]?
}

/// Owns one libjpeg decompressor of the C shim and frees it in `deinit`. It reads bytes it
/// does not own: keep them alive and unchanged for as long as the decompressor lives (in
/// practice: create it inside the `withUnsafeBytes` that lends them, never let it escape).
final class JPEGDecompressor {
    private let handle: OpaquePointer
    private let path: String

    init(reading bytes: UnsafeRawBufferPointer, path: String) throws(MediaError) {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self),
            let handle = alive_jpeg_create(base, bytes.count)
        else { throw .corrupt(path: path, format: "jpeg", reason: "cannot create a libjpeg decompressor") }
        self.handle = handle
        self.path = path
    }

    deinit { alive_jpeg_destroy(handle) }

    func readHeader() throws(MediaError) -> JPEGHeader {
        var header = alive_jpeg_header()
        try check(alive_jpeg_read_header(handle, &header), "reading the header")
        let exif = header.exif.map { Array(UnsafeBufferPointer(start: $0, count: header.exif_length)) }
        return JPEGHeader(
            width: Int(header.width), height: Int(header.height), isCMYK: header.is_cmyk != 0,
            sawAdobeMarker: header.saw_adobe_marker != 0, exif: exif)
    }

    /// Sets DCT scaling to `eighths`/8 and returns the output size.
    func setScale(eighths: Int) throws(MediaError) -> (width: Int, height: Int) {
        var width: Int32 = 0, height: Int32 = 0
        try check(alive_jpeg_set_scale(handle, Int32(eighths), &width, &height), "scaling")
        return (Int(width), Int(height))
    }

    func start() throws(MediaError) {
        try check(alive_jpeg_start(handle), "starting")
    }

    /// Decodes the next `count` rows into `rows`, `rowBytes` apart.
    func readRows(into rows: UnsafeMutablePointer<UInt8>, rowBytes: Int, count: Int) throws(MediaError) {
        try check(alive_jpeg_read_rows(handle, rows, rowBytes, Int32(count)), "decoding")
    }

    func finish() throws(MediaError) {
        try check(alive_jpeg_finish(handle), "finishing")
    }

    /// The one place a shim status becomes a Swift error: libjpeg's own message and the step.
    private func check(_ status: Int32, _ operation: String) throws(MediaError) {
        guard status != 0 else { return }
        let message = String(cString: alive_jpeg_message(handle))
        throw .corrupt(path: path, format: "jpeg", reason: "\(message) (\(operation))")
    }
}
