/// Finds the sky: the smooth region that hangs from the top of the photo, with its clouds.
///
/// The sky mask promises: 1 on open sky of any kind (clear blue, overcast grey, sunset
/// orange, dusk blue) including the clouds in it; 0 on everything that stands against it
/// (trees, towers, buildings, a rocket), on the ground and on water, even where the water
/// mirrors the sky. Cloud motion may move everything under the mask.
///
/// How: sky is where the photo is smooth at a few hundred pixels (no edge stronger than a
/// soft cloud's), its colour is one a sky can have, and it is connected to the top edge
/// through such pixels. A flood fill from the top row finds that region; holes inside it
/// (clouds with crisp edges, a bird) are filled; a long straight lower border is the
/// horizon, and nothing below it is sky (a mirror image on water is water). The guided
/// filter later puts the soft edge exactly on the photo's edge.
enum SkySegmentation {
    /// Colour gradient (delta E a pixel) above which a pixel is an edge sky does not cross.
    /// A soft cloud edge is 1-3 at analysis size; a tree line or horizon is 10 or more.
    static let edgeLimit: Float = 5

    struct Result {
        /// True on sky pixels (analysis size).
        var sky: [Bool]
        /// The row of a straight horizon or of the sky's usual lower border; nil without sky
        /// or when the sky spans less than a quarter of the width.
        var horizonRow: Int?
        /// True when the horizon is a straight line (sea, plain) rather than an estimate.
        var horizonIsStraight: Bool
    }

