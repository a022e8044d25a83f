public import AliveCore

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// How to decode a photo: a size limit and how much resolution the caller needs.
public struct DecodeOptions: Sendable {
    /// Refuse, before allocating pixels, a photo whose header promises more pixels.
    public var maxPixels: Int
    /// Given the upright full size (width, height), the fraction of full resolution the
    /// caller needs (0 < f <= 1). A JPEG then decodes at the smallest M/8 (libjpeg's DCT
    /// scaling) that is still at least `f` of the full size, which is much faster than
    /// decoding everything and resampling. PNG has no such shortcut and decodes at full
    /// size. nil means full size.
    public var requiredScale: (@Sendable (_ width: Int, _ height: Int) -> Double)?

    public init(
        maxPixels: Int = 100_000_000,
        requiredScale: (@Sendable (_ width: Int, _ height: Int) -> Double)? = nil
    ) {
        self.maxPixels = maxPixels
        self.requiredScale = requiredScale
    }
}

/// A photo as decoded, with what the file said about it.
public struct DecodedPhoto: Sendable {
    /// Upright RGBA pixels, possibly reduced by DCT scaling.
    public var photo: Photo
    /// "jpeg" or "png", from the file's magic bytes.
    public var format: String
    /// The upright size at full resolution, before any DCT scaling.
    public var fullWidth: Int
    public var fullHeight: Int
    /// The EXIF orientation that was applied (1 to 8; 1 when the file has none).
    public var orientation: Int
    /// What was odd about the file but did not stop it from decoding whole (one line each,
    /// without the file name), e.g. a PNG without its IEND chunk.
    public var warnings: [String] = []

    public init(photo: Photo, format: String, fullWidth: Int, fullHeight: Int, orientation: Int) {
        self.photo = photo
        self.format = format
        self.fullWidth = fullWidth
        self.fullHeight = fullHeight
        self.orientation = orientation
    }
}

/// Decodes JPEG and PNG files into upright `Photo`s.
public enum PhotoDecoder {
    public static func decode(path: String, options: DecodeOptions = .init()) throws(MediaError) -> DecodedPhoto {
        let bytes = try readFile(path)
        guard !bytes.isEmpty else { throw .empty(path: path) }
        let decode: (UnsafeRawBufferPointer, String, DecodeOptions) throws(MediaError) -> DecodedPhoto
        switch PhotoFormat(magic: bytes) {
        case .jpeg: decode = JPEGPhotoDecoder.decode
        case .png: decode = PNGPhotoDecoder.decode
        case nil: throw .notAnImage(path: path)
        }
        // withUnsafeBytes rethrows untyped errors; carry the typed one out in a Result.
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(MediaError) in try decode(raw, path, options) }
        }
        return try result.get()
    }

    /// The whole file. Photos are a few megabytes compressed; reading them at once lets
    /// both libraries decode from memory and the format be told from the first bytes.
    static func readFile(_ path: String) throws(MediaError) -> [UInt8] {
        let fd = FileName.withOSName(path) { open($0, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: systemReason()) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .cannotOpen(path: path, reason: systemReason()) }
        let size = Int(info.st_size)
        var failure: MediaError?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            while count < size {
                let got = read(fd, buffer.baseAddress! + count, size - count)
                if got > 0 {
                    count += got
                } else if got == 0 {
                    break  // the file shrank since fstat: decode what is there
                } else if errno != EINTR {
                    failure = .cannotOpen(path: path, reason: systemReason())
                    return
                }
            }
        }
        // Directories open but fail to read (EISDIR); a directory's st_size is not 0.
        if let failure { throw failure }
        return bytes
    }

    private static func systemReason() -> String { String(cString: strerror(errno)) }
}

/// The formats alive reads, told apart by their signatures, never by the file name.
enum PhotoFormat: String {
    case jpeg, png

    init?(magic bytes: [UInt8]) {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            self = .jpeg
        } else if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self = .png
        } else {
            return nil
        }
    }
}

/// Checks shared by both decoders.
enum DecodePolicy {
    /// Throws `.tooLarge` when the header's size is over the limit; call before allocating.
    static func checkLimit(width: Int, height: Int, options: DecodeOptions, path: String) throws(MediaError) {
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, pixels <= options.maxPixels else {
            throw .tooLarge(path: path, width: width, height: height, limit: options.maxPixels)
        }
    }

    /// The DCT scale numerator M (scale M/8) for the caller's required fraction: the
    /// smallest M with M/8 >= fraction, so the result is never smaller than asked for.
    static func scaleEighths(width: Int, height: Int, options: DecodeOptions) -> Int {
        guard let fraction = options.requiredScale?(width, height), fraction.isFinite else { return 8 }
        if fraction >= 1 { return 8 }
        if fraction <= 0 { return 1 }
        // The epsilon keeps an exact eighth (0.25 * 8 = 2) from rounding up by float noise.
        return min(8, max(1, Int((fraction * 8 - 1e-9).rounded(.up))))
    }
}
