import Crypto
import Foundation

/// What the signer wrote.
public struct SignedManifest: Sendable, Equatable {
    /// `urn:c2pa:<uuid>`, the active manifest's label.
    public var manifestLabel: String
    /// `xmp.iid:<uuid>`, the claim's instance ID for this output.
    public var instanceID: String
    /// Size of the inserted C2PA `uuid` box; every later byte moved by this much.
    public var provenanceBoxSize: Int
}

/// Embeds a signed C2PA manifest into a finished MP4 (c2pa-mp4.md §7).
public enum ProvenanceWriter {
    /// The largest `moov` box read into memory for patching. A `moov` is about 0.1 % of a
    /// video; 256 MiB covers hours of footage and stops a lying size from allocating more.
    static let maximumMoovSize: UInt64 = 256 << 20

    /// Writes `output`: `input` with a C2PA manifest store in a `uuid` box right after `ftyp`,
    /// every chunk offset moved past it, a BMFF hard binding over the final file, and an ES256
    /// signature. `output` is created or truncated; on failure it is removed. The caller renames
    /// it into place.
    ///
    /// The input must be a non-fragmented MP4 with `ftyp` first and one `moov` (ffmpeg's and
    /// AVAssetWriter's normal output); `mdat` may come before or after `moov`.
    @discardableResult
    public static func sign(input: String, output: String, content: ManifestContent, identity: SigningIdentity) throws(ProvenanceError) -> SignedManifest {
        guard URL(fileURLWithPath: input).standardizedFileURL.path != URL(fileURLWithPath: output).standardizedFileURL.path else {
            throw .sameInputAndOutput(path: input)
        }
        do {
            return try signUnchecked(input: input, output: output, content: content, identity: identity)
        } catch let error as ProvenanceError {
            throw error
        } catch let error as BMFF.ParseError {
            throw .notMP4(path: input, reason: error.description)
        } catch {
            throw .internalInconsistency("\(error)")
        }
    }

    private static func signUnchecked(input: String, output: String, content: ManifestContent, identity: SigningIdentity) throws -> SignedManifest {
        let source = try FileBytes(path: input)
        let boxes = try BMFF.topLevelBoxes(of: source)
        guard let ftyp = boxes.first, ftyp.type == "ftyp" else {
            throw ProvenanceError.notMP4(path: input, reason: "the file does not start with an 'ftyp' box")
        }
        if boxes.contains(where: \.isC2PA) { throw ProvenanceError.alreadySigned(path: input) }
        if boxes.contains(where: { $0.type == "moof" }) {
            throw ProvenanceError.unsupportedMP4(path: input, reason: "fragmented MP4 (moof boxes) needs Merkle-tree hashing; write a plain MP4 with faststart")
        }
        let moovs = boxes.filter { $0.type == "moov" }
        guard moovs.count == 1, let moov = moovs.first else {
            throw ProvenanceError.notMP4(path: input, reason: moovs.isEmpty ? "no 'moov' box (unfinished recording?)" : "more than one 'moov' box")
        }
        guard moov.size <= maximumMoovSize else {
            throw ProvenanceError.unsupportedMP4(path: input, reason: "'moov' box of \(moov.size) bytes is larger than \(maximumMoovSize)")
        }

        let title = content.title ?? URL(fileURLWithPath: output).lastPathComponent
        let builder = ManifestBuilder(content: content, title: title, chainDER: try identity.manifestChainDER)

        // Placeholder pass: every variable-length field is final, only the file hash and the
        // signature are zeros of their fixed sizes, so the box size N is the final size.
        let placeholder = try builder.provenanceBox(bmffHash: [UInt8](repeating: 0, count: 32)) { _ in [UInt8](repeating: 0, count: 64) }
        let shift = UInt64(placeholder.count)

        var moovBytes = try source.read(at: moov.offset, count: Int(moov.size))
        try BMFF.shiftChunkOffsets(inMoov: &moovBytes, by: shift, path: input)

        // Never through a symbolic link: the output is a temporary file beside the video.
        let fd = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw ProvenanceError.cannotWrite(path: output, reason: "cannot create the file (\(String(cString: strerror(errno))))")
        }
        let sink = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        var finished = false
        defer {
            try? sink.close()
            if !finished { try? FileManager.default.removeItem(atPath: output) }
        }
        func write(_ bytes: [UInt8]) throws {
            do {
                try sink.write(contentsOf: bytes)
            } catch {
                throw ProvenanceError.cannotWrite(path: output, reason: error.localizedDescription)
            }
        }

        // Layout pass: ftyp, the placeholder box, then every other box at its shifted offset.
        // The BMFF v2/v3 hash feeds each hashed top-level box's new absolute offset as a
        // big-endian u64 and then its bytes (c2pa-mp4.md §4.2); ftyp, the C2PA box and mfra
        // are the excluded boxes.
        try write(try source.read(at: 0, count: Int(ftyp.size)))
        try write(placeholder)
        var hasher = SHA256()
        for box in boxes.dropFirst() {
            let hashed = box.type != "ftyp" && box.type != "mfra"
            if hashed { hasher.update(data: bigEndianBytes(box.offset + shift, count: 8)) }
            if box == moov {
                if hashed { hasher.update(data: moovBytes) }
                try write(moovBytes)
            } else {
                try source.stream(from: box.offset, count: box.size) { chunk in
                    if hashed { hasher.update(data: chunk) }
                    try write(chunk)
                }
            }
        }

        // Final pass: the real hash and signature, same size, written over the placeholder.
        let privateKey = identity.privateKey
        let finalBox = try builder.provenanceBox(bmffHash: Array(hasher.finalize())) { sigStructure in
            Array(try privateKey.signature(for: sigStructure).rawRepresentation)
        }
        guard finalBox.count == placeholder.count else {
            throw ProvenanceError.internalInconsistency("manifest box is \(finalBox.count) bytes, reserved \(placeholder.count)")
        }
        do {
            try sink.seek(toOffset: ftyp.size)
            try sink.write(contentsOf: finalBox)
            try sink.synchronize()
        } catch {
            throw ProvenanceError.cannotWrite(path: output, reason: error.localizedDescription)
        }
        finished = true
        return SignedManifest(manifestLabel: builder.manifestLabel, instanceID: builder.instanceID, provenanceBoxSize: finalBox.count)
    }
}
