import Foundation

/// Draws one frame of a clip whose scene moves: the layers composed over one another, each a
/// backward warp of a plate made once per clip (never of the previous frame).
///
/// 1. Background: the photo (or, with layered parallax, the photo with the subject painted
///    out) through the camera and depth parallax, with foliage swaying.
/// 2. Sky and water: their own plates through their flows, in two cross-faded phases, shown
///    through the sky and water masks, which stay fixed to the scene.
/// 3. Subject: the photo through the camera alone, over everything, by its own mask.
/// 4. Fog, then particles.
///
/// The smooth motions are computed on `CoordinateGrid`s (one point in 8 x 8 pixels) and
/// interpolated; the masks that decide which layer shows are sampled at every pixel, so
/// edges stay as sharp as the photo's.
public final class SceneAnimator: @unchecked Sendable {
    let plates: ScenePlates
    let geometry: PlateGeometry
    /// Depth of the land layer: the subject's area and the sky filled from around them, so
    /// the land moves smoothly up to and past its own outline.
    let depth: SceneMask
    let foliageMap: SceneMask
    let parallax: DepthParallax?
    let sky: SkyDrift?
    let water: WaterFlow?
    let foliage: FoliageSway?
    let fog: FogDrift?
    let particles: ParticleField?
    /// The people's blinks, smiles, head motion and breath.
    let faces: FaceLife?
    /// How much of the fog and the particles shows: none at the first frame.
    let presence: FlowClock
    let width: Int, height: Int
    static let step = 8

    public init(plates: ScenePlates, geometry: PlateGeometry, scene: SceneMaps, motion: SceneMotion,
                parallax: DepthParallax?, plateUnit: Float, outputWidth: Int, outputHeight: Int,
                loop: Double?, duration: Double, seed: UInt64, faces: FaceLife? = nil) {
        self.plates = plates
        self.faces = faces
        self.geometry = geometry
        depth = scene.landDepth(withoutSky: plates.sky != nil)
        foliageMap = scene.foliage
        self.parallax = parallax
        width = outputWidth
        height = outputHeight
        sky = motion.sky.map { SkyDrift(flow: $0, unit: plateUnit, loop: loop, duration: duration, seed: seed) }
        water = motion.water.map { WaterFlow(flow: $0, unit: plateUnit, loop: loop, duration: duration, seed: seed) }
        foliage = motion.foliage.map { FoliageSway(sway: $0, unit: plateUnit, loop: loop, duration: duration, seed: seed) }
        fog = motion.fog.map { FogDrift(flow: $0, unit: plateUnit, loop: loop, duration: duration, seed: seed) }
        particles = motion.particles.map {
            ParticleField($0, width: outputWidth, height: outputHeight, loop: loop, seed: seed)
        }
        presence = FlowClock(preferred: 1, loop: loop, duration: duration)
    }

    /// Per-frame lattices, reused from frame to frame by one renderer thread at a time.
    final class Lattices: @unchecked Sendable {
        let background, skyA, skyB, waterA, waterB, fog: CoordinateGrid
        /// The forward phase's share of the sky at each node, in a loop's hand-over.
        let skyShare: CoordinateGrid
        init(width: Int, height: Int) {
            func grid() -> CoordinateGrid { CoordinateGrid(width: width, height: height, step: SceneAnimator.step) }
            (background, skyA, skyB, waterA, waterB, fog) = (grid(), grid(), grid(), grid(), grid(), grid())
            skyShare = grid()
        }
    }

    private let lock = NSLock()
    private var spare: [Lattices] = []