    static func find(in image: AnalysisImage, edges: [Float], alongX: [Float]? = nil, alongY: [Float]? = nil) -> Result {
        let w = image.width, h = image.height, n = w * h
        let nothing = Result(sky: [Bool](repeating: false, count: n), horizonRow: nil, horizonIsStraight: false)
        // The edge a sky does not cross, relative to how smooth this photo's top is: a dusk sky
        // with a gradient of 0.2 a pixel is cut by a dark ridge that a cloudy noon sky would
        // not notice.
        var topEdges = Array(edges[0..<(w * max(1, h / 10))])
        topEdges.sort()
        let limit = min(edgeLimit, max(Tune.f("SKYMINEDGE", 2), Tune.f("SKYEDGEK", 4) * topEdges[topEdges.count * 3 / 4]))
        var passable = [Bool](repeating: false, count: n)
        for i in 0..<n {
            passable[i] = edges[i] < limit
                && isSkyColour(lightness: image.lightness[i], a: image.greenRed[i], b: image.blueYellow[i])
        }
        // Sky regions: the components of passable pixels that meet the top edge broadly.
        let reached = AnalysisRegions.flood(from: Array(0..<w), passable: passable, width: w, height: h)
        let (labels, sizes) = AnalysisRegions.label(reached, width: w, height: h)
        var topContact = [Int](repeating: 0, count: sizes.count)
        for x in 0..<w where labels[x] != 0 { topContact[Int(labels[x])] += 1 }
        var bottomContact = [Int](repeating: 0, count: sizes.count)
        for x in 0..<w where labels[(h - 1) * w + x] != 0 { bottomContact[Int(labels[(h - 1) * w + x])] += 1 }
        var keep = [Bool](repeating: false, count: sizes.count)
        for l in 1..<max(1, sizes.count) {
            guard topContact[l] >= max(2, w / 10) && sizes[l] >= n / 200 else { continue }
            // A smooth region that also runs along much of the bottom edge, or fills nearly the
            // whole frame, is either a photo of the sky alone or a close-up (fur, a wall, a
            // table, a studio backdrop): only a clearly blue one is sky.
            if bottomContact[l] * 10 >= w * 3 || sizes[l] * 100 >= n * 85 {
                var sumL: Float = 0, sumB: Float = 0, blue = 0
                for i in 0..<n where labels[i] == Int32(l) {
                    sumL += image.lightness[i]; sumB += image.blueYellow[i]
                    if image.blueYellow[i] < -15 { blue += 1 }
                }
                let count = Float(sizes[l])
                keep[l] = sumB / count < Tune.f("ALLSKYB", -12) && sumL / count > 30 && blue * 3 >= sizes[l]
                Tune.log("sky: frame-filling region b \(sumB / count) L \(sumL / count) blue \(blue)/\(sizes[l]) -> \(keep[l])")
            } else {
                keep[l] = true
            }
        }
        var sky = [Bool](repeating: false, count: n)
        for i in 0..<n where labels[i] != 0 && keep[Int(labels[i])] { sky[i] = true }
        guard sky.contains(true) else { return nothing }
        // Daylight and dusk skies are at least as bright as the land under them, or blue;
        // a darker, warm, smooth region at the top is a wall or a table behind the subject.
        var skyL: Float = 0, skyA: Float = 0, skyB: Float = 0, restL: Float = 0, skyCount: Float = 0
        for i in 0..<n {
            if sky[i] {
                skyL += image.lightness[i]; skyA += image.greenRed[i]; skyB += image.blueYellow[i]; skyCount += 1
            } else {
                restL += image.lightness[i]
            }
        }
        // On the whole, a brown region (wood, leather, earth) is not sky, though a sunset
        // has brown-orange pixels near the horizon.
        let (meanL, meanA, meanB) = (skyL / skyCount, skyA / skyCount, skyB / skyCount)
        if meanL < 55 && meanA > 4 && meanB > 12 { return nothing }
        let restCount = Float(n) - skyCount
        if restCount > 0, skyL / skyCount + 5 < restL / restCount, skyB / skyCount > -3 { return nothing }

        // A straight line across the view under the sky (a sea's horizon, a plain's edge): what
        // lies above it may be sky, what lies below it is not.
        var line: Int? = nil
        if let alongX, let alongY, let row = HorizonLine.find(alongX: alongX, alongY: alongY, width: w, height: h) {
            var above = 0
            for i in 0..<(row * w) where sky[i] { above += 1 }
            if above >= w { line = row }
        }
        let lastSkyRow = line ?? h
        Tune.log("sky: straight line \(line.map(String.init) ?? "-")")

        // Sky cut off from the top by a cable, a branch or a bridge: smooth regions of the sky's
        // own colours and brightness, anywhere above the horizon (checked below).
        let palette = SkyPalette(image: image, sky: sky, reach: 1)
        let (others, otherSizes) = AnalysisRegions.label(zip(passable, sky).map { $0 && !$1 }, width: w, height: h)
        var otherMatch = [Int](repeating: 0, count: otherSizes.count)
        for i in 0..<n where others[i] != 0 {
            let l = image.lightness[i]
            if palette.contains(a: image.greenRed[i], b: image.blueYellow[i])
                && l >= palette.lower && l <= palette.brightest + 5 { otherMatch[Int(others[i])] += 1 }
        }
        for i in 0..<n where others[i] != 0 {
            let k = Int(others[i])
            if otherSizes[k] >= n / 100 && Float(otherMatch[k]) >= Float(otherSizes[k]) * Tune.f("SKYOTHER", 0.9)
                && i / w < lastSkyRow {
                sky[i] = true
            }
        }

        // Clouds with crisp edges (lit from the side, a sunset's orange, a storm's dark
        // base): sky-coloured, fairly smooth regions that the sky borders on much of their
        // outline and that do not reach the bottom of the frame (a mountain or a tree does).
        let texture = boxMean(edges, width: w, height: h, radius: 1)
        var cloudy = [Bool](repeating: false, count: n)
        for i in 0..<(lastSkyRow * w) where !sky[i] {
            cloudy[i] = image.lightness[i] >= 12 && texture[i] < Tune.f("CLOUDTEX", 12)
                && isSkyColour(lightness: image.lightness[i], a: image.greenRed[i], b: image.blueYellow[i])
        }
        let (clouds, cloudSizes) = AnalysisRegions.label(cloudy, width: w, height: h)
        var outline = [Int](repeating: 0, count: cloudSizes.count), onSky = outline
        var reachesBottom = [Bool](repeating: false, count: cloudSizes.count)
        for y in 0..<h {
            for x in 0..<w {
                let i = y * w + x, k = Int(clouds[i])
                guard k != 0 else { continue }
                if y == h - 1 { reachesBottom[k] = true }
                if y == 0 { onSky[k] += 2; outline[k] += 2 }    // the open top counts as sky
                for j in AnalysisRegions.neighbours(x, y, w, h) where j >= 0 && clouds[j] != clouds[i] {
                    outline[k] += 1
                    if sky[j] { onSky[k] += 1 }
                }
            }
        }
        for i in 0..<n where clouds[i] != 0 {
            let k = Int(clouds[i])
            if !reachesBottom[k] && Float(onSky[k]) >= Float(outline[k]) * Tune.f("CLOUDSHARE", 0.5) { sky[i] = true }
        }
        sky = AnalysisRegions.fillingHoles(sky, width: w, height: h, maximumHole: n / 30,
                                                topIsInside: true)

        if let line {
            for i in (line * w)..<n { sky[i] = false }
            return Result(sky: sky, horizonRow: line, horizonIsStraight: true)
        }
        // The sky's lower border, column by column (only columns open to the top).
        var bottoms: [Int] = []
        for x in 0..<w where sky[x] {
            var y = 0
            while y < h && sky[y * w + x] { y += 1 }
            bottoms.append(y)
        }
        // A horizon runs across the view: sky seen over only a small part of the width (a
        // window, a pale board on a wall, a gap between buildings) has no horizon under it.
        guard bottoms.count * 4 >= w else { return Result(sky: sky, horizonRow: nil, horizonIsStraight: false) }
        Tune.log("sky: edge limit \(limit), columns open \(bottoms.count)")
        // A straight horizon: one row (give or take one) holds a quarter of the border.
        var histogram = [Int](repeating: 0, count: h + 2)
        for b in bottoms { histogram[b] += 1 }
        var bestRow = 0, bestCount = 0
        for y in 1..<h {
            let c = histogram[y - 1] + histogram[y] + histogram[y + 1]
            if c > bestCount { bestCount = c; bestRow = y }
        }
        if bestCount * 4 >= bottoms.count && bestRow < h - 1 {
            // Nothing below a straight horizon is sky: there it is water or ground.
            for y in (bestRow + 1)..<h { for x in 0..<w { sky[y * w + x] = false } }
            return Result(sky: sky, horizonRow: bestRow, horizonIsStraight: true)
        }
        let sorted = bottoms.sorted()
        return Result(sky: sky, horizonRow: sorted[sorted.count * 85 / 100], horizonIsStraight: false)
    }

