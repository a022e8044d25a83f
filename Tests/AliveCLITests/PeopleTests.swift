import AliveCore
import Foundation
import Testing

/// People are kept whole: on every photo of people in the face fixtures, no hand-boxed face
/// that alive found carries sky, water or foliage (so no cloud drift, ripple or sway ever
/// runs through a face), and the plan says that people were found. (How many faces are found
/// is AliveFacesTests' measure: 21 of the 22 it promises, frontal and three-quarter faces of
/// 40 px and up; a face it misses is not kept whole.)
@Suite struct PeopleTests {
    static let fixtures = Harness.packageRoot.appendingPathComponent("Tests/AliveFacesTests/Fixtures")

    struct Annotated: Decodable {
        struct Box: Decodable {
            var box: [Double]
            var pose: String
            /// What the detector's recall target counts (as in AliveFacesTests' Annotations).
            var counted: Bool {
                (pose == "frontal" || pose == "threeQuarter") && max(box[2] - box[0], box[3] - box[1]) >= 40
            }
        }
        var file: String
        var faces: [Box]
    }

    static let photos: [Annotated] = {
        struct File: Decodable { var photos: [Annotated] }
        let url = fixtures.appendingPathComponent("faces.json")
        guard let data = try? Data(contentsOf: url), let file = try? JSONDecoder().decode(File.self, from: data) else { return [] }
        return file.photos.filter { $0.file.hasPrefix("people/") && $0.faces.contains(where: \.counted) }
    }()

    @Test func theFixturesHavePeople() {
        #expect(Self.photos.count >= 10)
    }

    @Test(arguments: photos.map(\.file))
    func noSceneMotionOnFaces(_ file: String) throws {
        let annotated = try #require(Self.photos.first { $0.file == file })
        let photo = Self.fixtures.appendingPathComponent(file).path
        let dir = try Harness.temporaryFolder()
        let r = try Harness.alive(["plan", photo, "--maps", dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        let plan = try JSONSerialization.jsonObject(with: r.stdoutData) as? [String: Any]
        let notes = plan?["notes"] as? [String] ?? []
        #expect(notes.contains { $0.contains("found: kept whole") }, "\(file): \(notes)")
        struct Found: Decodable { struct Face: Decodable { var box: [Double] }; var faces: [Face] }
        let found = try JSONDecoder().decode(Found.self, from: Data(contentsOf: dir.appendingPathComponent("faces.json")))
        func overlaps(_ a: [Double], _ b: [Double]) -> Bool {
            Box(minX: a[0], minY: a[1], maxX: a[2], maxY: a[3]).iou(Box(minX: b[0], minY: b[1], maxX: b[2], maxY: b[3])) > 0.3
        }
        let kept = annotated.faces.filter { face in face.counted && found.faces.contains { overlaps($0.box, face.box) } }
        #expect(!kept.isEmpty, "\(file): none of the faces it promises was found")
        for name in ["sky", "water", "foliage"] {
            let (stream, _) = try Harness.probe(dir.path + "/\(name).png")
            let width = try #require(stream["width"] as? Int)
            let gray = Array(try Harness.run(Harness.tool("ffmpeg"), ["-v", "error", "-i", dir.path + "/\(name).png",
                                                                     "-f", "rawvideo", "-pix_fmt", "gray", "-"]).stdoutData)
            for face in kept {
                let b = face.box.map { Int($0) }
                var covered = 0, count = 0
                for y in b[1]..<b[3] {
                    for x in b[0]..<b[2] {
                        count += 1
                        if gray[y * width + x] > 127 { covered += 1 }
                    }
                }
                let share = Double(covered) / Double(max(count, 1))
                #expect(share <= 0.01, "\(file): \(name) covers \(share) of the face \(b)")
            }
        }
    }
}
