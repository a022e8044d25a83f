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
enum WaterSegmentation {
    /// Ripple anisotropy (row-to-row against along-row lightness energy) that makes a seed.
    static let seedAnisotropy: Float = 0.35

    static func find(in image: AnalysisImage, sky: SkySegmentation.Result,
                     alongX: [Float], alongY: [Float]) -> [Bool] {
        let w = image.width, h = image.height, n = w * h
        let none = [Bool](repeating: false, count: n)
        // Without a horizon the whole photo may be water, but the evidence must be stronger.
        let firstRow = sky.horizonRow ?? 0
        let strictness: Float = sky.horizonRow == nil ? 2 : 1
        guard firstRow < h - 2 else { return none }

        let radius = max(2, w / 100)
        let l = boxMean(image.lightness, width: w, height: h, radius: radius)
        let a = boxMean(image.greenRed, width: w, height: h, radius: radius)
        let b = boxMean(image.blueYellow, width: w, height: h, radius: radius)
        let acrossRows = boxMean(alongY.map { $0 * $0 }, width: w, height: h, radius: radius + 1)
        let alongRows = boxMean(alongX.map { $0 * $0 }, width: w, height: h, radius: radius + 1)

        // The sky's colour just above the horizon, which calm water mirrors.
        var skyA: Float = 0, skyB: Float = 0, skyCount: Float = 0
        if let horizon = sky.horizonRow {
            for y in max(0, horizon - h / 8)..<horizon {
                for x in 0..<w where sky.sky[y * w + x] {
                    skyA += image.greenRed[y * w + x]; skyB += image.blueYellow[y * w + x]; skyCount += 1
                }
            }
        }
        if skyCount > 0 { skyA /= skyCount; skyB /= skyCount }

        func waterColour(_ i: Int) -> Bool {
            if a[i] < -8 && b[i] > 8 { return false }                 // grass, foliage
            if b[i] < 4 { return true }                               // blue, cyan, grey
            if skyCount > 0 {
                let da = a[i] - skyA, db = b[i] - skyB
                return da * da + db * db < 20 * 20                    // mirrored sky
            }
            return false
        }
        var seeds = [Bool](repeating: false, count: n)
        var seedCount = 0
        for y in firstRow..<h {
            for x in 0..<w {
                let i = y * w + x
                guard !sky.sky[i] else { continue }
                let anisotropy = (acrossRows[i] - alongRows[i]) / (acrossRows[i] + alongRows[i] + 1)
                if anisotropy > seedAnisotropy * strictness && waterColour(i) { seeds[i] = true; seedCount += 1 }
            }
        }
        guard Float(seedCount) >= Float(n) * 0.005 * strictness else { return none }

        // Colour models: water from the seeds, ground from isotropic pixels unlike it.
        let water = ColourModel(l: l, a: a, b: b, where: seeds)
        var groundPixels = [Bool](repeating: false, count: n)
        for y in firstRow..<h {
            for x in 0..<w {
                let i = y * w + x
                guard !sky.sky[i], !seeds[i] else { continue }
                let anisotropy = (acrossRows[i] - alongRows[i]) / (acrossRows[i] + alongRows[i] + 1)
                if anisotropy < 0.1 && water.distanceSquared(l[i], a[i], b[i]) > 9 { groundPixels[i] = true }
            }
        }
        let ground = groundPixels.contains(true) ? ColourModel(l: l, a: a, b: b, where: groundPixels) : nil
        var candidate = [Bool](repeating: false, count: n)
        for y in firstRow..<h {
            for x in 0..<w {
                let i = y * w + x
                guard !sky.sky[i] else { continue }
                let dw = water.distanceSquared(l[i], a[i], b[i])
                candidate[i] = seeds[i] || (dw < 9 && (ground.map { dw < $0.distanceSquared(l[i], a[i], b[i]) } ?? true))
            }
        }
        // Keep the sheets that hold enough seeds.
        let (labels, sizes) = AnalysisRegions.label(candidate, width: w, height: h)
        var seedsIn = [Int](repeating: 0, count: sizes.count)
        for i in 0..<n where seeds[i] { seedsIn[Int(labels[i])] += 1 }
        var result = none
        for i in 0..<n where labels[i] != 0 {
            let k = Int(labels[i])
            if sizes[k] >= n / 200 && seedsIn[k] * 10 >= sizes[k] { result[i] = true }
        }
        return AnalysisRegions.fillingHoles(result, width: w, height: h, maximumHole: n / 1000)
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
