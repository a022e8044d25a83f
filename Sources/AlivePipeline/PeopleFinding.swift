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
    static func people(_ faces: [Face], in photo: Photo) -> ScenePeople? {
        guard !faces.isEmpty else { return nil }
        let (pw, ph) = (photo.width, photo.height)
        let people = faces.map { Person(face: $0, photoWidth: pw, photoHeight: ph) }
        // What a crop must keep whole: the face with its ears, the hair and a little room
        // above it, and the chin.
        let heads = faces.map { f in
            ScenePeople.Head(minX: f.box.minX - 0.15 * f.box.width, minY: f.box.minY - 0.5 * f.box.height,
                             maxX: f.box.maxX + 0.15 * f.box.width, maxY: f.box.maxY + 0.05 * f.box.height)
        }
        return ScenePeople(heads: heads, photoWidth: pw, photoHeight: ph) { w, h in Person.matte(people, photoWidth: pw, photoHeight: ph, width: w, height: h) }
    }
}