    private func lattices() -> Lattices {
        lock.lock()
        defer { lock.unlock() }
        return spare.popLast() ?? Lattices(width: width, height: height)
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
        // The sky is a layer of its own whenever it has a plate: drifting, or far behind a
        // camera move (then still, at the farthest depth).
        // In a loop the sky hands over patch by patch (`SkyDrift.backwardShare`).
        let skyHandOver = sky?.clock.handOverProgress(at: seconds)
        let skyPhases: [(offset: Double, weight: Double)]
        if let h = skyHandOver {
            skyPhases = h.progress <= 0 ? [(h.forward, 1)] : h.progress >= 1 ? [(h.backward, 1)]
                : [(h.forward, 1), (h.backward, 0)]
        } else {
            skyPhases = sky?.clock.phases(at: seconds) ?? (plates.sky != nil ? [(0, 1)] : [])
        }
        let waterPhases = water?.clock.phases(at: seconds) ?? []
        let skyAngle = Float(sky?.clock.angle(at: seconds) ?? 0)
        let waterAngle = Float(water?.clock.angle(at: seconds) ?? 0)
        let swayAngle = Float(foliage?.clock.angle(at: seconds) ?? 0)
        let fogPhases = fog?.clock.phases(at: seconds) ?? []
        let shown = Float(presence.presence(at: seconds))
        let poses = faces?.poses(at: seconds) ?? []
        let faces = poses.contains { !$0.isRest } ? self.faces : nil

        // 1. The lattices: where each layer samples at every node.
        let geometry = self.geometry, depthMap = self.depth, foliageMap = self.foliageMap
        let parallax = self.parallax, foliage = self.foliage, sky = self.sky, water = self.water, fog = self.fog
        l.background.fill(schedule: schedule) { i, j in
            let o = l.background.position(i, j)
            var q = SIMD2<Float>(map.a * o.x + map.b * o.y + map.c, map.d * o.x + map.e * o.y + map.f)
            let p = geometry.photo(q.x, q.y)
            let nearness = 1 - depthMap.value(atX: p.x, y: p.y)
            if let parallax {
                q = parallax.source(q, nearness: nearness, at: moment)
            }
            if let foliage {
                q += foliage.displacement(q, foliage: foliageMap.value(atX: p.x, y: p.y), nearness: nearness,
                                          angle: swayAngle)
            }
            return (q.x, q.y)
        }
        // Flows sample upstream, perhaps beyond the plate: fold such positions back into it
        // (a mirror, so the texture stays continuous) instead of smearing its edge.
        let (plateWidth, plateHeight) = (Float(plates.photo.width), Float(plates.photo.height))
        @inline(__always) func fold(_ v: Float, _ limit: Float) -> Float {
            let period = 2 * limit
            var u = v - (v / period).rounded(.down) * period
            if u > limit { u = period - u }
            return u
        }
        func flowGrid(_ grid: CoordinateGrid, _ source: @escaping (SIMD2<Float>, Float) -> SIMD2<Float>) {
            let background = l.background
            grid.fill(schedule: schedule) { i, j in
                let k = j * background.columns + i
                let q = SIMD2(background.xs[k], background.ys[k])
                let p = geometry.photo(q.x, q.y)
                let s = source(q, 1 - depthMap.value(atX: p.x, y: p.y))
                return (fold(s.x, plateWidth), fold(s.y, plateHeight))
            }
        }
        // The sky from the camera itself (not from the land: it is farther, and the land's
        // outline must be free to slide over it), then its flow.
        for (grid, phase) in zip([l.skyA, l.skyB], skyPhases) {
            grid.fill(schedule: schedule) { i, j in
                let o = grid.position(i, j)
                var q = SIMD2<Float>(map.a * o.x + map.b * o.y + map.c, map.d * o.x + map.e * o.y + map.f)
                if let parallax { q = parallax.source(q, nearness: 0, at: moment) }
                if let sky { q = sky.source(q, offset: Float(phase.offset), angle: skyAngle) }
                return (fold(q.x, plateWidth), fold(q.y, plateHeight))
            }
        }
        let skyShared = skyPhases.count == 2 && skyHandOver != nil
        if skyShared, let sky, let h = skyHandOver {
            let (offset, progress) = (Float(h.forward), Float(h.progress))
            l.skyShare.fill(schedule: schedule) { i, j in
                let o = l.skyShare.position(i, j)
                var q = SIMD2<Float>(map.a * o.x + map.b * o.y + map.c, map.d * o.x + map.e * o.y + map.f)
                if let parallax { q = parallax.source(q, nearness: 0, at: moment) }
                return (1 - sky.backwardShare(q, offset: offset, progress: progress), 0)
            }
        }
        if let water {
            for (grid, phase) in zip([l.waterA, l.waterB], waterPhases) {
                flowGrid(grid) { q, nearness in
                    water.source(q, nearness: nearness, offset: Float(phase.offset), angle: waterAngle)
                }
            }
        }
        if let fog {
            let background = l.background
            l.fog.fill(schedule: schedule) { i, j in
                let k = j * background.columns + i
                return (fog.thickness(SIMD2(background.xs[k], background.ys[k]), phases: fogPhases), 0)
            }
        }

        // 2. The pixels, a band of rows at a time.
        let w = width
        let skyWeight = Float(skyPhases.first?.weight ?? 0), waterWeight = Float(waterPhases.first?.weight ?? 0)
        let rowsPerBand = schedule.rowsPerBand
        let perWorker = 8 * w + rowsPerBand * w
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: perWorker * schedule.threads)
        let maskScratch = UnsafeMutablePointer<Pixel>.allocate(capacity: 4 * w * schedule.threads)
        defer { scratch.deallocate(); maskScratch.deallocate() }
        let plates = self.plates
        let layered = plates.background != nil
        let base = plates.background ?? plates.photo
        let fogLattice = l.fog
        let needsMaps = water != nil || fog != nil || particles != nil
        // The subject's bounds in output pixels (camera maps are scale and shift only).
        var (subjectRows, subjectCols) = (0..<0, 0..<0)
        if let b = plates.subjectBounds, map.a > 0, map.e > 0 {
            func range(_ lo: Float, _ hi: Float, _ scale: Float, _ shift: Float, _ limit: Int) -> Range<Int> {
                let first = max(0, Int(((lo - shift) / scale).rounded(.down)) - 1)
                let last = min(limit, Int(((hi - shift) / scale).rounded(.up)) + 1)
                return first < last ? first..<last : 0..<0
            }
            subjectCols = range(b.minX, b.maxX, map.a, map.c, width)
            subjectRows = range(b.minY, b.maxY, map.e, map.f, height)
        }
        base.withPixels { base in
        (plates.subject ?? plates.photo).withPixels { photo in
        plates.maps.withPixels { maps in
        (plates.sky ?? plates.photo).withPixels { skyPlate in
        (plates.water ?? plates.photo).withPixels { waterPlate in
        frame.withMutablePixels { out in
            let (bw, bh) = (plates.photo.width, plates.photo.height)
            schedule.forEachBand(rows: height) { rows, worker in
                let xs = scratch + perWorker * worker, ys = xs + w
                let xs2 = ys + w, ys2 = xs2 + w
                let fogRow = ys2 + w
                let shareRow = fogRow + w, shareScratch = shareRow + w
                let bandDepth = xs + 8 * w
                let m = maskScratch + 4 * w * worker, a = m + w, b = a + w, c = b + w
                for y in rows {
                    let row = out.baseAddress! + y * w
                    // Background and the maps, at the same place.
                    l.background.row(y, count: w, xs: xs, ys: ys)
                    faces?.displace(xs: xs, ys: ys, count: w, poses: poses)
                    BilinearWarp.sampleRow(source: base.baseAddress!, width: bw, height: bh, xs: xs, ys: ys,
                                           count: w, into: row)
                    if water != nil {
                        BilinearWarp.sampleRow(source: maps.baseAddress!, width: bw, height: bh, xs: xs, ys: ys,
                                               count: w, into: m)
                    } else if needsMaps {
                        // Only depth, for fog and particles: the nearest value is enough (a
                        // quarter of the cost of a blend of four).
                        Self.nearestRow(maps.baseAddress!, width: bw, height: bh, xs: xs, ys: ys, count: w, into: m)
                    }
                    // Sky, then water: their flowing plates through their masks. The sky's
                    // coverage rides in the land plate's alpha (sampled with it, no extra
                    // lookup); the water's in the maps.
                    //
                    // Each adds only its own change, coverage times (flowing plate - the same
                    // plate where the land samples): the matting composite I = aF + (1 - a)B
                    // with the layer's colour F taken from its clean plate, so the land's part
                    // of a soft edge stays with the land, nothing of the land travels with the
                    // flow, and where nothing is displaced (frame 0) the frame is the photo.
                    func flowLayer(_ phases: Int, _ first: CoordinateGrid, _ second: CoordinateGrid,
                                   _ plate: UnsafePointer<Pixel>, mask: UnsafePointer<Pixel>, channel: Int,
                                   weight: Float, weights: UnsafePointer<Float>? = nil) {
                        first.row(y, count: w, xs: xs2, ys: ys2)
                        Self.sampleWhere(mask, channel: channel, source: plate, width: bw, height: bh,
                                         xs: xs2, ys: ys2, count: w, into: a)
                        if phases == 2 {
                            second.row(y, count: w, xs: xs2, ys: ys2)
                            Self.sampleWhere(mask, channel: channel, source: plate, width: bw, height: bh,
                                             xs: xs2, ys: ys2, count: w, into: b)
                        }
                        Self.sampleWhere(mask, channel: channel, source: plate, width: bw, height: bh,
                                         xs: xs, ys: ys, count: w, into: c)
                        // (The channel spelled out: a SIMD lane picked at run time goes through memory.)
                        for x in 0..<w {
                            let cover = channel == 3 ? mask[x].w : mask[x].y
                            guard cover > 0.002 else { continue }
                            let flowing = phases == 2 ? b[x] + (a[x] - b[x]) * (weights?[x] ?? weight) : a[x]
                            row[x] = row[x] + (flowing - c[x]) * cover
                        }
                    }
                    if !skyPhases.isEmpty {
                        if skyShared { l.skyShare.row(y, count: w, xs: shareRow, ys: shareScratch) }
                        flowLayer(skyPhases.count, l.skyA, l.skyB, skyPlate.baseAddress!, mask: row, channel: 3,
                                  weight: skyWeight, weights: skyShared ? UnsafePointer(shareRow) : nil)
                    }
                    if !waterPhases.isEmpty {
                        flowLayer(waterPhases.count, l.waterA, l.waterB, waterPlate.baseAddress!, mask: m, channel: 1,
                                  weight: waterWeight)
                    }
                    // The subject, rigid, over the background it was painted out of: its plate
                    // holds the premultiplied foreground, photo - (1 - a) * background, so
                    // over the background undisplaced it gives the photo back exactly.
                    // (Only across the subject's bounds, seen through the camera.)
                    let subjectColumns = layered && subjectRows.contains(y) ? subjectCols : 0..<0
                    if !subjectColumns.isEmpty {
                        let cy = Float(y) + 0.5
                        for x in subjectColumns {
                            let cx = Float(x) + 0.5
                            xs2[x] = map.a * cx + map.b * cy + map.c
                            ys2[x] = map.d * cx + map.e * cy + map.f
                        }
                        let start = subjectColumns.lowerBound
                        faces?.displace(xs: xs2 + start, ys: ys2 + start, count: subjectColumns.count, poses: poses)
                        BilinearWarp.sampleRow(source: photo.baseAddress!, width: bw, height: bh, xs: xs2 + start,
                                               ys: ys2 + start, count: subjectColumns.count, into: a + start)
                        for x in subjectColumns {
                            row[x] = row[x] * (1 - a[x].w) + a[x]
                        }
                    }
                    if fog != nil {
                        fogLattice.row(y, count: w, xs: fogRow, ys: xs2)
                        for x in 0..<w {
                            let f = fogRow[x] * FogDrift.distance(m[x].w) * shown
                            row[x] = row[x] + (FogDrift.colour - row[x]) * f
                        }
                    }
                    let (zero, one) = (Pixel(repeating: 0), Pixel(repeating: 1))
                    for x in 0..<w { row[x] = pointwiseMin(pointwiseMax(row[x], zero), one); row[x].w = 1 }
                    if particles != nil {
                        let d = bandDepth + (y - rows.lowerBound) * w
                        for x in 0..<w { d[x] = m[x].w }
                        for x in subjectColumns where a[x].w > 0.5 { d[x] = min(d[x], 0.1) }
                    }
                }
                particles?.draw(rows: rows, of: out.baseAddress!, depth: bandDepth, seconds: seconds, presence: shown)
                finish?(rows, worker)
            }
        }
        }
        }
        }
        }
        }
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

    /// Samples only where the mask's `channel` (1: water in the maps, 3: sky in the land's
    /// alpha) is non-zero (the sky is often a third of the frame).
    @inline(__always)
    static func sampleWhere(_ mask: UnsafePointer<Pixel>, channel: Int, source: UnsafePointer<Pixel>,
                            width: Int, height: Int, xs: UnsafeMutablePointer<Float>, ys: UnsafeMutablePointer<Float>,
                            count: Int, into out: UnsafeMutablePointer<Pixel>) {
        @inline(__always) func covered(_ i: Int) -> Bool { (channel == 3 ? mask[i].w : mask[i].y) > 0.002 }
        var start = 0
        while start < count {
            while start < count && !covered(start) { start += 1 }
            var end = start
            while end < count && covered(end) { end += 1 }
            if end > start {
                BilinearWarp.sampleRow(source: source, width: width, height: height, xs: xs + start, ys: ys + start,
                                       count: end - start, into: out + start)
            }
            start = end
        }
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
