/// Finds open water: sea, lake, river, seen from the side, below the horizon.
///
/// The water mask promises: 1 on the water surface, including the sky mirrored in it, the
/// glitter and the smooth band near the horizon; 0 on the sky, the shore, the beach and on
/// anything floating (a boat is the subject, not water). Ripple motion may move everything
/// under the mask; the horizon is its upper limit.
///
/// How: wind ripples are long and thin, so on water the lightness changes far more from row
/// to row than along a row; where that anisotropy is strong below the horizon and the colour
/// is one water has (bluish, or the colour of the sky it mirrors, never grass green) we have
/// confident seeds. Their colour (a Gaussian in L*a*b*) then claims the rest of the sheet,
/// including the smooth far water where ripples are too fine to see, unless the colour is
/// closer to the isotropic ground's. Only connected sheets that hold enough seeds count.
/// With no horizon (a stream in a wood), only white water is found (`whiteWater`).
enum WaterSegmentation {
    /// Ripple anisotropy (row-to-row against along-row lightness energy) that makes a seed.
    static let seedAnisotropy: Float = 0.35

    static func find(in image: AnalysisImage, sky: SkySegmentation.Result,
                     alongX: [Float], alongY: [Float]) -> [Bool] {
        let w = image.width, h = image.height, n = w * h
        let none = [Bool](repeating: false, count: n)
        // Open water is seen under a sky it mirrors: without a horizon there is no sheet to find
        // (snow, a road, a wall or bokeh can be as smooth and as blue as a lake), only white water.
        guard let horizon = sky.horizonRow, horizon < h - 2 else {
            return whiteWater(in: image, sky: sky.sky, alongX: alongX, alongY: alongY)
        }
        let firstRow = horizon

        let measures = RippleMeasures(image: image, alongX: alongX, alongY: alongY)
        let l = measures.l, a = measures.a, b = measures.b

        // The sky's colours (a histogram over a* b*), which water mirrors: calm water shows the
        // sky above it, rippled water a mix of the sky and its own body colour, never grass
        // green, sand or rock brown unless the sky is that colour too.
        let palette = SkyPalette(image: image, sky: sky.sky)
        guard palette.count > 0 else { return none }
        func waterColour(_ i: Int) -> Bool {
            palette.contains(a: a[i], b: b[i]) && l[i] <= palette.brightest + 10 && l[i] >= palette.median * 0.35
        }
        func anisotropy(_ i: Int) -> Float { measures.anisotropy(i) }
        var seeds = [Bool](repeating: false, count: n)
        var seedCount = 0
        for y in firstRow..<h {
            for x in 0..<w {
                let i = y * w + x
                guard !sky.sky[i] else { continue }
                if anisotropy(i) > seedAnisotropy && waterColour(i) { seeds[i] = true; seedCount += 1 }
            }
        }
        // Calm water: a mirror image of what stands above its far shore.
        let mirror = MirrorAxis.find(lightness: l, width: w, height: h, from: firstRow)
        if let axis = mirror {
            for y in (axis + 1)..<min(h, 2 * axis + 1) {
                let source = 2 * axis - y
                for x in 0..<w {
                    let i = y * w + x, j = source * w + x
                    guard !sky.sky[i], !seeds[i] else { continue }
                    let ratio = l[i] / max(l[j], 1)
                    if abs(a[i] - a[j]) + abs(b[i] - b[j]) < 10 && ratio > 0.4 && ratio < 1.15 {
                        seeds[i] = true; seedCount += 1
                    }
                }
            }
        }
        guard Float(seedCount) >= Float(n) * 0.005 else { return none }

        // Colour models: water from the seeds, ground from isotropic pixels unlike it.
        let water = ColourModel(l: l, a: a, b: b, where: seeds)
        var groundPixels = [Bool](repeating: false, count: n)
        for y in firstRow..<h {
            for x in 0..<w {
                let i = y * w + x
                guard !sky.sky[i], !seeds[i] else { continue }
                if anisotropy(i) < 0.1 && water.distanceSquared(l[i], a[i], b[i]) > 9 { groundPixels[i] = true }
            }
        }
        let ground = groundPixels.contains(true) ? ColourModel(l: l, a: a, b: b, where: groundPixels) : nil
        let candidateTop = firstRow
        var candidate = [Bool](repeating: false, count: n)
        for y in candidateTop..<h {
            for x in 0..<w {
                let i = y * w + x
                guard !sky.sky[i] else { continue }
                let dw = water.distanceSquared(l[i], a[i], b[i])
                candidate[i] = seeds[i] || (dw < 9 && waterColour(i)
                                            && (ground.map { dw < $0.distanceSquared(l[i], a[i], b[i]) } ?? true))
            }
        }
        // Keep the sheets that hold enough seeds.
        let (labels, sizes) = AnalysisRegions.label(candidate, width: w, height: h)
        var seedsIn = [Int](repeating: 0, count: sizes.count)
        for i in 0..<n where seeds[i] { seedsIn[Int(labels[i])] += 1 }
        // Water is level: a sheet's far edge is a horizontal line (the horizon or the far
        // shore) along much of its width; a snow slope, a glacier or a hillside is not. Under a
        // horizon that is only the sky's lower border, the far edge must be the sheet's own (a
        // shore above it) in two columns of three: a sheet that meets the sky itself across a
        // third of its width is land against the sky (hazy ridges, a hilltop at sunset).
        var tops = [[Int]](repeating: [], count: sizes.count)
        var seen = [Bool](repeating: false, count: sizes.count * w)
        for y in candidateTop..<h {
            for x in 0..<w {
                let k = Int(labels[y * w + x])
                guard k != 0 && !seen[k * w + x] else { continue }
                seen[k * w + x] = true
                // Under an estimated horizon, an edge against the sky or the horizon is the land's (a ridge).
                if sky.horizonIsStraight || (y > firstRow && !sky.sky[(y - 1) * w + x]) { tops[k].append(y) }
            }
        }
        var level = [Bool](repeating: false, count: sizes.count)
        for k in 1..<max(1, sizes.count) where tops[k].count * 3 >= seen[(k * w)..<(k * w + w)].filter({ $0 }).count * 2 {
            var histogram = [Int](repeating: 0, count: h + 4)
            for t in tops[k] { histogram[t] += 1 }
            var best = 0
            for y in 0..<h { best = max(best, histogram[max(0, y - 2)...min(h + 3, y + 2)].reduce(0, +)) }
            level[k] = Float(best) >= Float(tops[k].count) * 0.4
        }
        var result = none
        for i in 0..<n where labels[i] != 0 {
            let k = Int(labels[i])
            if sizes[k] >= n / 200 && level[k] && Float(seedsIn[k]) >= Float(sizes[k]) * 0.1 { result[i] = true }
        }
        return AnalysisRegions.fillingHoles(result, width: w, height: h, maximumHole: n / 1000)
    }
}

