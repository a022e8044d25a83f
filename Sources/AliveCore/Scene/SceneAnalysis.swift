/// Scene understanding for the motion effects: where the sky, the water and the subject are
/// in a photo, and how far away each part is. Classical image analysis, no trained model:
/// it runs in milliseconds on a small copy of the photo and gives the same maps every time.
///
/// The steps (each in its own file):
/// 1. `AnalysisImage`: an area-filtered copy, longest side `analysisSide`, in sRGB and L*a*b*.
/// 2. `SkySegmentation`: the smooth, sky-coloured region hanging from the top; the horizon.
/// 3. `WaterSegmentation`: ripple-textured, sky-mirroring sheets below the horizon.
/// 4. `SubjectSaliency`: the one object whose colour stands out from the rest of the photo;
///    `FoliageSegmentation`: green or autumn-coloured, textured trees and grass.
/// 5. `GuidedFilter`: each rough mask made soft and moved onto the photo's own edges.
/// 6. `Enclosure`: how far each pixel is from the frame's border through changes of colour.
/// 7. `Defocus`: where the photo's edges are crisp and where soft (bokeh), from a copy at
///    twice the analysis size.
/// 8. `DepthLayout`: depth composed from the horizon, the refined masks, the enclosure and
///    the focus.

/// The maps of one photo, all at the analysis size (see `SceneMask` for coordinates).
public struct SceneMaps: Sendable {
    /// 1 on sky and its clouds; 0 on everything in front of it and on water mirroring it.
    public var sky: SceneMask
    /// 1 on the water surface (sea, lake, river) including reflections; 0 on boats, shore, sky.
    public var water: SceneMask
    /// 1 on the most salient foreground object, 0 elsewhere (may be empty).
    public var subject: SceneMask
    /// 0 nearest ... 1 farthest: sky 1, ground receding to the horizon, the subject and what
    /// other regions enclose in front.
    public var depth: SceneMask
    /// The horizon's height (0 top ... 1 bottom), nil when the photo shows no sky.
    public var horizon: Double?
    /// 1 on trees, bushes and grass (green or autumn-coloured, and textured), which may sway.
    public var foliage: SceneMask
    /// The maps whose border is faint in the photo (the colour changes little across it), or
    /// water found with no horizon (white water), so where they are is a guess: "sky", "water".
    public var unsure: Set<String> = []

    public init(sky: SceneMask, water: SceneMask, subject: SceneMask, depth: SceneMask, horizon: Double?,
                foliage: SceneMask? = nil) {
        self.sky = sky; self.water = water; self.subject = subject; self.depth = depth; self.horizon = horizon
        self.foliage = foliage ?? SceneMask(width: sky.width, height: sky.height, filling: 0)
    }

    /// The covered fractions the plan needs.
    public var summary: SceneSummary {
        SceneSummary(sky: Double(sky.mean), water: Double(water.mean), foliage: Double(foliage.mean),
                     subject: Double(subject.mean), unsure: unsure)
    }
}

public enum SceneAnalysis {
    /// Analyses `photo` on a copy whose longest side is `analysisSide` (about 256-384 is the
    /// useful range; never more than the photo's own size). Deterministic: the same photo
    /// always gives identical maps.
    public static func analyze(_ photo: Photo, analysisSide: Int = 320) -> SceneMaps {
        let image = AnalysisImage.downscaled(photo, longestSide: analysisSide)
        let w = image.width, h = image.height
        let (edges, alongX, alongY) = image.gradients()

        let sky = SkySegmentation.find(in: image, edges: edges, alongX: alongX, alongY: alongY)
        let water = WaterSegmentation.find(in: image, sky: sky, alongX: alongX, alongY: alongY)
        let subject = SubjectSaliency.find(in: image, sky: sky.sky, horizonRow: sky.horizonRow)

        // Radius about 1.2% of the long side: wide enough to bridge the one or two pixels
        // the rough masks miss at an edge, narrow enough to keep a tree line's raggedness.
        let filter = GuidedFilter(guide: image, radius: max(2, max(w, h) / 100), epsilon: 0.0015)
        // The filtered mask is stretched about one half: a soft but decisive edge one or two
        // pixels wide where the photo has one, rather than a long fade.
        func refined(_ mask: [Bool]) -> [Float] {
            filter.apply(mask.map { $0 ? 1 : 0 }).map { min(1, max(0, ($0 - 0.5) * 2.5 + 0.5)) }
        }
        let skyMap = refined(sky.sky)
        let waterMap = refined(water)
        let subjectMap = refined(subject)
        let foliage = FoliageSegmentation.find(in: image, edges: edges, alongX: alongX, alongY: alongY,
                                                 sky: sky.sky, water: water,
                                                 horizonRow: sky.horizonRow)
        let enclosure = Enclosure.find(in: image)
        let (focus, focusEvidence) = Defocus.find(in: image)
        let depth = DepthLayout.estimate(width: w, height: h, horizonRow: sky.horizonRow,
                                         sky: skyMap, subject: subjectMap, subjectBinary: subject,
                                         enclosure: enclosure, focus: focus, focusEvidence: focusEvidence)
        var maps = SceneMaps(
            sky: SceneMask(width: w, height: h, values: skyMap),
            water: SceneMask(width: w, height: h, values: waterMap),
            subject: SceneMask(width: w, height: h, values: subjectMap),
            depth: SceneMask(width: w, height: h, values: depth),
            horizon: sky.horizonRow.map { Double($0) / Double(h) },
            foliage: SceneMask(width: w, height: h, values: refined(foliage)))
        if faintBorder(sky.sky, image: image) { maps.unsure.insert("sky") }
        // Without a horizon only white water is found, and a row of chrome fins or a striped
        // shirt is streaked as strongly: the water is there if asked for, never a guess.
        if faintBorder(water, image: image) || (sky.horizonRow == nil && water.contains(true)) {
            maps.unsure.insert("water")
        }
        return maps
    }

    /// Colour difference (delta E) below which a region's upper or lower border is faint.
    static let faintContrast: Float = 6

    /// True when `mask` has a border across rows and the colour changes, on average, by less
    /// than `faintContrast` across it (two pixels either side): a dusk ridge against a dusk
    /// sky, a misty shore.
    static func faintBorder(_ mask: [Bool], image: AnalysisImage) -> Bool {
        let w = image.width, h = image.height
        guard h > 6 else { return false }
        var sum: Float = 0, count = 0
        for y in 2..<(h - 3) {
            for x in 0..<w {
                let i = y * w + x
                guard mask[i] != mask[i + w] else { continue }
                let p = i - 2 * w, q = i + 3 * w
                let dl = image.lightness[p] - image.lightness[q], da = image.greenRed[p] - image.greenRed[q]
                let db = image.blueYellow[p] - image.blueYellow[q]
                sum += (dl * dl + da * da + db * db).squareRoot(); count += 1
            }
        }
        return count >= max(4, w / 10) && sum / Float(count) < faintContrast
    }
}
