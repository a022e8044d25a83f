/// Finds the subject: the one salient foreground object (a person, a boat, an animal).
///
/// The subject mask promises: 1 on the single object that stands out most, 0 elsewhere,
/// never on sky. It is a saliency estimate, not a recognition: a photo without a clear
/// object still gets its most distinctive region (or nothing, if nothing stands out), so
/// effects should use it to keep motion off the subject, not to find people.
///
/// How: two classical cues multiplied. Global colour contrast (Cheng et al., "Global
/// Contrast based Salient Region Detection", CVPR 2011): a colour is salient when it is far
/// from the colours most of the photo has, so a red boat on a blue sea is, the sea is not.
/// Centre-surround contrast: a pixel's neighbourhood differs from its wider surroundings,
/// which keeps a rare colour spread thinly over the whole photo from winning. Regions touching
/// the frame count less (subjects are usually inside it). The strongest connected blob wins.
enum SubjectSaliency {
    static func find(in image: AnalysisImage, sky: [Bool], horizonRow: Int?) -> [Bool] {
        let w = image.width, h = image.height, n = w * h
        let saliency = map(of: image, sky: sky)
        let peak = saliency.max() ?? 0
        guard peak > 0 else { return [Bool](repeating: false, count: n) }
        var total: Float = 0
        for s in saliency { total += s }
        let threshold = max(0.45 * peak, 2.5 * total / Float(n))
        let member = saliency.map { $0 >= threshold }
        let (labels, sizes) = AnalysisRegions.label(member, width: w, height: h)
        guard sizes.count > 1 else { return member }
        var weight = [Float](repeating: 0, count: sizes.count)
        var lowest = [Int](repeating: 0, count: sizes.count)
        for i in 0..<n where labels[i] != 0 {
            weight[Int(labels[i])] += saliency[i]
            lowest[Int(labels[i])] = max(lowest[Int(labels[i])], i / w)
        }
        // A blob whose foot is on the horizon (a tree line, a far coast) is scenery at the
        // horizon's distance, not a subject in front of it. Among the rest, strength counts
        // with the square root of size, so a large, mildly distinct area does not win.
        var best = 0
        var bestScore: Float = 0
        for k in 1..<sizes.count {
            if let horizon = horizonRow, lowest[k] <= horizon + max(2, h / 40) { continue }
            let score = weight[k] / Float(sizes[k]).squareRoot()
            if score > bestScore { bestScore = score; best = k }
        }
        guard best > 0 else { return [Bool](repeating: false, count: n) }
        // Too small to be an object at this size: nothing stands out.
        guard sizes[best] >= max(4, n / 2000) else { return [Bool](repeating: false, count: n) }
        let blob = labels.map { Int($0) == best }
        return AnalysisRegions.fillingHoles(blob, width: w, height: h, maximumHole: n / 50)
    }

    /// How much each pixel stands out: global colour contrast times centre-surround
    /// contrast (square root of the product, each scaled by its maximum), fading to half in
    /// the outermost 5% of the frame; 0 on sky.
    static func map(of image: AnalysisImage, sky: [Bool]) -> [Float] {
        let w = image.width, h = image.height, n = w * h
        let l = boxMean(image.lightness, width: w, height: h, radius: 1)
        let a = boxMean(image.greenRed, width: w, height: h, radius: 1)
        let b = boxMean(image.blueYellow, width: w, height: h, radius: 1)

        // Global contrast over a quantised L*a*b* histogram: 8 x 16 x 16 bins.
        func bin(_ i: Int) -> Int {
            let lb = min(7, max(0, Int(l[i] / 12.5)))
            let ab = min(15, max(0, Int((a[i] + 64) / 8)))
            let bb = min(15, max(0, Int((b[i] + 64) / 8)))
            return (lb * 16 + ab) * 16 + bb
        }
        var counts = [Float](repeating: 0, count: 2048)
        var centres = [SIMD3<Float>](repeating: .zero, count: 2048)
        var bins = [Int16](repeating: 0, count: n)
        for i in 0..<n {
            let k = bin(i)
            bins[i] = Int16(k); counts[k] += 1; centres[k] += SIMD3(l[i], a[i], b[i])
        }
        let occupied = (0..<2048).filter { counts[$0] > 0 }
        for k in occupied { centres[k] /= counts[k] }
        var colourContrast = [Float](repeating: 0, count: 2048)
        for k in occupied {
            var s: Float = 0
            for j in occupied {
                let d = centres[k] - centres[j]
                s += counts[j] * (d * d).sum().squareRoot()
            }
            colourContrast[k] = s / Float(n)
        }

        // Centre-surround contrast: a small neighbourhood against a wide one that leaves the
        // sky out (a tree line against the sky is not an object in front of anything).
        let wide = max(4, max(w, h) / 10)
        let ground = sky.map { $0 ? Float(0) : 1 }
        let groundShare = boxMean(ground, width: w, height: h, radius: wide)
        func surround(_ p: [Float]) -> [Float] {
            let m = boxMean(zip(p, ground).map { $0 * $1 }, width: w, height: h, radius: wide)
            return zip(m, groundShare).map { $0 / max($1, 1e-3) }
        }
        let lw = surround(l), aw = surround(a), bw = surround(b)

        var saliency = [Float](repeating: 0, count: n)
        var maxGlobal: Float = 1e-6, maxLocal: Float = 1e-6
        var local = [Float](repeating: 0, count: n)
        for i in 0..<n {
            let dl = l[i] - lw[i], da = a[i] - aw[i], db = b[i] - bw[i]
            local[i] = (dl * dl + da * da + db * db).squareRoot()
            maxLocal = max(maxLocal, local[i])
            maxGlobal = max(maxGlobal, colourContrast[Int(bins[i])])
        }
        for y in 0..<h {
            for x in 0..<w {
                let i = y * w + x
                guard !sky[i] else { continue }
                // Inside the frame counts fully; the outermost 5% fades to half.
                let edgeDistance = Float(min(min(x, w - 1 - x), min(y, h - 1 - y))) / Float(max(1, min(w, h) / 20))
                let frame = 0.5 + 0.5 * min(1, edgeDistance)
                let s = (colourContrast[Int(bins[i])] / maxGlobal * local[i] / maxLocal).squareRoot() * frame
                saliency[i] = s
            }
        }
        return saliency
    }
}
