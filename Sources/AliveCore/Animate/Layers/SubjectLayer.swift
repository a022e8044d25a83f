/// The subject, rigid, over the background it was painted out of: the photo through the
/// camera alone (and the faces), by its own matte. Its plate holds the premultiplied
/// foreground, photo - (1 - a) * background, so over the background undisplaced it gives the
/// photo back exactly.
///
/// Plan: `SceneMotion.parallax` (a layer only when parallax moves it apart from the land).
/// Plates: `ScenePlates.subject` and `background` (asked by `isLayered`). Margin: none.
struct SubjectLayer: SceneLayer {
    let plate: FrameBuffer
    /// The box (plate pixels) outside which the subject's coverage is zero.
    let bounds: (minX: Float, minY: Float, maxX: Float, maxY: Float)?

    static func make(_ clip: LayerClip) -> SubjectLayer? {
        guard clip.plates.background != nil else { return nil }
        return SubjectLayer(plate: clip.plates.subject ?? clip.plates.photo, bounds: clip.plates.subjectBounds)
    }

    /// The subject is a layer of its own with depth parallax and a subject.
    static func isLayered(parallax: Double, summary: SceneSummary) -> Bool {
        parallax > 0 && summary.subject >= SceneSummary.present
    }

    struct Frame: LayerFrame {
        let plate: FrameBuffer
        let map: AffineMap
        let faces: FaceLayer.Deformation?
        /// The subject's bounds in output pixels.
        let rows: Range<Int>, columns: Range<Int>

        func composite(_ row: inout LayerRow) {
            let y = row.y
            let columns = rows.contains(y) ? self.columns : 0..<0
            row.subjectColumns = columns
            guard !columns.isEmpty else { return }
            let (xs2, ys2, a, out) = (row.xs2, row.ys2, row.a, row.pixels)
            let start = columns.lowerBound
            if let grid = faces?.subject {
                grid.row(y, count: columns.upperBound, from: start, xs: xs2, ys: ys2)
            } else {
                let cy = Float(y) + 0.5
                for x in columns {
                    let s = map.source(Float(x) + 0.5, cy)
                    (xs2[x], ys2[x]) = (s.x, s.y)
                }
            }
            BilinearWarp.sampleRow(source: plate.storage, width: plate.width, height: plate.height, xs: xs2 + start,
                                   ys: ys2 + start, count: columns.count, into: a + start)
            faces?.blink(xs: xs2 + start, ys: ys2 + start, count: columns.count, plate: plate, into: a + start)
            Self.over(out, layer: a, columns: columns)
        }

        /// background * (1 - a) + subject, the subject premultiplied.
        @inline(__always)
        static func over(_ out: UnsafeMutablePointer<Pixel>, layer a: UnsafePointer<Pixel>, columns: Range<Int>) {
            for x in columns {
                out[x] = out[x] * (1 - a[x].w) + a[x]
            }
        }
    }

    func frame(_ input: LayerFrameInput, lattices: [CoordinateGrid]) -> (any LayerFrame)? {
        // The subject's bounds in output pixels (camera maps are scale and shift only).
        let map = input.map
        var (rows, columns) = (0..<0, 0..<0)
        if let b = bounds, map.a > 0, map.e > 0 {
            func range(_ lo: Float, _ hi: Float, _ scale: Float, _ shift: Float, _ limit: Int) -> Range<Int> {
                let first = max(0, Int(((lo - shift) / scale).rounded(.down)) - 1)
                let last = min(limit, Int(((hi - shift) / scale).rounded(.up)) + 1)
                return first < last ? first..<last : 0..<0
            }
            columns = range(b.minX, b.maxX, map.a, map.c, input.outputWidth)
            rows = range(b.minY, b.maxY, map.e, map.f, input.outputHeight)
        }
        if let faces = input.faces, let grid = faces.subject, !rows.isEmpty {
            faces.fill(grid, schedule: input.schedule) { i, j in
                let o = grid.position(i, j)
                return map.source(o.x, o.y)
            }
        }
        return Frame(plate: plate, map: map, faces: input.faces, rows: rows, columns: columns)
    }
}
