@testable import AliveFaces
import AliveCore
import Foundation

/// `Fixtures/faces.json`: the faces boxed by hand.
struct Annotations: Decodable {
    struct Marks: Decodable { var eyes: [[Double]]; var mouth: [[Double]] }
    struct HandFace: Decodable {
        var box: [Double]
        var pose: String
        var note: String?
        var landmarks: Marks?
        var rect: Box { Box(minX: box[0], minY: box[1], maxX: box[2], maxY: box[3]) }
        var size: Double { max(box[2] - box[0], box[3] - box[1]) }
        /// What the recall target counts: frontal and three-quarter faces of 40 px and up.
        var counted: Bool { (pose == "frontal" || pose == "threeQuarter") && size >= 40 }
    }
    struct PhotoFaces: Decodable { var file: String; var faces: [HandFace] }
    var photos: [PhotoFaces]

    static func load() throws -> Annotations {
        try JSONDecoder().decode(Annotations.self, from: Data(contentsOf: fixtures.appendingPathComponent("faces.json")))
    }
}

/// How found faces compare with the hand boxes of one photo.
struct Score {
    var counted = 0, found = 0
    /// Found faces that overlap no hand box at all.
    var falseFaces = 0
    var missed: [String] = []

    static func + (a: Score, b: Score) -> Score {
        Score(counted: a.counted + b.counted, found: a.found + b.found, falseFaces: a.falseFaces + b.falseFaces,
              missed: a.missed + b.missed)
    }

    var recall: Double { counted == 0 ? 1 : Double(found) / Double(counted) }
}

/// A found face matches a hand box when their boxes overlap by IoU 0.3 or more (the hand
/// boxes run from the forehead; the mesh outline's from the hairline: both are faces).
func score(_ faces: [Face], against hand: [Annotations.HandFace], name: String, scale: Double = 1, offset: Point = .zero) -> Score {
    var s = Score()
    func scaled(_ b: Box) -> Box {
        Box(minX: b.minX * scale + offset.x, minY: b.minY * scale + offset.y, maxX: b.maxX * scale + offset.x,
            maxY: b.maxY * scale + offset.y)
    }
    for h in hand where h.counted {
        s.counted += 1
        let target = scaled(h.rect)
        if faces.contains(where: { max($0.box.iou(target), $0.detectionBox.iou(target)) >= 0.3 }) {
            s.found += 1
        } else {
            s.missed.append("\(name) \(h.box)")
        }
    }
    for f in faces where !hand.contains(where: { max(f.box.iou(scaled($0.rect)), f.detectionBox.iou(scaled($0.rect))) >= 0.1 }) {
        s.falseFaces += 1
        s.missed.append("\(name): false face at \(Int(f.box.minX)),\(Int(f.box.minY)) \(Int(f.box.width))x\(Int(f.box.height)) confidence \(f.confidence) presence \(f.presence)")
    }
    return s
}

/// Photo helpers for building test images.
extension Photo {
    /// Enlarged by an integer factor, bilinear between pixel centres.
    func upscaled(_ k: Int) -> Photo {
        let w = width * k, h = height * k
        var out = [UInt8](repeating: 255, count: w * h * 4)
        for y in 0..<h {
            let fy = min(max((Double(y) + 0.5) / Double(k) - 0.5, 0), Double(height - 1))
            let y0 = Int(fy), y1 = min(y0 + 1, height - 1), ty = fy - Double(y0)
            for x in 0..<w {
                let fx = min(max((Double(x) + 0.5) / Double(k) - 0.5, 0), Double(width - 1))
                let x0 = Int(fx), x1 = min(x0 + 1, width - 1), tx = fx - Double(x0)
                for c in 0..<3 {
                    let a = Double(pixels[(y0 * width + x0) * 4 + c]), b = Double(pixels[(y0 * width + x1) * 4 + c])
                    let d = Double(pixels[(y1 * width + x0) * 4 + c]), e = Double(pixels[(y1 * width + x1) * 4 + c])
                    out[(y * w + x) * 4 + c] = UInt8(((a * (1 - tx) + b * tx) * (1 - ty) + (d * (1 - tx) + e * tx) * ty).rounded())
                }
            }
        }
        return Photo(width: w, height: h, pixels: out, hasAlpha: false)
    }

    /// Photos side by side in rows (each row as tall as its tallest photo, grey between).
    static func tiled(_ rows: [[Photo]]) -> (photo: Photo, offsets: [[Point]]) {
        let width = rows.map { $0.reduce(0) { $0 + $1.width } }.max() ?? 1
        let heights = rows.map { $0.map(\.height).max() ?? 0 }
        let height = heights.reduce(0, +)
        var out = [UInt8](repeating: 128, count: width * height * 4)
        var offsets: [[Point]] = []
        var y0 = 0
        for (r, row) in rows.enumerated() {
            var x0 = 0
            var rowOffsets: [Point] = []
            for p in row {
                for y in 0..<p.height {
                    for x in 0..<p.width {
                        for c in 0..<4 { out[((y0 + y) * width + x0 + x) * 4 + c] = p.pixels[(y * p.width + x) * 4 + c] }
                    }
                }
                rowOffsets.append(Point(Double(x0), Double(y0)))
                x0 += p.width
            }
            offsets.append(rowOffsets)
            y0 += heights[r]
        }
        return (Photo(width: width, height: height, pixels: out, hasAlpha: false), offsets)
    }
}
