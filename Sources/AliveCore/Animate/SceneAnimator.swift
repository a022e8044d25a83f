import Foundation

/// Draws one frame of a clip whose scene moves: the layers of `SceneLayers.ordered` (each in
/// `Animate/Layers`, one file per effect) composed over one another, each a backward warp of a
/// plate made once per clip (never of the previous frame):
///
/// 1. Faces: a deformation of the rigid layers (land and subject), published first.
/// 2. Land: the photo (or, with a subject layer, the photo with the subject painted out)
///    through the camera and depth parallax, with foliage swaying; it samples the scene maps
///    where it samples the plate, so every later layer reads coverage fixed to the scene.
/// 3. Sky and water: their own plates through their flows, shown through their coverage.
/// 4. Subject: the photo through the camera alone, over everything, by its own matte.
/// 5. Fog, then particles.
///
/// The animator owns what is shared: the lattices (recycled from frame to frame), the
/// scratch rows, the bands and threads, and the final clamp. A layer's per-frame work is
/// dispatched once a frame and its composite once a row; every pixel loop is the layer's own.
///
/// The smooth motions are computed on `CoordinateGrid`s (one point in 8 x 8 pixels) and
/// interpolated; the mattes that decide which layer shows are sampled at every pixel, so
/// edges stay as sharp as the photo's.
public final class SceneAnimator: @unchecked Sendable {
    let layers: [any SceneLayer]
    /// How the land samples the maps: the most any layer asks.
    let mapsUse: MapsUse
    /// Where in the maps any layer acts on what it reads.
    let mapsBox: MapsBox
    let width: Int, height: Int
    static let step = 8

    public init(plates: ScenePlates, geometry: PlateGeometry, scene: SceneMaps, motion: SceneMotion,
                parallax: DepthParallax?, plateUnit: Float, outputWidth: Int, outputHeight: Int,
                loop: Double?, duration: Double, seed: UInt64, faces: FaceLife? = nil) {
        width = outputWidth
        height = outputHeight
        let clip = LayerClip(plates: plates, geometry: geometry, scene: scene, motion: motion, parallax: parallax,
                             unit: plateUnit, width: outputWidth, height: outputHeight, loop: loop,
                             duration: duration, seed: seed, faces: faces,
                             landDepth: scene.landDepth(withoutSky: plates.sky != nil))
        layers = SceneLayers.ordered.compactMap { $0.make(clip) }
        mapsUse = layers.map(\.mapsUse).max() ?? .none
        mapsBox = MapsBox(maps: plates.maps, reads: mapsUse == .none ? [] : layers.flatMap(\.reads))
    }

    /// The clip's layer of type `L`, nil when the clip does not show it.
    func layer<L: SceneLayer>(_ type: L.Type) -> L? {
        for layer in layers { if let l = layer as? L { return l } }
        return nil
    }

    var parallax: DepthParallax? { layer(LandLayer.self)?.parallax }
    var particles: ParticleField? { layer(ParticleLayer.self)?.field }
    /// The people's blinks, smiles, head motion and breath.
    var faces: FaceLife? { layer(FaceLayer.self)?.life }

    /// Per-frame lattices, reused from frame to frame by one renderer thread at a time: the
    /// land's, and each layer's own.
    final class Lattices: @unchecked Sendable {
        let land: CoordinateGrid
        let layers: [[CoordinateGrid]]
        init(width: Int, height: Int, counts: [Int]) {
            func grid() -> CoordinateGrid { CoordinateGrid(width: width, height: height, step: SceneAnimator.step) }
            land = grid()
            layers = counts.map { n in (0..<n).map { _ in grid() } }
        }
    }

    private let lock = NSLock()
    private var spare: [Lattices] = []

    private func lattices() -> Lattices {
        lock.lock()
        defer { lock.unlock() }
        return spare.popLast() ?? Lattices(width: width, height: height, counts: layers.map(\.latticeCount))
    }

    private func recycle(_ l: Lattices) {
        lock.lock()
        spare.append(l)
        lock.unlock()
    }

