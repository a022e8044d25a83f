import Foundation

/// One effect of a clip whose scene moves, in one file: its part of the plan, what it asks of
/// the clip (plates, mattes, framing margin), its per-frame displacement and its per-row
/// composite. `SceneAnimator` draws a frame by running the layers of `SceneLayers.ordered`
/// in order, row by row.
///
/// A layer is made once per clip (`make`) and is immutable: everything that changes from
/// frame to frame lives in the `LayerFrame` that `frame` returns, so frames can render on
/// several threads at once.
protocol SceneLayer: Sendable {
    /// The layer for this clip, or nil when the clip does not show it.
    static func make(_ clip: LayerClip) -> Self?

    /// The framing margin (a fraction of the widest view) the layer needs beyond the views:
    /// a flow samples upstream of what it shows. 0 by default.
    static func framingMargin(for motion: SceneMotion, span: Double) -> Double

    /// How many `CoordinateGrid`s it fills a frame (the animator owns and recycles them).
    var latticeCount: Int { get }

    /// How it reads the scene maps at each pixel (`LayerRow.maps`).
    var mapsUse: MapsUse { get }

    /// The coverages it reads from the maps, each with the value at or below which it leaves
    /// a pixel alone (the land samples the maps only where a reader can act, and writes 0
    /// elsewhere). None by default.
    var reads: [(coverage: Coverage, least: Float)] { get }

    /// The frame at `input.seconds`: fills `lattices` (each node a pure function of the output
    /// point, the camera and the time) and returns what draws its rows, nil when nothing shows.
    func frame(_ input: LayerFrameInput, lattices: [CoordinateGrid]) -> (any LayerFrame)?
}

extension SceneLayer {
    static func framingMargin(for motion: SceneMotion, span: Double) -> Double { 0 }
    var latticeCount: Int { 0 }
    var mapsUse: MapsUse { .none }
    var reads: [(coverage: Coverage, least: Float)] { [] }
}

/// One layer in one frame. `composite` is called once per output row (dispatch per row, never
/// per pixel: each implementation runs its own SIMD row loop).
protocol LayerFrame {
    /// Draws this layer into `row.pixels`; may publish coverage for the layers after it.
    func composite(_ row: inout LayerRow)
    /// After every row of a band is composed (and clamped): draws what spans rows.
    func finish(band rows: Range<Int>, of pixels: UnsafeMutablePointer<Pixel>, depth: UnsafePointer<Float>)
}

extension LayerFrame {
    func finish(band rows: Range<Int>, of pixels: UnsafeMutablePointer<Pixel>, depth: UnsafePointer<Float>) {}
}

/// The layers a clip can show, back to front. A new effect is one file with a `SceneLayer`
/// and one entry here.
enum SceneLayers {
    static let ordered: [any SceneLayer.Type] = [
        FaceLayer.self,      // deforms the rigid layers (land, subject): first, so they see it
        LandLayer.self,      // the base: every other layer reads the scene through its positions
        SkyLayer.self,
        WaterLayer.self,
        SubjectLayer.self,
        FogLayer.self,
        ParticleLayer.self,
    ]

    /// The framing margin the clip's layers ask for: the largest of them.
    static func framingMargin(for motion: SceneMotion, span: Double) -> Double {
        ordered.map { $0.framingMargin(for: motion, span: span) }.max() ?? 0
    }

    /// The margin a flow of `speed` (frame widths per second) needs over `span` seconds (the
    /// clip, or one loop cycle), plus the change of shape; beyond the plate it is mirrored.
    static func flowMargin(speed: Double, span: Double) -> Double {
        speed > 0 ? min(0.3, speed * span + 0.015) : 0
    }
}

/// What every layer is made from, once per clip.
struct LayerClip {
    let plates: ScenePlates
    let geometry: PlateGeometry
    let scene: SceneMaps
    let motion: SceneMotion
    let parallax: DepthParallax?
    /// Plate pixels per output frame width (at the first view).
    let unit: Float
    let width: Int, height: Int
    let loop: Double?, duration: Double, seed: UInt64
    let faces: FaceLife?
    /// Depth of the land layer: the subject's area and (with a sky plate) the sky filled from
    /// around them, so the land, and what flows over it, moves smoothly past their outlines.
    let landDepth: SceneMask
}

