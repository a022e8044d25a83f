import AliveCore
import AliveFaces
import AliveMedia
import Foundation

/// `alive plan --maps`: the faces alive finds, as `faces.json`, and the people estimated from
/// them, as `person.png` (8-bit grayscale at the photo's upright size, 255 = person), for
/// looking at what the face layer will work with. Coordinates are the full photo's pixels,
/// x right, y down, from the top-left corner.
enum FacesMap {
    struct Report: Encodable {
        struct FaceEntry: Encodable {
            var box: [Double]
            var confidence: Double
            var presence: Double
            var roll: Double
            var eyes: [[Double]]
            var mouthCorners: [[Double]]
            var landmarks: [[Double]]
        }
        var width: Int
        var height: Int
        var faces: [FaceEntry]
    }

    /// Writes both maps of the `faces` found in `photo` (perhaps decoded smaller than the
    /// file) for a photo of `fullWidth x fullHeight`.
    static func write(_ faces: [Face], photo: Photo, fullWidth: Int, fullHeight: Int, folder: String, input: String) throws {
        let sx = Double(fullWidth) / Double(photo.width), sy = Double(fullHeight) / Double(photo.height)
        func p(_ q: Point) -> [Double] { [(q.x * sx * 10).rounded() / 10, (q.y * sy * 10).rounded() / 10] }
        let report = Report(width: fullWidth, height: fullHeight, faces: faces.map { f in
            Report.FaceEntry(box: p(Point(f.box.minX, f.box.minY)) + p(Point(f.box.maxX, f.box.maxY)),
                             confidence: (f.confidence * 1000).rounded() / 1000, presence: (f.presence * 1000).rounded() / 1000,
                             roll: (f.roll * 1000).rounded() / 1000, eyes: [p(f.eyeCentres.right), p(f.eyeCentres.left)],
                             mouthCorners: [p(f.mouthCorners.right), p(f.mouthCorners.left)], landmarks: f.landmarks.map(p))
        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(report)
        let path = (folder as NSString).appendingPathComponent("faces.json")
        try OutputFile.replace(path, input: input) { temporary in
            do { try json.write(to: URL(fileURLWithPath: temporary)) } catch {
                throw PipelineError.outputFolder(path: path, reason: error.localizedDescription)
            }
        }
        let people = faces.map { Person(face: $0, photoWidth: photo.width, photoHeight: photo.height) }
        let matte = Person.matte(people, photoWidth: photo.width, photoHeight: photo.height, width: fullWidth, height: fullHeight)
        try OutputFile.replace((folder as NSString).appendingPathComponent("person.png"), input: input) {
            try PNGWriter.write(matte, width: fullWidth, height: fullHeight, channels: 1, to: $0)
        }
    }
}
