public import AliveCore
import Foundation

/// A person estimated from their face: where the head, neck, shoulders and upper body
/// probably are, as boxes and as a soft matte. A first estimate from proportions only (it
/// knows nothing of the body's pixels): a head about 1.9 face-widths across the shoulders'
/// line 1 face-height under the chin, the torso 2.6 face-widths wide down to the photo's
/// bottom or 3.5 face-heights, whichever comes first. Good for keeping people whole (crops,
/// the badge, keeping sky and water motion off them); not a cut-out.
public struct Person: Sendable, Equatable {
    public var face: Face
    /// The head with hair (or a cap): the face box grown 30% to the sides and 60% upwards.
    public var head: Box
    /// Head and shoulders, the usual portrait crop.
    public var headAndShoulders: Box
    /// Shoulders and chest down to the waist (or the photo's bottom).
    public var torso: Box

    public init(face: Face, photoWidth: Int, photoHeight: Int) {
        self.face = face
        let f = face.box
        let w = f.width, h = f.height, cx = f.centre.x
        head = Box(minX: f.minX - 0.3 * w, minY: f.minY - 0.6 * h, maxX: f.maxX + 0.3 * w, maxY: f.maxY)
        let shoulders = f.maxY + 0.6 * h
        let bottom = min(Double(photoHeight), f.maxY + 3.5 * h)
        torso = Box(minX: cx - 1.3 * w, minY: shoulders - 0.3 * h, maxX: cx + 1.3 * w, maxY: max(bottom, shoulders))
        headAndShoulders = Box(minX: cx - 1.5 * w, minY: head.minY, maxX: cx + 1.5 * w,
                               maxY: min(Double(photoHeight), shoulders + 0.7 * h))
    }

    /// How much of this person covers photo point `p`, 0...1: a head ellipse, a neck, and
    /// a torso whose shoulders round off, each with a soft edge a tenth of a face wide.
    public func coverage(at p: Point) -> Double {
        let f = face.box
        let w = f.width, h = f.height
        let feather = 0.1 * w
        // Head: an ellipse through the head box, turned with the head.
        let c = Point(head.centre.x, head.centre.y)
        let d = p - c
        let cr = cos(-face.roll), sr = sin(-face.roll)
        let q = Point(cr * d.x - sr * d.y, sr * d.x + cr * d.y)
        let ex = q.x / (head.width / 2), ey = q.y / (head.height / 2)
        let headDistance = ((ex * ex + ey * ey).squareRoot() - 1) * min(head.width, head.height) / 2
        // Neck: from the chin to the shoulders, 0.55 face-widths wide.
        let neckDistance = max(abs(p.x - f.centre.x) - 0.28 * w, f.maxY - 0.2 * h - p.y, p.y - (torso.minY + 0.3 * h))
        // Torso: a box whose top corners are rounded by the shoulders' radius.
        let radius = 0.7 * w
        let inner = Box(minX: torso.minX + radius, minY: torso.minY + radius, maxX: torso.maxX - radius, maxY: torso.maxY)
        let dx = max(inner.minX - p.x, 0, p.x - inner.maxX), dy = max(inner.minY - p.y, 0)
        let torsoDistance = p.y > torso.maxY ? p.y - torso.maxY : (dx * dx + dy * dy).squareRoot() - radius
        let distance = min(headDistance, neckDistance, torsoDistance)
        return 1 - smoothstep(-feather, feather, distance)
    }

    /// The matte of everyone at `width x height` (any resolution: the photo is stretched to
    /// it), 0 (background) to 255 (person); where people overlap, the larger coverage.
    public static func matte(_ people: [Person], photoWidth: Int, photoHeight: Int, width: Int, height: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: width * height)
        let sx = Double(photoWidth) / Double(width), sy = Double(photoHeight) / Double(height)
        for person in people {
            let bounds = person.headAndShoulders.clipped(width: Double(photoWidth), height: Double(photoHeight))
            let feather = 0.15 * person.face.box.width
            let x0 = max(0, Int((min(bounds.minX, person.torso.minX) - feather) / sx)),
                x1 = min(width, Int((max(bounds.maxX, person.torso.maxX) + feather) / sx) + 1)
            let y0 = max(0, Int((person.head.minY - feather) / sy)), y1 = min(height, Int((person.torso.maxY + feather) / sy) + 1)
            guard x0 < x1, y0 < y1 else { continue }
            for y in y0..<y1 {
                for x in x0..<x1 {
                    let v = person.coverage(at: Point((Double(x) + 0.5) * sx, (Double(y) + 0.5) * sy))
                    let b = UInt8((v * 255).rounded())
                    if b > out[y * width + x] { out[y * width + x] = b }
                }
            }
        }
        return out
    }
}

func smoothstep(_ a: Double, _ b: Double, _ x: Double) -> Double {
    let t = min(max((x - a) / (b - a), 0), 1)
    return t * t * (3 - 2 * t)
}
