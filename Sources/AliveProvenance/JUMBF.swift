/// JUMBF (ISO/IEC 19566-5) superboxes as C2PA uses them: a `jumb` box holding one `jumd`
/// description box and then content boxes or child superboxes.
enum JUMBF {
    /// The C2PA description types: four ASCII bytes and a fixed tail (C2PA 2.2 §11.1).
    static func typeUUID(_ fourCC: String) -> [UInt8] {
        Array(fourCC.utf8) + [0x00, 0x11, 0x00, 0x10, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]
    }

    static let manifestStoreType = typeUUID("c2pa")
    static let manifestType = typeUUID("c2ma")
    static let updateManifestType = typeUUID("c2um")
    static let assertionStoreType = typeUUID("c2as")
    static let claimType = typeUUID("c2cl")
    static let signatureType = typeUUID("c2cs")
    static let cborType = typeUUID("cbor")
    static let jsonType = typeUUID("json")

    /// The deepest superbox nesting read. A C2PA store nests four levels.
    static let maximumDepth = 16

    // MARK: Writing

    /// A plain ISO box: 32-bit size, type, payload.
    static func box(_ type: String, _ payload: [UInt8]) -> [UInt8] {
        bigEndianBytes(UInt64(8 + payload.count), count: 4) + Array(type.utf8) + payload
    }

    /// A description box with toggles 0x03 (label present, requestable), as C2PA requires.
    /// alive writes no salt: C2PA makes it optional and unsalted stores validate (c2pa-mp4.md §3).
    static func descriptionBox(type: [UInt8], label: String) -> [UInt8] {
        box("jumd", type + [0x03] + Array(label.utf8) + [0])
    }

    static func superbox(type: [UInt8], label: String, contents: [[UInt8]]) -> [UInt8] {
        box("jumb", descriptionBox(type: type, label: label) + contents.flatMap { $0 })
    }

    /// An assertion or claim superbox holding one `cbor` content box.
    static func cborSuperbox(type: [UInt8], label: String, cbor: [UInt8]) -> [UInt8] {
        superbox(type: type, label: label, contents: [box("cbor", cbor)])
    }

    // MARK: Reading

    /// A parsed superbox. `bytes` is the whole `jumb` box, so the hashed-URI hash is
    /// `sha256(bytes[8...])` (the description box and contents, not the `jumb` header).
    struct Superbox {
        var type: [UInt8]
        var toggles: UInt8
        var label: String?
        /// The whole superbox, header included.
        var bytes: ArraySlice<UInt8>
        /// Content boxes (not superboxes), in order: type and payload.
        var contents: [(type: String, payload: ArraySlice<UInt8>)]
        var children: [Superbox]

        func child(labeled label: String) -> Superbox? { children.first { $0.label == label } }
        func children(ofType type: [UInt8]) -> [Superbox] { children.filter { $0.type == type } }
        /// The first content box of a type.
        func content(_ type: String) -> ArraySlice<UInt8>? { contents.first { $0.type == type }?.payload }
    }

    struct ParseError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Parses the superbox that starts at `bytes.startIndex` and must fill `bytes`.
    static func parse(_ bytes: ArraySlice<UInt8>, depth: Int = 0) throws -> Superbox {
        guard depth < maximumDepth else { throw ParseError("JUMBF nested deeper than \(maximumDepth) levels") }
        let boxes = try plainBoxes(bytes)
        guard boxes.count == 1, boxes[0].type == "jumb" else { throw ParseError("expected one 'jumb' superbox") }
        return try parseSuperbox(whole: bytes, payload: boxes[0].payload, depth: depth)
    }

    private static func parseSuperbox(whole: ArraySlice<UInt8>, payload: ArraySlice<UInt8>, depth: Int) throws -> Superbox {
        guard depth < maximumDepth else { throw ParseError("JUMBF nested deeper than \(maximumDepth) levels") }
        let boxes = try plainBoxes(payload)
        guard let first = boxes.first, first.type == "jumd" else {
            throw ParseError("superbox does not start with a 'jumd' description box")
        }
        let d = first.payload
        guard d.count >= 17 else { throw ParseError("'jumd' box is truncated") }
        let type = Array(d.prefix(16))
        let toggles = d[d.startIndex + 16]
        var cursor = d.startIndex + 17
        var label: String?
        if toggles & 0x02 != 0 {
            guard let nul = d[cursor...].firstIndex(of: 0) else { throw ParseError("'jumd' label is not NUL-terminated") }
            guard let text = String(bytes: d[cursor..<nul], encoding: .utf8) else { throw ParseError("'jumd' label is not UTF-8") }
            label = text
            cursor = nul + 1
        }
        // An ID (0x04), a signature (0x08) and a private box such as the `c2sh` salt (0x10)
        // may follow; they are covered by the hash of the whole box and need no reading here.
        _ = cursor
        var contents: [(type: String, payload: ArraySlice<UInt8>)] = []
        var children: [Superbox] = []
        for child in boxes.dropFirst() {
            if child.type == "jumb" {
                children.append(try parseSuperbox(whole: child.whole, payload: child.payload, depth: depth + 1))
            } else {
                contents.append((child.type, child.payload))
            }
        }
        return Superbox(type: type, toggles: toggles, label: label, bytes: whole, contents: contents, children: children)
    }

    /// Splits `bytes` into consecutive plain boxes, checking every size against what is left.
    static func plainBoxes(_ bytes: ArraySlice<UInt8>) throws -> [(type: String, whole: ArraySlice<UInt8>, payload: ArraySlice<UInt8>)] {
        var out: [(type: String, whole: ArraySlice<UInt8>, payload: ArraySlice<UInt8>)] = []
        var at = bytes.startIndex
        while at < bytes.endIndex {
            let left = bytes.endIndex - at
            guard left >= 8 else { throw ParseError("truncated box header (\(left) bytes left)") }
            var size = UInt64(readUInt32(bytes[at...], 0))
            let type = BMFF.fourCC(bytes[at + 4..<at + 8])
            var header = 8
            if size == 1 {
                guard left >= 16 else { throw ParseError("truncated 64-bit box size") }
                size = readUInt64(bytes[at...], 8)
                header = 16
            } else if size == 0 {
                // "To the end of the file" is an ISO BMFF rule for the last top-level box;
                // inside a manifest store it would let a box grow silently.
                throw ParseError("box '\(type)' has size 0")
            }
            guard size >= UInt64(header), size <= UInt64(left) else {
                throw ParseError("box '\(type)' claims \(size) bytes but \(left) remain")
            }
            let end = at + Int(size)
            out.append((type, bytes[at..<end], bytes[(at + header)..<end]))
            at = end
        }
        return out
    }
}
