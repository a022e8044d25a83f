@testable import AliveFaces
import AliveCore
import Testing

@Suite struct PersonTests {
    /// The estimate covers the face and the chest under it, not the flag beside the head,
    /// and the matte is soft at its edge.
    @Test func matteCoversHeadAndBodyOnly() throws {
        let photo = try loadPhoto(fixture("people/grace_hopper.jpg"))
        let people = try FaceFinder().people(in: photo)
        try #require(people.count == 1)
        let p = people[0]
        let m = Person.matte(people, photoWidth: photo.width, photoHeight: photo.height, width: photo.width, height: photo.height)
        func at(_ x: Double, _ y: Double) -> UInt8 { m[min(Int(y), photo.height - 1) * photo.width + min(Int(x), photo.width - 1)] }
        let f = p.face.box
        #expect(at(f.centre.x, f.centre.y) == 255)                 // the face
        #expect(at(f.centre.x, f.maxY + 0.9 * f.height) == 255)    // the chest (the uniform)
        #expect(at(f.minX - 0.5 * f.width, f.minY - 0.3 * f.height) == 0)   // beside the cap
        #expect(at(5, f.centre.y) == 0)                             // the flag at the left
        let soft = m.filter { $0 > 0 && $0 < 255 }.count
        #expect(soft > 500)
        #expect(p.head.minY < f.minY && p.torso.maxY <= Double(photo.height))
    }
}
