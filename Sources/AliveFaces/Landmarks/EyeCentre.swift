import AliveCore

/// The centre of an eye as a person marks it: the dark of the iris and pupil, found in the
/// photo inside the eye's mesh contour. The mesh puts the contour well but its middle (the
/// middle of the opening) a few pixels off the pupil, more so behind glasses: measured on
/// grace_hopper and the astronaut, 3.5-6.1% of the eye distance from hand marks for the
/// contour's middle, 1.7-2.8% for this.
enum EyeCentre {
    /// The darkness-weighted centroid of the pixels inside the polygon `contour` (photo
    /// pixels): each pixel darker than the contour's darkest quarter weighs by how much
    /// darker it is. Nil when the contour holds no such pixel (an eye under 2 pixels high).
    static func iris(in photo: Photo, contour: [Point]) -> Point? {
        guard contour.count >= 3 else { return nil }
        var lo = contour[0], hi = contour[0]
        for p in contour { lo = pointwiseMin(lo, p); hi = pointwiseMax(hi, p) }
        let x0 = max(0, Int(lo.x.rounded(.down))), x1 = min(photo.width - 1, Int(hi.x.rounded(.up)))
        let y0 = max(0, Int(lo.y.rounded(.down))), y1 = min(photo.height - 1, Int(hi.y.rounded(.up)))
        guard x0 <= x1, y0 <= y1 else { return nil }
        var inside: [(x: Double, y: Double, luma: Double)] = []
        for y in y0...y1 {
            for x in x0...x1 {
                let c = Point(Double(x) + 0.5, Double(y) + 0.5)
                guard contains(contour, c) else { continue }
                let i = (y * photo.width + x) * 4
                let luma: Double = Photo.luma(photo.pixels[i], photo.pixels[i + 1], photo.pixels[i + 2])
                inside.append((c.x, c.y, luma))
            }
        }
        guard inside.count >= 4 else { return nil }
        let threshold = inside.map(\.luma).sorted()[inside.count / 4]
        var sum = Point.zero, total = 0.0
        for p in inside where p.luma < threshold {
            let w = threshold - p.luma
            sum += w * Point(p.x, p.y)
            total += w
        }
        return total > 0 ? sum / total : nil
    }

    /// Whether `p` is inside the polygon (even-odd rule).
    static func contains(_ polygon: [Point], _ p: Point) -> Bool {
        var inside = false
        var j = polygon.count - 1
        for i in polygon.indices {
            let a = polygon[i], b = polygon[j]
            if (a.y > p.y) != (b.y > p.y) && p.x < a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y) { inside.toggle() }
            j = i
        }
        return inside
    }
}
