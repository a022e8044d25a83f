import AliveCore

/// The mouth corners as a person marks them: where the dark line between the lips ends. The
/// mesh's corners (61, 291) sit within about 6% of the eye distance of that, but not on one
/// side of it: inside and above it on grace_hopper, outside it on the astronaut. So each is
/// moved to where the photo shows the line end, when the photo shows it clearly.
///
/// From the mesh corner, along the line through the inner lip corners (78, 308), the luma is
/// read across the mouth at every hundredth of the eye distance, 0.2 inward to 0.2 outward;
/// at each step the darkest point within 0.04 of the line (which follows the valley by at most
/// 0.01 a step and 0.03 in all) and the light on both sides of it, 0.08 away. Inside the mouth
/// (0.2 to 0.08 in) that gives the line's depth, darkness and surroundings; going out from
/// there, the corner is the last step whose valley is still half as deep and at least halfway
/// as dark. The mesh corner stays when the eye distance is under 25 pixels, the line is less
/// than 12 levels deep, or the end is more than 0.08 of the eye distance from the mesh (a
/// crease or a moustache carrying the line on, not a corner).
enum MouthCorner {
    /// The subject's right and left mouth corner, refined where the photo allows.
    static func refined(in photo: Photo, landmarks l: [Point], eyeDistance iod: Double) -> [Point] {
        let meshCorners = [l[FaceMesh.mouthCorners.right], l[FaceMesh.mouthCorners.left]]
        guard iod >= 25 else { return meshCorners }
        let span = l[308] - l[78], length = (span * span).sum().squareRoot()
        guard length > 0 else { return meshCorners }
        let e = span / length, n = Point(-e.y, e.x)
        return zip(meshCorners, [-1.0, 1.0]).map { corner, sign in
            end(of: photo, from: corner, outward: sign * e, across: n, iod: iod) ?? corner
        }
    }

    private struct Step {
        var t: Double, offset: Double
        var depth: Double, dark: Double, light: Double
    }

    private static func end(of photo: Photo, from corner: Point, outward d: Point, across n: Point, iod: Double) -> Point? {
        let unit = 0.01 * iod
        var offset = 0.0
        var steps: [Step] = []
        for k in -20...20 {
            let base = corner + d * (Double(k) * unit)
            var darkest = Double.infinity, at = 0.0
            for j in -8...8 {
                let o = offset + Double(j) * 0.5 * unit
                let v = luma(photo, base + n * o)
                if v < darkest { darkest = v; at = o }
            }
            let light = (luma(photo, base + n * (at - 8 * unit)) + luma(photo, base + n * (at + 8 * unit))) / 2
            steps.append(Step(t: Double(k), offset: at, depth: light - darkest, dark: darkest, light: light))
            offset = min(max(offset + min(max(at - offset, -unit), unit), -3 * unit), 3 * unit)
        }
        let inside = steps.filter { $0.t <= -8 }
        func median(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }
        let depth = median(inside.map(\.depth)), dark = median(inside.map(\.dark)), light = median(inside.map(\.light))
        guard depth >= 12 else { return nil }
        var end: Step?
        for s in steps where s.t >= -8 {
            guard s.depth >= 0.5 * depth, s.dark <= dark + 0.5 * (light - dark) else { break }
            end = s
        }
        guard let end, abs(end.t) <= 8 else { return nil }
        return corner + d * (end.t * unit) + n * end.offset
    }

    /// Bilinear luma (0...255) at a photo point, edge pixels repeated.
    private static func luma(_ photo: Photo, _ p: Point) -> Double {
        let x = min(max(p.x - 0.5, 0), Double(photo.width - 1)), y = min(max(p.y - 0.5, 0), Double(photo.height - 1))
        let x0 = Int(x), y0 = Int(y), x1 = min(x0 + 1, photo.width - 1), y1 = min(y0 + 1, photo.height - 1)
        let fx = x - Double(x0), fy = y - Double(y0)
        func at(_ x: Int, _ y: Int) -> Double {
            let i = (y * photo.width + x) * 4
            return Photo.luma(photo.pixels[i], photo.pixels[i + 1], photo.pixels[i + 2])
        }
        return (at(x0, y0) * (1 - fx) + at(x1, y0) * fx) * (1 - fy) + (at(x0, y1) * (1 - fx) + at(x1, y1) * fx) * fy
    }
}