/// How a layer reads the scene maps: the land layer samples them once per pixel at its own
/// positions, as finely as the most demanding layer asks.
enum MapsUse: Int, Comparable, Sendable {
    case none
    /// The nearest map pixel (depth for fog and particles: a quarter of the cost).
    case nearest
    /// Bilinear, like the plates (a matte that decides what shows).
    case interpolated

    static func < (a: MapsUse, b: MapsUse) -> Bool { a.rawValue < b.rawValue }
}

/// The box of map pixels outside which every coverage a layer reads is at or below its least
/// value: a bilinear or nearest sample whose taps all lie outside acts like 0 on every reader,
/// so the land samples the maps only over the columns whose positions reach the box.
struct MapsBox: Sendable {
    /// Bounds for `fx = clamp(x - 0.5)` and `fy` (the bilinear kernel's own): one pixel beyond
    /// the box, so that neither tap of a position outside reaches it; empty when lo > hi.
    let lo: SIMD2<Float>, hi: SIMD2<Float>
    let width: Int, height: Int

    /// The box over `maps` of what `reads` ask (the whole plate for a coverage read with no
    /// threshold; none for the sky, which rides in the land's alpha).
    init(maps: FrameBuffer, reads: [(coverage: Coverage, least: Float)]) {
        let (width, height) = (maps.width, maps.height)
        (self.width, self.height) = (width, height)
        var (x0, y0, x1, y1) = (Int.max, Int.max, -1, -1)
        maps.withPixels { m in
            for (coverage, least) in reads where coverage != .sky {
                // Under the threshold with room for the rounding of a blend of four taps.
                let below = least * 0.99
                let lane = CoverageLane(pixels: m.baseAddress!, coverage: coverage)
                for y in 0..<height {
                    for x in 0..<width {
                        guard !(abs(lane[y * width + x]) <= below) else { continue }
                        (x0, y0, x1, y1) = (min(x0, x), min(y0, y), max(x1, x), max(y1, y))
                    }
                }
            }
        }
        lo = SIMD2(Float(x0) - 1, Float(y0) - 1)
        hi = SIMD2(Float(x1) + 1, Float(y1) + 1)
    }

    /// The columns of a row sampling at (`xs`, `ys`) from the first to the last whose samples
    /// can reach the box (empty when none can).
    @inline(__always)
    func columns(xs: UnsafePointer<Float>, ys: UnsafePointer<Float>, count: Int) -> Range<Int> {
        let limitX = Float(width - 1), limitY = Float(height - 1)
        let (lo, hi) = (self.lo, self.hi)
        @inline(__always) func reaches(_ i: Int) -> Bool {
            // As `BilinearWarp.sampleRow` clamps (NaN included), so the test sees its taps.
            let fx = max(0, min(xs[i] - 0.5, limitX)), fy = max(0, min(ys[i] - 0.5, limitY))
            return !(fx < lo.x || fx > hi.x || fy < lo.y || fy > hi.y)
        }
        var start = 0, end = count
        while start < end && !reaches(start) { start += 1 }
        while end > start && !reaches(end - 1) { end -= 1 }
        return start..<end
    }
}

/// Scene coverage by name.
enum Coverage: Sendable {
    /// Rides in the land plate's alpha (sampled with the land, no extra lookup).
    case sky
    case water, foliage
    /// 0 near ... 1 far.
    case depth
}

/// One coverage along a row: `maps[.water][x]`.
struct CoverageLane {
    let pixels: UnsafePointer<Pixel>
    let coverage: Coverage

    /// (Each lane spelled out: a SIMD lane picked at run time goes through memory.)
    @inline(__always)
    subscript(x: Int) -> Float {
        switch coverage {
        case .sky: pixels[x].w
        case .water: pixels[x].y
        case .foliage: pixels[x].z
        case .depth: pixels[x].w
        }
    }
}

