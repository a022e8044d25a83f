/// The sky: its own plate (extended behind whatever stands in front of it) drifting through
/// `SkyDrift`, shown through the sky's coverage, which rides in the land plate's alpha and so
/// stays fixed to the scene. Behind a camera move with nothing asked of it, it is still, at
/// the farthest depth, so the skyline slides over it without tearing.
///
/// Plan: `SceneMotion.sky`. Plates: `ScenePlates.sky` (asked by `needsPlate`). Margin: the
/// drift's travel over the clip or a loop cycle.
struct SkyLayer: SceneLayer {
    let plate: FrameBuffer
    let drift: SkyDrift?
    let parallax: DepthParallax?

    static func make(_ clip: LayerClip) -> SkyLayer? {
        guard let plate = clip.plates.sky else { return nil }
        return SkyLayer(plate: plate, drift: clip.motion.sky.map {
            SkyDrift(flow: $0, unit: clip.unit, loop: clip.loop, duration: clip.duration, seed: clip.seed)
        }, parallax: clip.parallax)
    }

    /// The sky gets a plate of its own when it drifts, or lies far behind a camera move.
    static func needsPlate(motion: SceneMotion, parallax: Double, summary: SceneSummary) -> Bool {
        motion.sky != nil || (parallax > 0 && summary.sky >= SceneSummary.present)
    }

    static func framingMargin(for motion: SceneMotion, span: Double) -> Double {
        let speed = max(motion.sky?.speed ?? 0, motion.automatic ? Flow.clouds.speed : 0)
        return SceneLayers.flowMargin(speed: speed, span: span)
    }

    /// Two phases, and the hand-over's share grid.
    var latticeCount: Int { 3 }

    struct Frame: LayerFrame {
        let plate: FrameBuffer
        let first: CoordinateGrid, second: CoordinateGrid?
        /// The first phase's share at each node (a loop's patch-by-patch hand-over), or nil.
        let share: CoordinateGrid?
        let weight: Float

        func composite(_ row: inout LayerRow) {
            if let share { share.row(row.y, count: row.width, xs: row.values2, ys: row.values3) }
            FlowComposite.row(row, cover: row.maps[.sky],
                              plate: .init(pixels: plate.storage, width: plate.width, height: plate.height),
                              first: first, second: second, weight: weight,
                              weights: share == nil ? nil : UnsafePointer(row.values2))
        }
    }

    /// Where the sky at output point `o` samples its plate in the phase that has followed the
    /// drift for `offset` seconds: from the camera itself (not from the land: it is farther,
    /// and the land's outline must be free to slide over it), then its flow.
    @inline(__always)
    func source(_ o: (x: Float, y: Float), _ input: LayerFrameInput, offset: Double, angle: Float) -> (Float, Float) {
        var q = still(o, input)
        if let drift { q = drift.source(q, offset: Float(offset), angle: angle) }
        return (foldIntoPlate(q.x, Float(plate.width)), foldIntoPlate(q.y, Float(plate.height)))
    }

    /// Where the still sky at output point `o` lies in the plate: the camera, then parallax at
    /// the farthest depth.
    @inline(__always)
    func still(_ o: (x: Float, y: Float), _ input: LayerFrameInput) -> SIMD2<Float> {
        let q = input.camera(o)
        return parallax.map { $0.source(q, nearness: 0, at: input.moment) } ?? q
    }

    func frame(_ input: LayerFrameInput, lattices: [CoordinateGrid]) -> (any LayerFrame)? {
        let seconds = input.seconds, schedule = input.schedule
        // In a loop the sky hands over patch by patch (`SkyDrift.backwardShare`).
        let handOver = drift?.clock.handOverProgress(at: seconds)
        let phases: [(offset: Double, weight: Double)]
        if let h = handOver {
            phases = h.progress <= 0 ? [(h.forward, 1)] : h.progress >= 1 ? [(h.backward, 1)]
                : [(h.forward, 1), (h.backward, 0)]
        } else {
            phases = drift?.clock.phases(at: seconds) ?? [(0, 1)]
        }
        let angle = Float(drift?.clock.angle(at: seconds) ?? 0)
        for (grid, phase) in zip(lattices, phases) {
            grid.fill(schedule: schedule) { i, j in source(grid.position(i, j), input, offset: phase.offset, angle: angle) }
        }
        var share: CoordinateGrid?
        if phases.count == 2, let drift, let h = handOver {
            let grid = lattices[2]
            let (offset, progress) = (Float(h.forward), Float(h.progress))
            grid.fill(schedule: schedule) { i, j in
                (1 - drift.backwardShare(still(grid.position(i, j), input), offset: offset, progress: progress), 0)
            }
            share = grid
        }
        return Frame(plate: plate, first: lattices[0], second: phases.count == 2 ? lattices[1] : nil, share: share,
                     weight: Float(phases[0].weight))
    }
}