extension WaterSegmentation {
    /// Anisotropy of white water's streaks: more than the ripples' seed, a cascade's lit steps
    /// and its foam run across the view.
    static let whiteWaterAnisotropy: Float = 0.5
    /// Mean squared lightness step (L* a pixel, squared) that a patch of white water's streaks
    /// reaches at least in half of it: foam against dark water, about 8 L* a pixel; the shading
    /// of snow or of a wall seen at a slant is softer.
    static let whiteWaterEnergy: Float = 60

    /// A stream or a cascade seen with no sky (a brook in a wood): pale, nearly colourless patches
    /// of strong streaks across the view, each at least a four-hundredth of the frame, closed
    /// over the dark gaps between the streaks and with their holes filled. Rock is as pale but
    /// cracked every way; snow and bokeh are not streaked so strongly.
    static func whiteWater(in image: AnalysisImage, sky: [Bool], alongX: [Float], alongY: [Float]) -> [Bool] {
        let w = image.width, h = image.height, n = w * h
        let m = RippleMeasures(image: image, alongX: alongX, alongY: alongY)
        var streaked = [Bool](repeating: false, count: n)
        for i in 0..<n where !sky[i] && m.l[i] > 30 && m.a[i] * m.a[i] + m.b[i] * m.b[i] < 144 {
            streaked[i] = m.anisotropy(i) > whiteWaterAnisotropy
        }
        let (labels, sizes) = AnalysisRegions.label(streaked, width: w, height: h)
        var energies = [[Float]](repeating: [], count: sizes.count)
        for i in 0..<n where labels[i] != 0 && sizes[Int(labels[i])] >= max(4, n / 400) {
            energies[Int(labels[i])].append(m.acrossRows[i] + m.alongRows[i])
        }
        var strong = [Bool](repeating: false, count: sizes.count)
        for k in 1..<max(1, sizes.count) where !energies[k].isEmpty {
            strong[k] = energies[k].sorted()[energies[k].count / 2] >= whiteWaterEnergy
        }
        guard strong.contains(true) else { return [Bool](repeating: false, count: n) }
        let found = labels.map { strong[Int($0)] ? Float(1) : 0 }
        // Closed: grown two pixels, then shrunk two.
        let grown = boxMean(found, width: w, height: h, radius: 2).map { $0 > 0.001 ? Float(1) : 0 }
        let closed = boxMean(grown, width: w, height: h, radius: 2).map { $0 > 0.999 }
        return AnalysisRegions.fillingHoles(closed, width: w, height: h, maximumHole: n / 50)
    }
}

