internal import AliveCore
internal import CPNG

/// PNG through libpng's simplified API, which reports errors in the `png_image` instead of
/// longjmp-ing, handles every bit depth, colour type, tRNS and interlacing, and converts
/// to 8-bit sRGB RGBA with straight alpha.
enum PNGPhotoDecoder {
    static func decode(_ bytes: UnsafeRawBufferPointer, path: String, options: DecodeOptions) throws(MediaError) -> DecodedPhoto {
        // libpng allocates a chunk's declared length before reading it: fuzzing found a 144-byte
        // PNG whose chunk claims 1 GB. A chunk longer than what is left of the file is refused
        // first (image data may be cut short: libpng reports that itself).
        if let lie = chunkLongerThanFile(bytes) {
            throw .corrupt(path: path, format: "png", reason: lie)
        }
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        defer { png_image_free(&image) }
        guard png_image_begin_read_from_memory(&image, bytes.baseAddress, bytes.count) != 0 else {
            throw corrupt(image, path: path)
        }
        let width = Int(image.width), height = Int(image.height)
        let orientation = exifOrientation(in: bytes)
        let swaps = ExifOrientation.swapsAxes(orientation)
        let fullWidth = swaps ? height : width, fullHeight = swaps ? width : height
        try DecodePolicy.checkLimit(width: fullWidth, height: fullHeight, options: options, path: path)

        // An alpha channel or a tRNS chunk: the file can carry transparency.
        let hasAlpha = image.format & UInt32(PNG_FORMAT_FLAG_ALPHA) != 0
        image.format = UInt32(PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA)  // RGBA, 8-bit
        // The simplified API takes 16-bit samples without gAMA/sRGB/iCCP as linear; the PNG
        // specification says samples of every depth use the same (sRGB-like) encoding.
        image.flags |= UInt32(PNG_IMAGE_FLAG_16BIT_sRGB)

        var failed = false
        var pixels = [UInt8](unsafeUninitializedCapacity: width * height * 4) { buffer, count in
            failed = png_image_finish_read(&image, nil, buffer.baseAddress, Int32(width * 4), nil) == 0
            count = failed ? 0 : buffer.count
        }
        if failed { throw corrupt(image, path: path) }
        let upright = PhotoOrientation.makeUpright(&pixels, width: width, height: height, orientation: orientation)
        var decoded = DecodedPhoto(
            photo: Photo(width: upright.width, height: upright.height, pixels: pixels, hasAlpha: hasAlpha),
            format: PhotoFormat.png.rawValue, fullWidth: fullWidth, fullHeight: fullHeight,
            orientation: orientation)
        // libpng stops once the pixels are read; a missing IEND means the file was probably cut
        // short after its image data. Every pixel is there, so say so and go on.
        if !endsWithIEND(bytes) {
            decoded.warnings.append("the PNG has no IEND chunk (the file may be cut short); every pixel was read")
        }
        return decoded
    }

    /// The first chunk other than IDAT whose length passes the end of the file, said in words.
    static func chunkLongerThanFile(_ bytes: UnsafeRawBufferPointer) -> String? {
        func bigEndian32(_ at: Int) -> Int {
            Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
        }
        let IDAT = 0x4944_4154, IEND = 0x4945_4E44
        var offset = 8
        while offset + 8 <= bytes.count {
            let length = bigEndian32(offset), type = bigEndian32(offset + 4)
            if type == IEND { return nil }
            let left = bytes.count - offset - 8
            if length > left {
                if type == IDAT { return nil }
                let name = String(decoding: (4..<8).map { bytes[offset + $0] }.map { (0x20...0x7E).contains($0) ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
                return "chunk '\(name)' claims \(length) bytes but only \(left) remain"
            }
            offset += 12 + length
        }
        return nil
    }

    /// Whether the chunk walk reaches an IEND chunk; every length is checked before use.
    static func endsWithIEND(_ bytes: UnsafeRawBufferPointer) -> Bool {
        func bigEndian32(_ at: Int) -> Int {
            Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
        }
        let IEND = 0x4945_4E44
        var offset = 8
        while offset + 8 <= bytes.count {
            let length = bigEndian32(offset), type = bigEndian32(offset + 4)
            if type == IEND { return true }
            guard length <= bytes.count - offset - 8 else { return false }
            offset += 12 + length
        }
        return false
    }

    /// libpng's message for the failure recorded in `image`.
    private static func corrupt(_ image: png_image, path: String) -> MediaError {
        let message = withUnsafeBytes(of: image.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        return .corrupt(path: path, format: "png", reason: message.isEmpty ? "unreadable PNG" : message)
    }

    /// The orientation in an eXIf chunk (PNG 1.5 extensions), or 1. The simplified API does
    /// not expose eXIf, so walk the chunk headers; every length is checked before use.
    static func exifOrientation(in bytes: UnsafeRawBufferPointer) -> Int {
        func bigEndian32(_ at: Int) -> Int {
            Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
        }
        let eXIf = 0x6558_4966, IEND = 0x4945_4E44
        var offset = 8  // after the signature
        while offset + 8 <= bytes.count {
            let length = bigEndian32(offset), type = bigEndian32(offset + 4)
            let data = offset + 8
            guard length <= bytes.count - data else { return 1 }
            if type == eXIf { return ExifOrientation.fromTIFF(Array(bytes[data..<data + length])) }
            if type == IEND { return 1 }
            offset = data + length + 4  // and the CRC
        }
        return 1
    }
}