/// The scene's coverage along one output row, where the land samples.
struct CoverageRow {
    /// The land's row (its alpha is the sky's coverage).
    var land: UnsafeMutablePointer<Pixel>
    /// The maps at the land's positions: x sky, y water, z foliage, w depth.
    let maps: UnsafeMutablePointer<Pixel>

    @inline(__always)
    subscript(_ coverage: Coverage) -> CoverageLane {
        CoverageLane(pixels: coverage == .sky ? UnsafePointer(land) : UnsafePointer(maps), coverage: coverage)
    }
}

/// One frame as every layer sees it: the camera, the time, and what earlier layers share.
final class LayerFrameInput {
    /// The camera's backward map, output pixels to plate pixels.
    let map: AffineMap
    let moment: DepthParallax.Moment
    let seconds: Double
    let schedule: RenderSchedule
    let outputWidth: Int, outputHeight: Int
    /// Where the land samples at each node (filled by the land layer, read by the layers that
    /// lie on the land: water, fog).
    let land: CoordinateGrid
    /// How the land samples the maps (the most any layer asks).
    let mapsUse: MapsUse
    /// The maps' pixels beyond which no layer acts on what it reads (`MapsBox`).
    let mapsBox: MapsBox
    /// The faces' deformation this frame, nil when every face is at rest (set by `FaceLayer`,
    /// applied by the rigid layers).
    var faces: FaceLayer.Deformation?

    init(map: AffineMap, moment: DepthParallax.Moment, seconds: Double, schedule: RenderSchedule,
         outputWidth: Int, outputHeight: Int, land: CoordinateGrid, mapsUse: MapsUse, mapsBox: MapsBox) {
        (self.map, self.moment, self.seconds, self.schedule, self.land, self.mapsUse, self.mapsBox)
            = (map, moment, seconds, schedule, land, mapsUse, mapsBox)
        (self.outputWidth, self.outputHeight) = (outputWidth, outputHeight)
    }

    /// The plate point the camera shows at output point `o`.
    @inline(__always)
    func camera(_ o: (x: Float, y: Float)) -> SIMD2<Float> { map.source(o.x, o.y) }
}

/// One output row as the layers compose it, with the scratch rows the animator owns (one set
/// per worker: nothing is allocated per row or pixel).
struct LayerRow {
    var y: Int
    let width: Int
    /// The row being composed.
    var pixels: UnsafeMutablePointer<Pixel>
    /// Where the land samples (plate pixels), set by the land layer.
    let xs: UnsafeMutablePointer<Float>, ys: UnsafeMutablePointer<Float>
    /// The scene's coverage where the land samples.
    var maps: CoverageRow
    /// Scratch positions and values, free for any layer within its own `composite`.
    let xs2: UnsafeMutablePointer<Float>, ys2: UnsafeMutablePointer<Float>
    let values: UnsafeMutablePointer<Float>, values2: UnsafeMutablePointer<Float>
    let values3: UnsafeMutablePointer<Float>
    let a: UnsafeMutablePointer<Pixel>, b: UnsafeMutablePointer<Pixel>, c: UnsafeMutablePointer<Pixel>
    /// The subject's coverage over `subjectColumns` in `a`'s alpha, published by the subject
    /// layer for the layers after it (empty where it does not reach this row).
    var subjectColumns: Range<Int> = 0..<0
    /// This row's depth for what is drawn over the scene per band (particles).
    var depth: UnsafeMutablePointer<Float>
}

/// Flows sample upstream, perhaps beyond the plate: such positions fold back into it (a
/// mirror, so the texture stays continuous) instead of smearing its edge.
@inline(__always)
func foldIntoPlate(_ v: Float, _ limit: Float) -> Float {
    let period = 2 * limit
    var u = v - (v / period).rounded(.down) * period
    if u > limit { u = period - u }
    return u
}