/// What water is found by, at a radius of about a hundredth of the width: the mean L*a*b*
/// and the mean squared lightness change across rows and along them.
struct RippleMeasures {
    let l: [Float], a: [Float], b: [Float]
    let acrossRows: [Float], alongRows: [Float]

    init(image: AnalysisImage, alongX: [Float], alongY: [Float]) {
        let w = image.width, h = image.height
        let radius = max(2, w / 100)
        l = boxMean(image.lightness, width: w, height: h, radius: radius)
        a = boxMean(image.greenRed, width: w, height: h, radius: radius)
        b = boxMean(image.blueYellow, width: w, height: h, radius: radius)
        acrossRows = boxMean(alongY.map { $0 * $0 }, width: w, height: h, radius: radius + 1)
        alongRows = boxMean(alongX.map { $0 * $0 }, width: w, height: h, radius: radius + 1)
    }

    /// Ripple anisotropy: -1 ... 1, positive where rows change more than they vary along.
    func anisotropy(_ i: Int) -> Float { (acrossRows[i] - alongRows[i]) / (acrossRows[i] + alongRows[i] + 1) }
}

/// The colours of the sky in a* b*, as a coarse histogram: which colours water may mirror.
struct SkyPalette {
    static let binSize: Float = 4
    static let bins = 32
    /// Bins within this many of a populated bin count as the sky's colour (about 12 delta E).
    private var member = [Bool](repeating: false, count: bins * bins)
    private(set) var count = 0
    private(set) var brightest: Float = 0
    private(set) var darkest: Float = 100
    private(set) var median: Float = 50

    /// The sky's lightness a little above its darkest (the 10th percentile).
    private(set) var lower: Float = 0

