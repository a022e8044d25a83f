/// Snow, rain, sparkles, stars, leaves or petals drawn over the finished scene
/// (`ParticleField`), sized and paced by depth and hidden where the scene (or the subject) is
/// nearer than they are. They fade in over the first quarter second (and, in a loop, out over
/// the last), so the first frame has none.
///
/// Plan: `SceneMotion.particles`. Plates: none; depth from the maps (nearest is enough) and
/// the subject's coverage. Margin: none (drawn in output pixels).
struct ParticleLayer: SceneLayer {
    let field: ParticleField
    let presence: FlowClock

    static func make(_ clip: LayerClip) -> ParticleLayer? {
        clip.motion.particles.map {
            ParticleLayer(field: ParticleField($0, width: clip.width, height: clip.height, loop: clip.loop, seed: clip.seed),
                          presence: FlowClock(preferred: 1, loop: clip.loop, duration: clip.duration))
        }
    }

    var mapsUse: MapsUse { .nearest }
    var reads: [(coverage: Coverage, least: Float)] { [(.depth, 0)] }

    struct Frame: LayerFrame {
        let field: ParticleField
        let seconds: Double
        let shown: Float

        /// Records the row's depth: the scene's, and near wherever the subject covers.
        func composite(_ row: inout LayerRow) {
            let d = row.depth, depth = row.maps[.depth], a = row.a
            for x in 0..<row.width { d[x] = depth[x] }
            for x in row.subjectColumns where a[x].w > 0.5 { d[x] = min(d[x], 0.1) }
        }

        func finish(band rows: Range<Int>, of pixels: UnsafeMutablePointer<Pixel>, depth: UnsafePointer<Float>) {
            field.draw(rows: rows, of: pixels, depth: depth, seconds: seconds, presence: shown)
        }
    }

    func frame(_ input: LayerFrameInput, lattices: [CoordinateGrid]) -> (any LayerFrame)? {
        Frame(field: field, seconds: input.seconds, shown: Float(presence.presence(at: input.seconds)))
    }
}
