#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// File names are bytes to the OS, not text: a photo called `caf\xE9.jpg` (Latin-1 é) is a
/// valid Linux file name but not valid UTF-8, and a Swift `String` made from it the usual way
/// replaces the byte with U+FFFD, so the file can no longer be opened.
///
/// alive keeps such names losslessly, the way Python's `surrogateescape` does: every byte of
/// an invalid UTF-8 sequence becomes one scalar of a private-use block (U+10FF80 + byte - 0x80,
/// in plane 16), and `withOSName` turns those scalars back into the original bytes for the
/// system call. Valid UTF-8 is untouched. (A real name using U+10FF80-U+10FFFF would be taken
/// for escaped bytes; that block is private use and never appears in practice.)
public enum FileName {
    static let escapeBase: UInt32 = 0x10FF00

    /// Whether `scalar` stands for one raw byte of a non-UTF-8 name.
    public static func isEscapedByte(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= escapeBase + 0x80 && scalar.value <= escapeBase + 0xFF
    }

    /// A name as the OS gave it (no NUL), to a `String` that `withOSName` turns back into the
    /// same bytes.
    public static func string(fromOS bytes: some Collection<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var raw = Array(bytes)[...]
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                scalars.append(Unicode.UTF8.decode(encoded))
                raw = raw.dropFirst(encoded.count)
            case .error(let length):
                for byte in raw.prefix(length) {
                    scalars.append(Unicode.Scalar(escapeBase + UInt32(byte))!)
                }
                raw = raw.dropFirst(length)
            case .emptyInput:
                return String(scalars)
            }
        }
    }

    /// The bytes the OS knows `name` by: UTF-8, with escaped bytes restored.
    public static func osBytes(_ name: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(name.utf8.count)
        for scalar in name.unicodeScalars {
            if isEscapedByte(scalar) {
                out.append(UInt8(scalar.value - escapeBase))
            } else {
                out += Array(String(scalar).utf8)
            }
        }
        return out
    }

    /// Calls `body` with `name` as a C string of its OS bytes.
    public static func withOSName<R>(_ name: String, _ body: (UnsafePointer<CChar>) throws -> R) rethrows -> R {
        guard name.unicodeScalars.contains(where: isEscapedByte) else { return try name.withCString(body) }
        let bytes = osBytes(name).map { CChar(bitPattern: $0) } + [0]
        return try bytes.withUnsafeBufferPointer { try body($0.baseAddress!) }
    }

    /// `name` with every escaped byte shown as `_`, for names alive makes from it.
    public static func sanitised(_ name: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in name.unicodeScalars { scalars.append(isEscapedByte(scalar) ? "_" : scalar) }
        return String(scalars)
    }

    /// `text` for a message: each escaped byte shown as `\xNN`, as `ls -b` would.
    public static func displayed(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isEscapedByte) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if isEscapedByte(scalar) {
                let byte = scalar.value - escapeBase
                out += "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The process's arguments, each decoded losslessly (`CommandLine.arguments` would
    /// replace invalid UTF-8).
    public static func arguments() -> [String] {
        (0..<Int(CommandLine.argc)).map { i in
            guard let p = CommandLine.unsafeArgv[i] else { return "" }
            return string(fromOS: UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: strlen(p)))
        }
    }

    /// `stat` by OS bytes; nil when the name does not exist.
    public static func status(_ name: String) -> stat? {
        var info = stat()
        return withOSName(name) { stat($0, &info) } == 0 ? info : nil
    }

    /// The entries of a folder (not `.` and `..`), names decoded losslessly; nil when it
    /// cannot be read.
    public static func entries(of folder: String) -> [String]? {
        guard let dir = withOSName(folder, { opendir($0) }) else { return nil }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                string(fromOS: raw.prefix { $0 != 0 })
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