    /// `reach`: bins within this many of a populated bin count as the sky's colour (3: about
    /// 12 delta E); a bin holding under 1% of the sky reaches at most one.
    init(image: AnalysisImage, sky: [Bool], reach: Int = 3) {
        var counts = [Int](repeating: 0, count: Self.bins * Self.bins)
        for i in sky.indices where sky[i] {
            counts[Self.bin(image.greenRed[i], image.blueYellow[i])] += 1
            count += 1
        }
        guard count > 0 else { return }
        // Lightness range of the sky, ignoring the brightest and darkest 2% (sun, specks).
        var ls = sky.indices.filter { sky[$0] }.map { image.lightness[$0] }
        ls.sort()
        brightest = ls[min(ls.count - 1, ls.count * 98 / 100)]
        darkest = ls[ls.count * 2 / 100]
        median = ls[ls.count / 2]
        lower = ls[ls.count / 10]
        // A colour the sky barely shows (a few hazy bins near the horizon) is matched only
        // closely: it reaches one bin, not `reach`, so it does not carry the palette on to
        // the sand or the grass beside it.
        let floor = max(2, count / 400), broad = count / 100
        for u in 0..<Self.bins {
            for v in 0..<Self.bins where counts[u * Self.bins + v] >= floor {
                let spread = counts[u * Self.bins + v] >= broad ? reach : min(reach, 1)
                for du in -spread...spread {
                    for dv in -spread...spread {
                        let p = u + du, q = v + dv
                        if p >= 0 && p < Self.bins && q >= 0 && q < Self.bins { member[p * Self.bins + q] = true }
                    }
                }
            }
        }
    }

    static func bin(_ a: Float, _ b: Float) -> Int {
        let u = min(bins - 1, max(0, Int((a + 64) / binSize))), v = min(bins - 1, max(0, Int((b + 64) / binSize)))
        return u * bins + v
    }

    func contains(a: Float, b: Float) -> Bool { member[Self.bin(a, b)] }
}

/// The row about which the part of the photo below the horizon mirrors the part above it:
/// the far shore of calm water. Lightness changes from row to row flip sign in a mirror, so
/// at the axis the vertical derivative below cancels the one above.
enum MirrorAxis {
    static func find(lightness l: [Float], width w: Int, height h: Int, from first: Int) -> Int? {
        var dy = [Float](repeating: 0, count: w * h)
        for y in 1..<(h - 1) { for x in 0..<w { dy[y * w + x] = l[(y + 1) * w + x] - l[(y - 1) * w + x] } }
        var best: (score: Float, row: Int)? = nil
        let minimumSpan = max(4, h / 20)
        for axis in max(first, minimumSpan)..<(h - minimumSpan) {
            let span = min(axis, h - 1 - axis, h / 4)
            var mismatch: Float = 0, energy: Float = 0
            for d in 2..<span {
                let above = (axis - d) * w, below = (axis + d) * w
                for x in 0..<w {
                    let u = dy[above + x], v = dy[below + x]
                    mismatch += abs(u + v); energy += abs(u) + abs(v)
                }
            }
            // Mirror structure must be there to be matched (a flat band matches trivially).
            guard energy > Float(w * span) * 0.5 else { continue }
            let score = mismatch / energy
            if score < (best?.score ?? 0.55) { best = (score, axis) }
        }
        return best?.row
    }
}

/// A diagonal Gaussian over L*a*b*, with a floor on the spread so that a uniform region
/// does not make every other pixel infinitely unlikely.
struct ColourModel: Sendable {
    var mean: SIMD3<Float>
    var inverseVariance: SIMD3<Float>

    init(l: [Float], a: [Float], b: [Float], where member: [Bool]) {
        var sum = SIMD3<Float>.zero, sumSquares = SIMD3<Float>.zero, count: Float = 0
        for i in member.indices where member[i] {
            let v = SIMD3(l[i], a[i], b[i])
            sum += v; sumSquares += v * v; count += 1
        }
        let m = sum / max(count, 1)
        let variance = sumSquares / max(count, 1) - m * m
        let floor = SIMD3<Float>(repeating: 9)
        mean = m
        inverseVariance = 1 / (variance.replacing(with: floor, where: variance .< floor))
    }

    /// Squared Mahalanobis distance (diagonal); about 3 on average for the model's own pixels.
    func distanceSquared(_ l: Float, _ a: Float, _ b: Float) -> Float {
        let d = SIMD3(l, a, b) - mean
        return (d * d * inverseVariance).sum()
    }
}
