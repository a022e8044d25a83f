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
        /// True when the horizon is a straight line in the photo (a sea's or a plain's edge, where
        /// the lightness changes across rows) rather than the sky's lower border.
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
        let limit = min(edgeLimit, max(2, 4 * topEdges[topEdges.count * 3 / 4]))
        func passableColour(_ i: Int) -> Bool {
            edges[i] < 12 && isSkyColour(lightness: image.lightness[i], a: image.greenRed[i], b: image.blueYellow[i])
        }
        var passable = [Bool](repeating: false, count: n)
        for i in 0..<n {
            passable[i] = edges[i] < limit
                && isSkyColour(lightness: image.lightness[i], a: image.greenRed[i], b: image.blueYellow[i])
        }
        // Sky regions: the components of passable pixels that meet the top edge broadly.
        func flooded(_ passable: [Bool]) -> [Bool] {
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
                    keep[l] = isClearlyBlue(size: sizes[l], sumLightness: sumL, sumBlueYellow: sumB, blue: blue)
                } else {
                    keep[l] = true
                }
            }
            var sky = [Bool](repeating: false, count: n)
            for i in 0..<n where labels[i] != 0 && keep[Int(labels[i])] { sky[i] = true }
            return sky
        }
        var sky = flooded(passable)
        guard sky.contains(true) else { return nothing }
        // The sky's mean L*a*b* and the rest's mean lightness.
        func means(_ sky: [Bool]) -> (l: Float, a: Float, b: Float, rest: Float)? {
            var l: Float = 0, a: Float = 0, b: Float = 0, rest: Float = 0, count: Float = 0
            for i in 0..<n {
                if sky[i] {
                    l += image.lightness[i]; a += image.greenRed[i]; b += image.blueYellow[i]; count += 1
                } else {
                    rest += image.lightness[i]
                }
            }
            guard count > 0 else { return nil }
            return (l / count, a / count, b / count, Float(n) > count ? rest / (Float(n) - count) : 0)
        }
        // On the whole, a dim brown, khaki or olive region (wood, leather, earth, a lamplit
        // wall, out-of-focus grass) is not sky, though a sunset has brown-orange pixels near
        // the horizon; a sky that yellow on the whole is a bright one, or redder (orange).
        func dimKhaki(lightness l: Float, a: Float, b: Float) -> Bool { l < 55 && a > -4 && b > 12 }
        guard var mean = means(sky) else { return nothing }
        if dimKhaki(lightness: mean.l, a: mean.a, b: mean.b) {
            // Such a region may still hang from a strip of real sky (bokeh of grass under a
            // bright sky): without its dim khaki and olive pixels, flood again from the top and
            // keep what is then not that colour on the whole.
            for i in 0..<n where dimKhaki(lightness: image.lightness[i], a: image.greenRed[i], b: image.blueYellow[i]) {
                passable[i] = false
            }
            sky = flooded(passable)
            guard let again = means(sky), !dimKhaki(lightness: again.l, a: again.a, b: again.b) else { return nothing }
            mean = again
        }
        // Daylight and dusk skies are at least as bright as the land under them, or blue;
        // a darker, warm, smooth region at the top is a wall or a table behind the subject.
        if sky.contains(false), mean.l + 5 < mean.rest, mean.b > -3 { return nothing }

        // A straight line across the view under the sky (a sea's horizon, a plain's edge): what
        // lies above it may be sky, what lies below it is not.
        var candidateLine: Int? = nil
        if let alongX, let alongY, let row = HorizonLine.find(alongX: alongX, alongY: alongY, width: w, height: h) {
            var above = 0
            for i in 0..<(row * w) where sky[i] { above += 1 }
            if above >= w { candidateLine = row }
        }
        // A band across the whole view that cannot be sky (dark land, a tree line, a dark shore
        // between sky and sea) closes the sky: nothing below it is sky, reflections included.
        var landRow = h
        for y in (h / 10)..<h {
            var open = 0
            for x in 0..<w where passableColour(y * w + x) { open += 1 }
            if open * 10 < w { landRow = y; break }
        }
        for i in (landRow * w)..<n { sky[i] = false }
        let flood = sky
        // The sky grown past its flood (cut-off patches, crisp clouds) down to `line`, if any.
        func grown(under line: Int?) -> [Bool] {
            var sky = flood
            let lastSkyRow = min(line ?? h, landRow)
            // Growing the sky past its flood (cut-off patches, crisp clouds) is for open views: a sky
            // seen across at least a quarter of the width, not a pale patch on a wall.
            var openColumns = 0
            for x in 0..<w where sky[x] { openColumns += 1 }
            let openView = line != nil || openColumns * 4 >= w

            // Sky cut off from the top by a cable, a branch or a bridge: smooth regions of the sky's
            // own colours and brightness, anywhere above the horizon (checked below).
            let palette = SkyPalette(image: image, sky: sky, reach: 2)
            // The horizon line is a border: what lies on it and below is not cut-off sky.
            var cutOff = zip(passable, sky).map { $0 && !$1 }
            for i in (lastSkyRow * w)..<n { cutOff[i] = false }
            let (others, otherSizes) = AnalysisRegions.label(cutOff, width: w, height: h)
            // Over a straight horizon the sky pales towards it, so there a region as bright as the
            // sky's median counts even when its colour has drifted from the sky's.
            var otherMatch = [Int](repeating: 0, count: otherSizes.count), otherBright = otherMatch
            var otherBelow = [Bool](repeating: false, count: otherSizes.count)
            for x in 0..<w where others[(h - 1) * w + x] != 0 { otherBelow[Int(others[(h - 1) * w + x])] = true }
            for i in 0..<n where others[i] != 0 {
                let l = image.lightness[i], k = Int(others[i])
                if palette.contains(a: image.greenRed[i], b: image.blueYellow[i]) && l >= palette.lower { otherMatch[k] += 1 }
                if l >= palette.median { otherBright[k] += 1 }
                if i / w >= lastSkyRow { otherBelow[k] = true }
            }
            for i in 0..<n where others[i] != 0 {
                let k = Int(others[i])
                guard openView && otherSizes[k] >= n / 100 && !otherBelow[k] else { continue }
                if Float(otherMatch[k]) >= Float(otherSizes[k]) * 0.9
                    || (line != nil && Float(otherBright[k]) >= Float(otherSizes[k]) * 0.9) {
                    sky[i] = true
                }
            }

            // Clouds with crisp edges (lit from the side, a sunset's orange, a storm's dark
            // base): sky-coloured, fairly smooth regions that the sky borders on much of their
            // outline and that do not reach the bottom of the frame (a mountain or a tree does).
            // A grey or blue-grey cloud deck that hangs from the top (a storm's) counts with less
            // contact with the top edge when the rest of that edge is open sky: along the top the
            // view is then sky-coloured all along, and the deck is the sky's own. Only without a
            // line: a deck's level lower edge can itself pass for a horizon, which the deck then
            // hangs across.
            let texture = boxMean(edges, width: w, height: h, radius: 1)
            var cloudy = [Bool](repeating: false, count: n)
            for i in 0..<(lastSkyRow * w) where !sky[i] {
                cloudy[i] = image.lightness[i] >= 12 && texture[i] < 12
                    && isSkyColour(lightness: image.lightness[i], a: image.greenRed[i], b: image.blueYellow[i])
            }
            let (clouds, cloudSizes) = AnalysisRegions.label(cloudy, width: w, height: h)
            var outline = [Int](repeating: 0, count: cloudSizes.count), onSky = outline
            var reachesBottom = [Bool](repeating: false, count: cloudSizes.count)
            var topTouch = [Int](repeating: 0, count: cloudSizes.count)
            var sumA = [Float](repeating: 0, count: cloudSizes.count), sumB = sumA
            var skyTop = 0
            for x in 0..<w where sky[x] || isSkyColour(lightness: image.lightness[x], a: image.greenRed[x], b: image.blueYellow[x]) {
                skyTop += 1
            }
            for y in 0..<h {
                for x in 0..<w {
                    let i = y * w + x, k = Int(clouds[i])
                    guard k != 0 else { continue }
                    if y == h - 1 { reachesBottom[k] = true }
                    if y == 0 { topTouch[k] += 1 }
                    sumA[k] += image.greenRed[i]; sumB[k] += image.blueYellow[i]
                    for j in AnalysisRegions.neighbours(x, y, w, h) where j >= 0 && clouds[j] != clouds[i] {
                        outline[k] += 1
                        if sky[j] { onSky[k] += 1 }
                    }
                }
            }
            var hangs = [Bool](repeating: false, count: cloudSizes.count)
            for k in 1..<max(1, cloudSizes.count) {
                let size = Float(max(cloudSizes[k], 1))
                let greyDeck = line == nil && abs(sumA[k] / size) < 6 && sumB[k] / size < 4
                    && topTouch[k] >= max(2, w / 40) && skyTop * 10 >= w * 9
                hangs[k] = topTouch[k] >= max(2, w / 10) || greyDeck
            }
            for i in 0..<n where clouds[i] != 0 {
                let k = Int(clouds[i])
                if openView && !reachesBottom[k] && (Float(onSky[k]) >= Float(outline[k]) * 0.5 || hangs[k]) { sky[i] = true }
            }
            if openView { addSoftClouds(to: &sky, image: image, texture: texture, palette: palette, lastRow: lastSkyRow) }
            let filled = AnalysisRegions.fillingHoles(sky, width: w, height: h, maximumHole: n / 30,
                                                      topIsInside: true)
            return openView ? fillingSideClouds(filled, image: image, lastRow: lastSkyRow) : filled
        }
        // A horizon is where the sky ends: the (grown) sky reaches down to the line in most
        // columns and fills most of what lies above it. A line in the foreground (a table's
        // edge, a path) or inside the clouds is not one.
        var line = candidateLine
        sky = grown(under: line)
        if let row = line {
            let band = max(2, h / 20)
            var columns = 0, above = 0
            for x in 0..<w {
                var hit = false
                for y in max(0, row - band)..<row where sky[y * w + x] { hit = true; break }
                if hit { columns += 1 }
            }
            for i in 0..<(row * w) where sky[i] { above += 1 }
            if columns * 2 < w || Float(above) < Float(row * w) * 0.7 {
                line = nil
                sky = grown(under: nil)
            }
        }
        // A sky that runs along much of the bottom edge or fills nearly the whole frame is a
        // photo of the sky alone or a close-up (fur, a wall, a studio backdrop, snow): only a
        // clearly blue one is sky.
        if !isOpenSky(sky, image: image) { return nothing }

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
            // A level lower border is not yet a line in the photo (a ridge, a cloud bank's
            // lower edge can be level too): water under it must show its own far shore.
            return Result(sky: sky, horizonRow: bestRow, horizonIsStraight: false)
        }
        let sorted = bottoms.sorted()
        return Result(sky: sky, horizonRow: sorted[sorted.count * 85 / 100], horizonIsStraight: false)
    }

    /// Bright clouds with soft, translucent edges (a white cumulus in a blue sky): the flood
    /// stops in their halo, and where a cloud sits on a mountain the crisp-cloud rule sees it
    /// bordered by rock more than by sky. A cloud's body is brighter than the sky, smooth and
    /// sky-coloured, and hangs with the sky a short way above it (across its halo) in most of
    /// its columns; a snow field or a white wall is bordered by land above, and a lit peak is
    /// textured. Bodies found so are grown a little through their halo (pixels about as bright
    /// as the sky, not strongly textured); the holes left between cloud and sky are filled
    /// afterwards. Bodies under a cloud already taken join in a second and third pass.
    static func addSoftClouds(to sky: inout [Bool], image: AnalysisImage, texture: [Float],
                              palette: SkyPalette, lastRow: Int) {
        let w = image.width, h = image.height, n = w * h
        let rows = min(lastRow, h)
        guard rows > 2 else { return }
        var body = [Bool](repeating: false, count: n)
        for i in 0..<(rows * w) where !sky[i] {
            let l = image.lightness[i]
            body[i] = l >= palette.median + 10 && texture[i] < 7
                && isSkyColour(lightness: l, a: image.greenRed[i], b: image.blueYellow[i])
        }
        // The body proper: two erosions take off the halo's rim and the bright specks of rock.
        for _ in 0..<2 {
            let previous = body
            for y in 0..<h {
                for x in 0..<w where previous[y * w + x] {
                    let i = y * w + x
                    if x == 0 || x == w - 1 || y == 0 || y == h - 1
                        || !previous[i - 1] || !previous[i + 1] || !previous[i - w] || !previous[i + w] { body[i] = false }
                }
            }
        }
        let (labels, sizes) = AnalysisRegions.label(body, width: w, height: h)
        guard sizes.count > 1 else { return }
        let gap = max(4, h / 20)
        var accepted = [Bool](repeating: false, count: sizes.count)
        var cloud = [Bool](repeating: false, count: n)
        for _ in 0..<3 {
            // Per body, its columns and those with sky (or cloud taken) just above its top.
            var columns = [Int](repeating: 0, count: sizes.count), hung = columns
            for x in 0..<w {
                var y = 0
                while y < h {
                    let k = Int(labels[y * w + x])
                    guard k != 0 else { y += 1; continue }
                    if !accepted[k] {
                        columns[k] += 1
                        var above = y - 1
                        while above >= max(0, y - gap) {
                            let j = above * w + x
                            if sky[j] || cloud[j] { hung[k] += 1; break }
                            above -= 1
                        }
                    }
                    while y < h && labels[y * w + x] == Int32(k) { y += 1 }
                }
            }
            var changed = false
            for k in 1..<sizes.count where !accepted[k] && sizes[k] >= max(4, n / 1000) && columns[k] > 0 {
                if hung[k] * 2 >= columns[k] { accepted[k] = true; changed = true }
            }
            guard changed else { break }
            for i in 0..<n where labels[i] != 0 && accepted[Int(labels[i])] { cloud[i] = true }
        }
        guard cloud.contains(true) else { return }
        // Grown through the halo: about as bright as the sky, not strongly textured.
        var halo = [Bool](repeating: false, count: n)
        for i in 0..<(rows * w) where !sky[i] {
            let l = image.lightness[i]
            halo[i] = l >= palette.median - 5 && texture[i] < 12
                && isSkyColour(lightness: l, a: image.greenRed[i], b: image.blueYellow[i])
        }
        for _ in 0..<max(2, w / 50) {
            let previous = cloud
            for y in 0..<h {
                for x in 0..<w where halo[y * w + x] && !previous[y * w + x] {
                    let i = y * w + x
                    if (x > 0 && previous[i - 1]) || (x < w - 1 && previous[i + 1])
                        || (y > 0 && previous[i - w]) || (y < h - 1 && previous[i + w]) { cloud[i] = true }
                }
            }
        }
        for i in 0..<n where cloud[i] { sky[i] = true }
    }

    /// A small piece of cloud that the frame's side cuts (a lit cloud's edge at the left of a
    /// stormy sky) is not a hole, since it touches the border, but it is sky all the same: a
    /// region under a hundredth of the frame, sky-coloured in at least nine pixels of ten,
    /// that stays above `lastRow` (it stands on nothing) and touches the side, not the bottom.
    static func fillingSideClouds(_ sky: [Bool], image: AnalysisImage, lastRow: Int) -> [Bool] {
        let w = image.width, h = image.height, n = w * h
        let (labels, sizes) = AnalysisRegions.label(sky.map { !$0 }, width: w, height: h)
        var grounded = [Bool](repeating: false, count: sizes.count), side = grounded
        var coloured = [Int](repeating: 0, count: sizes.count)
        for y in 0..<h {
            for x in 0..<w {
                let i = y * w + x, k = Int(labels[i])
                guard k != 0 else { continue }
                if y >= lastRow || y == h - 1 { grounded[k] = true }
                if x == 0 || x == w - 1 { side[k] = true }
                if isSkyColour(lightness: image.lightness[i], a: image.greenRed[i], b: image.blueYellow[i]) { coloured[k] += 1 }
            }
        }
        var out = sky
        for i in 0..<n where labels[i] != 0 {
            let k = Int(labels[i])
            if side[k] && !grounded[k] && sizes[k] * 100 <= n && coloured[k] * 10 >= sizes[k] * 9 { out[i] = true }
        }
        return out
    }

    static func isOpenSky(_ sky: [Bool], image: AnalysisImage) -> Bool {
        let w = image.width, h = image.height, n = w * h
        var bottom = 0, size = 0, blue = 0
        var sumL: Float = 0, sumB: Float = 0
        for x in 0..<w where sky[(h - 1) * w + x] { bottom += 1 }
        for i in 0..<n where sky[i] {
            size += 1; sumL += image.lightness[i]; sumB += image.blueYellow[i]
            if image.blueYellow[i] < -15 { blue += 1 }
        }
        guard bottom * 10 >= w * 3 || size * 100 >= n * 85 else { return true }
        return isClearlyBlue(size: size, sumLightness: sumL, sumBlueYellow: sumB, blue: blue)
    }

    /// A region of `size` pixels whose L* and b* sum to `sumLightness` and `sumBlueYellow`, with
    /// `blue` pixels of b* under -15, is clearly blue: a sky, not a grey or warm backdrop.
    static func isClearlyBlue(size: Int, sumLightness: Float, sumBlueYellow: Float, blue: Int) -> Bool {
        let count = Float(max(size, 1))
        return sumBlueYellow / count < -12 && sumLightness / count > 30 && blue * 3 >= size
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
        let strength: Float = 2.5
        for i in 0..<(w * h) {
            let gy = abs(alongY[i]), gx = abs(alongX[i])
            hit[i] = gy >= strength && gy >= 2 * gx
        }
        var best: (share: Float, row: Int)? = nil
        for y in (h / 8)..<(h * 7 / 8) {
            var count = 0
            for x in 0..<w where hit[(y - 1) * w + x] || hit[y * w + x] || hit[(y + 1) * w + x] { count += 1 }
            let share = Float(count) / Float(w)
            // The horizon is the highest such line (a beach or a road edge lies below it).
            if share >= 0.7 {
                if let b = best, y > b.row + 2 { break }
                if share > (best?.share ?? 0) { best = (share, y) }
            }
        }
        return best?.row
    }
}
