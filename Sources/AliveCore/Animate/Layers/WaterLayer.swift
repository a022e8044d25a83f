/// Water: its own plate (the shore and what stands in it filled from the water around)
/// rippling through `WaterFlow` where the land lies, shown through the water's matte, so the
/// shore stays put; reflections ripple because they are the water.
///
/// Plan: `SceneMotion.water`. Plates: `ScenePlates.water` and the water matte in the maps
/// (read interpolated). Margin: the flow's travel over the clip or a loop cycle.
struct WaterLayer: SceneLayer {
    let plate: FrameBuffer
    let flow: WaterFlow
    let geometry: PlateGeometry
    let depth: SceneMask

    static func make(_ clip: LayerClip) -> WaterLayer? {
        guard let water = clip.motion.water else { return nil }
        return WaterLayer(plate: clip.plates.water ?? clip.plates.photo,
                          flow: WaterFlow(flow: water, unit: clip.unit, loop: clip.loop, duration: clip.duration,
                                          seed: clip.seed),
                          geometry: clip.geometry, depth: clip.landDepth)
    }

    static func framingMargin(for motion: SceneMotion, span: Double) -> Double {
        let speed = max(motion.water?.speed ?? 0, motion.automatic ? Flow.waves.speed : 0)
        return SceneLayers.flowMargin(speed: speed, span: span)
    }

    var latticeCount: Int { 2 }
    var mapsUse: MapsUse { .interpolated }
    var reads: [(coverage: Coverage, least: Float)] { [(.water, FlowComposite.least)] }

    struct Frame: LayerFrame {
        let plate: FrameBuffer
        let first: CoordinateGrid, second: CoordinateGrid?
        let weight: Float

        func composite(_ row: inout LayerRow) {
            FlowComposite.row(row, cover: row.maps[.water],
                              plate: .init(pixels: plate.storage, width: plate.width, height: plate.height),
                              first: first, second: second, weight: weight, weights: nil)
        }
    }

    /// Where the water at land point `q` (plate pixels, as the land samples at a node) samples
    /// its plate in the phase that has followed the flow for `offset` seconds.
    @inline(__always)
    func source(_ q: SIMD2<Float>, offset: Double, angle: Float) -> (Float, Float) {
        let p = geometry.photo(q.x, q.y)
        let s = flow.source(q, nearness: 1 - depth.value(atX: p.x, y: p.y), offset: Float(offset), angle: angle)
        return (foldIntoPlate(s.x, Float(plate.width)), foldIntoPlate(s.y, Float(plate.height)))
    }

    func frame(_ input: LayerFrameInput, lattices: [CoordinateGrid]) -> (any LayerFrame)? {
        let phases = flow.clock.phases(at: input.seconds)
        guard !phases.isEmpty else { return nil }
        let angle = Float(flow.clock.angle(at: input.seconds))
        let land = input.land
        for (grid, phase) in zip(lattices, phases) {
            grid.fill(schedule: input.schedule) { i, j in
                source(land.node(i, j), offset: phase.offset, angle: angle)
            }
        }
        return Frame(plate: plate, first: lattices[0], second: phases.count == 2 ? lattices[1] : nil,
                     weight: Float(phases[0].weight))
    }
}
