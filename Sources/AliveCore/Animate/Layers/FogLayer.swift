/// Fog or mist drifting through the scene (`FogDrift`): a soft noise density carried where
/// the land lies, thicker with distance, blended towards a cool light grey. It fades in over
/// the first quarter second (and, in a loop, out over the last), so the first frame has none.
///
/// Plan: `SceneMotion.fog`. Plates: none of its own; depth from the maps (nearest is enough).
/// Margin: the flow's travel over the clip or a loop cycle.
struct FogLayer: SceneLayer {
    let fog: FogDrift
    let presence: FlowClock

    static func make(_ clip: LayerClip) -> FogLayer? {
        clip.motion.fog.map {
            FogLayer(fog: FogDrift(flow: $0, unit: clip.unit, loop: clip.loop, duration: clip.duration, seed: clip.seed),
                     presence: FlowClock(preferred: 1, loop: clip.loop, duration: clip.duration))
        }
    }

    static func framingMargin(for motion: SceneMotion, span: Double) -> Double {
        SceneLayers.flowMargin(speed: motion.fog?.speed ?? 0, span: span)
    }

    var latticeCount: Int { 1 }
    var mapsUse: MapsUse { .nearest }
    var reads: [(coverage: Coverage, least: Float)] { [(.depth, 0)] }

    struct Frame: LayerFrame {
        /// Thickness before distance, in `xs`.
        let thickness: CoordinateGrid
        let shown: Float

        func composite(_ row: inout LayerRow) {
            thickness.row(row.y, count: row.width, xs: row.values, ys: row.xs2)
            Self.blend(row.pixels, thickness: row.values, depth: row.maps[.depth], shown: shown, count: row.width)
        }

        @inline(__always)
        static func blend(_ out: UnsafeMutablePointer<Pixel>, thickness: UnsafePointer<Float>, depth: CoverageLane,
                          shown: Float, count: Int) {
            for x in 0..<count {
                let f = thickness[x] * FogDrift.distance(depth[x]) * shown
                out[x] = out[x] + (FogDrift.colour - out[x]) * f
            }
        }
    }

    func frame(_ input: LayerFrameInput, lattices: [CoordinateGrid]) -> (any LayerFrame)? {
        let phases = fog.clock.phases(at: input.seconds)
        let land = input.land, grid = lattices[0], fog = self.fog
        grid.fill(schedule: input.schedule) { i, j in
            (fog.thickness(land.node(i, j), phases: phases), 0)
        }
        return Frame(thickness: grid, shown: Float(presence.presence(at: input.seconds)))
    }
}
