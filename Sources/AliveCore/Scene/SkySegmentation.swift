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

    static func find(in image: AnalysisImage, edges: [Float]) -> Result {
        let w = image.width, h = image.height, n = w * h
        var passable = [Bool](repeating: false, count: n)
        for i in 0..<n {
            passable[i] = edges[i] < edgeLimit
                && isSkyColour(lightness: image.lightness[i], a: image.greenRed[i], b: image.blueYellow[i])
        }
        // Sky regions: the components of passable pixels that meet the top edge broadly.
        let reached = AnalysisRegions.flood(from: Array(0..<w), passable: passable, width: w, height: h)
        let (labels, sizes) = AnalysisRegions.label(reached, width: w, height: h)
        var topContact = [Int](repeating: 0, count: sizes.count)
        for x in 0..<w where labels[x] != 0 { topContact[Int(labels[x])] += 1 }
        // A sky has something under it: a region that also runs along much of the bottom
        // edge, or fills nearly the whole frame, is a smooth close-up (fur, a wall, a
        // table), not sky. (A photo of nothing but sky is missed; the plan then says so.)
        var bottomContact = [Int](repeating: 0, count: sizes.count)
        for x in 0..<w where labels[(h - 1) * w + x] != 0 { bottomContact[Int(labels[(h - 1) * w + x])] += 1 }
        var keep = [Bool](repeating: false, count: sizes.count)
        for l in 1..<max(1, sizes.count) {
            keep[l] = topContact[l] >= max(2, w / 10) && sizes[l] >= n / 200
                && bottomContact[l] * 10 < w * 3 && sizes[l] * 100 < n * 85
        }
        var sky = [Bool](repeating: false, count: n)
        for i in 0..<n where labels[i] != 0 && keep[Int(labels[i])] { sky[i] = true }
        guard sky.contains(true) else { return Result(sky: sky, horizonRow: nil, horizonIsStraight: false) }
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
        if meanL < 55 && meanA > 4 && meanB > 12 {
            return Result(sky: [Bool](repeating: false, count: n), horizonRow: nil, horizonIsStraight: false)
        }
        let restCount = Float(n) - skyCount
        if restCount > 0, skyL / skyCount + 5 < restL / restCount, skyB / skyCount > -3 {
            return Result(sky: [Bool](repeating: false, count: n), horizonRow: nil, horizonIsStraight: false)
        }
        sky = AnalysisRegions.fillingHoles(sky, width: w, height: h, maximumHole: n / 30,
                                                topIsInside: true)

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
