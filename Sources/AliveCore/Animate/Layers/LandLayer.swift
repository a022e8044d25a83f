/// The land: the photo (or, with a subject layer, the photo with the subject painted out)
/// through the camera and depth parallax, with foliage swaying. It is the base every other
/// layer composes over, and it samples the scene maps where it samples the plate, so the
/// mattes that decide what shows stay fixed to the scene.
///
/// Plan: `SceneMotion.foliage` (the sway) and `parallax`. Plates: `ScenePlates.background`
/// when the subject is a layer of its own, else the photo (its alpha holds the sky's
/// coverage either way); the maps. Margin: `DepthParallax.margin`, asked by `ClipDesign`.
struct LandLayer: SceneLayer {
    let base: FrameBuffer
    let maps: FrameBuffer
    let geometry: PlateGeometry
    let depth: SceneMask
    let foliageMap: SceneMask
    let parallax: DepthParallax?
    let foliage: FoliageSway?

    static func make(_ clip: LayerClip) -> LandLayer? {
        LandLayer(base: clip.plates.background ?? clip.plates.photo, maps: clip.plates.maps, geometry: clip.geometry,
                  depth: clip.landDepth, foliageMap: clip.scene.foliage, parallax: clip.parallax,
                  foliage: clip.motion.foliage.map {
                      FoliageSway(sway: $0, unit: clip.unit, loop: clip.loop, duration: clip.duration, seed: clip.seed)
                  })
    }

    struct Frame: LayerFrame {
        let layer: LandLayer
        let input: LayerFrameInput
        let swayAngle: Float
        let faces: FaceLayer.Deformation?

        /// Where the land at output point `o` samples the plate: the camera, depth parallax
        /// and the sway (pure in the point, the camera and the time).
        @inline(__always)
        func source(_ o: (x: Float, y: Float)) -> (Float, Float) {
            var q = input.camera(o)
            let p = layer.geometry.photo(q.x, q.y)
            let nearness = 1 - layer.depth.value(atX: p.x, y: p.y)
            if let parallax = layer.parallax {
                q = parallax.source(q, nearness: nearness, at: input.moment)
            }
            if let foliage = layer.foliage {
                q += foliage.displacement(q, foliage: layer.foliageMap.value(atX: p.x, y: p.y), nearness: nearness,
                                          angle: swayAngle)
            }
            return (q.x, q.y)
        }

        func composite(_ row: inout LayerRow) {
            let w = row.width
            let (base, maps) = (layer.base, layer.maps)
            (faces?.land ?? input.land).row(row.y, count: w, xs: row.xs, ys: row.ys)
            row.maps.land = row.pixels
            // The maps only over the columns where a layer can act on them (0 elsewhere); the
            // plate and the maps (of one size) share each position's taps.
            let span = input.mapsUse == .none ? 0..<0 : input.mapsBox.columns(xs: row.xs, ys: row.ys, count: w)
            let (xs, ys, out, mapsOut) = (row.xs, row.ys, row.pixels, row.maps.maps)
            func sampleBase(_ columns: Range<Int>) {
                BilinearWarp.sampleRow(source: base.storage, width: base.width, height: base.height,
                                       xs: xs + columns.lowerBound, ys: ys + columns.lowerBound,
                                       count: columns.count, into: out + columns.lowerBound)
            }
            if input.mapsUse != .none {
                mapsOut.update(repeating: .zero, count: span.lowerBound)
                (mapsOut + span.upperBound).update(repeating: .zero, count: w - span.upperBound)
            }
            let (first, last) = (span.lowerBound, span.upperBound)
            switch input.mapsUse {
            case .interpolated:
                sampleBase(0..<first)
                BilinearWarp.sampleRow(source: base.storage, and: maps.storage, width: base.width,
                                       height: base.height, xs: xs + first, ys: ys + first, count: span.count,
                                       into: out + first, and: mapsOut + first)
                sampleBase(last..<w)
            case .nearest:
                sampleBase(0..<w)
                Self.nearestRow(maps.storage, width: maps.width, height: maps.height, xs: xs + first, ys: ys + first,
                                count: span.count, into: mapsOut + first)
            case .none:
                sampleBase(0..<w)
            }
            faces?.blink(xs: xs, ys: ys, count: w, plate: base, into: out)
        }

        /// The nearest source pixel at each position, clamped to the edge.
        @inline(__always)
        static func nearestRow(_ source: UnsafePointer<Pixel>, width: Int, height: Int, xs: UnsafePointer<Float>,
                               ys: UnsafePointer<Float>, count: Int, into out: UnsafeMutablePointer<Pixel>) {
            let limitX = Float(width - 1), limitY = Float(height - 1)
            for i in 0..<count {
                let x = Int(max(0, min(xs[i], limitX))), y = Int(max(0, min(ys[i], limitY)))
                out[i] = source[y * width + x]
            }
        }
    }

    func frame(_ input: LayerFrameInput, lattices: [CoordinateGrid]) -> (any LayerFrame)? {
        let frame = Frame(layer: self, input: input, swayAngle: Float(foliage?.clock.angle(at: input.seconds) ?? 0),
                          faces: input.faces)
        let grid = input.land
        grid.fill(schedule: input.schedule) { i, j in frame.source(grid.position(i, j)) }
        // The faces' smooth motions on a lattice of their own: water and fog lie on the land
        // as it is, not on the people.
        if let faces = input.faces, let target = faces.land {
            faces.fill(target, schedule: input.schedule) { i, j in grid.node(i, j) }
        }
        return frame
    }
}