    /// Colours a sky can have: anything from dusk blue to sunset orange and overcast grey,
    /// but not the greens of foliage and grass, nor black.
    static func isSkyColour(lightness l: Float, a: Float, b: Float) -> Bool {
        if l < 8 { return false }
        if a < -8 && b > -2 && l < 90 { return false }   // foliage, grass
        return true
    }
}


/// A straight horizontal line across most of the photo: the lightness changes from row to row
/// (and hardly along the row) in the same row, give or take one, in most columns.
enum HorizonLine {
    static func find(alongX: [Float], alongY: [Float], width w: Int, height h: Int) -> Int? {
        guard h >= 16 else { return nil }
        var hit = [Bool](repeating: false, count: w * h)
        let strength = Tune.f("HZSTRENGTH", 2.5)
        for i in 0..<(w * h) {
            let gy = abs(alongY[i]), gx = abs(alongX[i])
            hit[i] = gy >= strength && gy >= 2 * gx
        }
        var best: (share: Float, row: Int)? = nil
        for y in (h / 8)..<(h * 7 / 8) {
            var count = 0
            for x in 0..<w where hit[(y - 1) * w + x] || hit[y * w + x] || hit[(y + 1) * w + x] { count += 1 }
            let share = Float(count) / Float(w)
            if share >= Tune.f("HZSHARE", 0.7) && share > (best?.share ?? 0) { best = (share, y) }
        }
        return best?.row
    }
}