    /// Renders the frame at `seconds` into the clip time, with the camera's backward `map`
    /// (output pixels to plate pixels) and its `moment` for parallax.
    public func render(map: AffineMap, moment: DepthParallax.Moment, seconds: Double, into frame: FrameBuffer,
                       schedule: RenderSchedule, finish: BandFinish? = nil) {
        precondition(frame.width == width && frame.height == height)
        let l = lattices()
        defer { recycle(l) }

        // 1. Each layer's frame, in order: the lattices (where it samples at every node).
        let input = LayerFrameInput(map: map, moment: moment, seconds: seconds, schedule: schedule,
                                    outputWidth: width, outputHeight: height, land: l.land, mapsUse: mapsUse,
                                    mapsBox: mapsBox)
        var frames: [any LayerFrame] = []
        for (layer, lattices) in zip(layers, l.layers) {
            if let f = layer.frame(input, lattices: lattices) { frames.append(f) }
        }

        // 2. The pixels, a band of rows at a time, every layer's composite on each row.
        let w = width
        let rowsPerBand = schedule.rowsPerBand
        let perWorker = 8 * w + rowsPerBand * w
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: perWorker * schedule.threads)
        let pixelScratch = UnsafeMutablePointer<Pixel>.allocate(capacity: 4 * w * schedule.threads)
        defer { scratch.deallocate(); pixelScratch.deallocate() }
        let out = frame.storage
        schedule.forEachBand(rows: height) { rows, worker in
            let floats = scratch + perWorker * worker, pixels = pixelScratch + 4 * w * worker
            let bandDepth = floats + 8 * w
            var row = LayerRow(y: 0, width: w, pixels: out, xs: floats, ys: floats + w,
                               maps: CoverageRow(land: out, maps: pixels),
                               xs2: floats + 2 * w, ys2: floats + 3 * w, values: floats + 4 * w,
                               values2: floats + 5 * w, values3: floats + 6 * w,
                               a: pixels + w, b: pixels + 2 * w, c: pixels + 3 * w, depth: bandDepth)
            for y in rows {
                row.y = y
                row.pixels = out + y * w
                row.maps.land = row.pixels
                row.subjectColumns = 0..<0
                row.depth = bandDepth + (y - rows.lowerBound) * w
                for f in frames { f.composite(&row) }
                Self.clamp(row.pixels, count: w)
            }
            for f in frames { f.finish(band: rows, of: out, depth: bandDepth) }
            finish?(rows, worker)
        }
    }

    /// Every colour to 0...1, opaque.
    @inline(__always)
    static func clamp(_ row: UnsafeMutablePointer<Pixel>, count: Int) {
        let (zero, one) = (Pixel(repeating: 0), Pixel(repeating: 1))
        for x in 0..<count { row[x] = pointwiseMin(pointwiseMax(row[x], zero), one); row[x].w = 1 }
    }
}

extension SceneMaps {
    /// Depth with the subject's area (and, when the sky is a layer of its own, the sky) filled
    /// from the surroundings: what lies behind the subject, for the land layer's parallax.
    func landDepth(withoutSky: Bool) -> SceneMask {
        let grown = subject.dilated(radius: 2)
        let image = FrameBuffer(width: depth.width, height: depth.height)
        image.withMutablePixels { p in
            for i in 0..<p.count { p[i] = Pixel(depth.values[i], 0, 0, 1) }
        }
        let known = grown.values.indices.map { i -> Float in
            grown.values[i] > 0.05 || (withoutSky && sky.values[i] > 0.5) ? 0 : 1
        }
        guard known.contains(1) else { return depth }
        let filled = Inpainting.fill(image, known: known)
        return SceneMask(width: depth.width, height: depth.height, values: filled.withPixels { $0.map { $0.x } })
    }
}

extension SceneMaps {
    /// The subject's nearness (1 - depth), averaged over it: the depth a parallax move holds still.
    public var subjectNearness: Float {
        var sum: Float = 0, weight: Float = 0
        for i in subject.values.indices { sum += subject.values[i] * (1 - depth.values[i]); weight += subject.values[i] }
        return weight > 0 ? sum / weight : meanNearness
    }

    /// The photo's average nearness, outside the sky.
    public var meanNearness: Float {
        var sum: Float = 0, weight: Float = 0
        for i in depth.values.indices { let k = 1 - sky.values[i]; sum += k * (1 - depth.values[i]); weight += k }
        return weight > 0 ? sum / weight : 0.5
    }
}
