import Foundation

/// The XMP packet in an MP4: a top-level `uuid` box with XMP's UUID (ISO 16684-1, Adobe XMP
/// specification part 3), read by exiftool and by platforms that look for
/// `Iptc4xmpExt:DigitalSourceType` instead of C2PA.
///
/// It is appended after the last box, so no chunk offset moves, and before signing, so the
/// manifest's BMFF hash covers it.
public enum XMPBox {
    /// BE7ACFCB-97A9-42E8-9C71-999491E3AFAC.
    static let uuid: [UInt8] = [0xBE, 0x7A, 0xCF, 0xCB, 0x97, 0xA9, 0x42, 0xE8,
                                0x9C, 0x71, 0x99, 0x94, 0x91, 0xE3, 0xAF, 0xAC]

    /// The packet: the digital source type, the tool, a title and a description.
    public static func packet(digitalSourceType: DigitalSourceType, creatorTool: String, title: String,
                              description: String) -> String {
        """
        <?xpacket begin="\u{FEFF}" id="W5M0MpCehiHzreSzNTczkc9d"?>
        <x:xmpmeta xmlns:x="adobe:ns:meta/">
         <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
          <rdf:Description rdf:about=""
            xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
            xmlns:xmp="http://ns.adobe.com/xap/1.0/"
            xmlns:dc="http://purl.org/dc/elements/1.1/"
            Iptc4xmpExt:DigitalSourceType="\(escape(digitalSourceType.uri))"
            xmp:CreatorTool="\(escape(creatorTool))">
           <dc:title><rdf:Alt><rdf:li xml:lang="x-default">\(escape(title))</rdf:li></rdf:Alt></dc:title>
           <dc:description><rdf:Alt><rdf:li xml:lang="x-default">\(escape(description))</rdf:li></rdf:Alt></dc:description>
          </rdf:Description>
         </rdf:RDF>
        </x:xmpmeta>
        <?xpacket end="r"?>
        """
    }

    /// Appends the XMP box to the MP4 at `path`.
    public static func append(to path: String, packet: String) throws(ProvenanceError) {
        let body = Array(packet.utf8)
        let size = 8 + uuid.count + body.count
        var box: [UInt8] = [UInt8(size >> 24 & 0xFF), UInt8(size >> 16 & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size & 0xFF)]
        box += Array("uuid".utf8) + uuid + body
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw .cannotWrite(path: path, reason: "cannot open the video to add XMP")
        }
        do {
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(box))
            try handle.close()
        } catch {
            throw .cannotWrite(path: path, reason: "cannot add XMP: \(error.localizedDescription)")
        }
    }

    /// The `Iptc4xmpExt:DigitalSourceType` of the first top-level XMP box of the MP4 at
    /// `path`, or nil when there is none (or the file cannot be read). Reads at most 64 KiB of
    /// the box.
    public static func digitalSourceType(inVideoAt path: String) -> String? {
        guard let file = try? FileBytes(path: path), let boxes = try? BMFF.topLevelBoxes(of: file),
              let box = boxes.first(where: { $0.type == "uuid" && $0.userType == uuid }),
              let bytes = try? file.read(at: box.payloadOffset, count: Int(min(box.end - box.payloadOffset, 65_536)))
        else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let start = text.range(of: "Iptc4xmpExt:DigitalSourceType=\""),
              let end = text[start.upperBound...].firstIndex(of: "\"") else { return nil }
        return String(text[start.upperBound..<end])
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
