/// A bounds-checked reader for the FlatBuffers binary format, enough for the TensorFlow Lite
/// schema: tables through their vtables, scalars, strings, and vectors of scalars or tables.
///
/// A model file is untrusted input: every offset is checked against the buffer before it is
/// followed, vector lengths are checked against the bytes that remain, and every failure is a
/// thrown `ModelError`, never a trap. (The FlatBuffers format itself has no checks: its own
/// "verifier" is optional; see flatbuffers/include/flatbuffers/verifier.h.)
struct FlatBuffer {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// A little-endian unsigned integer of `size` bytes at `position`, checked.
    func unsigned(at position: Int, size: Int) throws(ModelError) -> UInt64 {
        guard position >= 0, size <= 8, position <= bytes.count - size else {
            throw .malformed("offset \(position) is outside the \(bytes.count)-byte file")
        }
        var value: UInt64 = 0
        for k in 0..<size { value |= UInt64(bytes[position + k]) << (8 * UInt64(k)) }
        return value
    }

    func u8(at p: Int) throws(ModelError) -> UInt8 { UInt8(try unsigned(at: p, size: 1)) }
    func u16(at p: Int) throws(ModelError) -> UInt16 { UInt16(try unsigned(at: p, size: 2)) }
    func u32(at p: Int) throws(ModelError) -> UInt32 { UInt32(try unsigned(at: p, size: 4)) }
    func i32(at p: Int) throws(ModelError) -> Int32 { Int32(bitPattern: try u32(at: p)) }
    func u64(at p: Int) throws(ModelError) -> UInt64 { try unsigned(at: p, size: 8) }

    /// The root table: a uoffset at byte 0.
    func root() throws(ModelError) -> Table {
        try Table(buffer: self, position: Int(try u32(at: 0)))
    }

    /// Follows the uoffset stored at `position` (relative to that position).
    func follow(_ position: Int) throws(ModelError) -> Int {
        let target = position + Int(try u32(at: position))
        guard target < bytes.count else { throw .malformed("offset at \(position) points past the end") }
        return target
    }

    /// One table: its position and the vtable that says where each field is.
    struct Table {
        let buffer: FlatBuffer
        let position: Int
        private let vtable: Int
        private let vtableSize: Int

        init(buffer: FlatBuffer, position: Int) throws(ModelError) {
            self.buffer = buffer
            self.position = position
            let vt = position - Int(try buffer.i32(at: position))
            let size = Int(try buffer.u16(at: vt))
            guard size >= 4, size % 2 == 0, vt + size <= buffer.bytes.count else {
                throw .malformed("table at \(position) has a bad vtable")
            }
            vtable = vt
            vtableSize = size
        }

        /// The byte position of field `id`, or nil when the field is absent (its default applies).
        func field(_ id: Int) throws(ModelError) -> Int? {
            let entry = 4 + 2 * id
            guard entry + 2 <= vtableSize else { return nil }
            let offset = Int(try buffer.u16(at: vtable + entry))
            return offset == 0 ? nil : position + offset
        }

        /// A little-endian scalar field, or `value` when absent.
        func scalar<T: FixedWidthInteger>(_ id: Int, default value: T) throws(ModelError) -> T {
            guard let p = try field(id) else { return value }
            return T(truncatingIfNeeded: try buffer.unsigned(at: p, size: MemoryLayout<T>.size))
        }

        func int32(_ id: Int, default value: Int32 = 0) throws(ModelError) -> Int32 { try scalar(id, default: value) }
        func uint32(_ id: Int, default value: UInt32 = 0) throws(ModelError) -> UInt32 { try scalar(id, default: value) }
        func uint64(_ id: Int, default value: UInt64 = 0) throws(ModelError) -> UInt64 { try scalar(id, default: value) }
        func uint8(_ id: Int, default value: UInt8 = 0) throws(ModelError) -> UInt8 { try scalar(id, default: value) }

        func bool(_ id: Int) throws(ModelError) -> Bool { try uint8(id) != 0 }

        func table(_ id: Int) throws(ModelError) -> Table? {
            guard let p = try field(id) else { return nil }
            return try Table(buffer: buffer, position: try buffer.follow(p))
        }

        /// A vector's element count and the position of its first element, checked to fit.
        func vector(_ id: Int, elementSize: Int) throws(ModelError) -> (count: Int, start: Int)? {
            guard let p = try field(id) else { return nil }
            let v = try buffer.follow(p)
            let count = Int(try buffer.u32(at: v))
            guard count <= (buffer.bytes.count - v - 4) / elementSize else {
                throw .malformed("vector at \(v) claims \(count) elements, more than the file holds")
            }
            return (count, v + 4)
        }

        func int32s(_ id: Int) throws(ModelError) -> [Int32] {
            guard let (count, start) = try vector(id, elementSize: 4) else { return [] }
            var out: [Int32] = []
            out.reserveCapacity(count)
            for k in 0..<count { out.append(try buffer.i32(at: start + 4 * k)) }
            return out
        }

        func tables(_ id: Int) throws(ModelError) -> [Table] {
            guard let (count, start) = try vector(id, elementSize: 4) else { return [] }
            var out: [Table] = []
            out.reserveCapacity(count)
            for k in 0..<count {
                out.append(try Table(buffer: buffer, position: try buffer.follow(start + 4 * k)))
            }
            return out
        }

        /// The byte range of a `[ubyte]` vector.
        func bytes(_ id: Int) throws(ModelError) -> Range<Int>? {
            guard let (count, start) = try vector(id, elementSize: 1) else { return nil }
            return start..<start + count
        }

        func string(_ id: Int) throws(ModelError) -> String {
            guard let range = try bytes(id) else { return "" }
            return String(decoding: buffer.bytes[range], as: UTF8.self)
        }
    }
}
