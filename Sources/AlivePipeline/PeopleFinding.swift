import AliveCore
import AliveFaces

/// Understand, for people: the faces in a decoded photo (AliveFaces' face models) turned into
/// the `ScenePeople` the clip keeps whole and frames.
enum PeopleFinding {
    /// The faces in `photo`; none when the face models cannot be read (they are compiled in
    /// and checked by their SHA-256 in the tests, so that is a build fault, not a photo's).
    static func faces(in photo: Photo) -> [Face] {
        guard let finder = try? FaceFinder() else { return [] }
        return finder.find(in: photo)
    }

    /// The people estimated from `faces` of `photo`; nil when there are none.
    /// - Parameter fullWidth: the photo file's upright width (the plan names faces in its pixels).
    static func people(_ faces: [Face], in photo: Photo, fullWidth: Int? = nil) -> ScenePeople? {
        guard !faces.isEmpty else { return nil }
        let (pw, ph) = (photo.width, photo.height)
        let people = faces.map { Person(face: $0, photoWidth: pw, photoHeight: ph) }
        // What a crop must keep whole: the face with its ears, the hair and a little room
        // above it, and the chin.
        let heads = faces.map { f in
            ScenePeople.Head(minX: f.box.minX - 0.15 * f.box.width, minY: f.box.minY - 0.5 * f.box.height,
                             maxX: f.box.maxX + 0.15 * f.box.width, maxY: f.box.maxY + 0.05 * f.box.height)
        }
        let shapes = faces.map { f in
            FaceShape(box: f.box,
                      eyes: [FaceShape.Eye(upper: f.points(FaceMesh.rightEyeUpperLid), lower: f.points(FaceMesh.rightEyeLowerLid)),
                             FaceShape.Eye(upper: f.points(FaceMesh.leftEyeUpperLid), lower: f.points(FaceMesh.leftEyeLowerLid))],
                      mouthCorners: [f.mouthCorners.right, f.mouthCorners.left], chin: f[152])
        }
        var found = ScenePeople(heads: heads, faces: shapes, photoWidth: pw, photoHeight: ph) { w, h in
            Person.matte(people, photoWidth: pw, photoHeight: ph, width: w, height: h)
        }
        found.fileScale = Double(fullWidth ?? pw) / Double(pw)
        return found
    }
}
