/// Finds trees, bushes and grass: green, textured regions that are neither sky nor water.
/// Foliage sways in the wind, so only it moves under the sway effect.
///
/// How: leaves are green to yellow-green (a* clearly negative, b* positive) and, up close,
/// rough: many small edges. A green region counts if its colour is green enough on average
/// over a small window and it has some texture, or is strongly green (smooth lawns far away).
enum FoliageSegmentation {
    static func find(in image: AnalysisImage, edges: [Float], sky: [Bool], water: [Bool]) -> [Bool] {
        let w = image.width, h = image.height
        let radius = max(1, max(w, h) / 160)
        let a = boxMean(image.greenRed, width: w, height: h, radius: radius)
        let b = boxMean(image.blueYellow, width: w, height: h, radius: radius)
        let l = boxMean(image.lightness, width: w, height: h, radius: radius)
        let texture = boxMean(edges, width: w, height: h, radius: radius + 1)
        var foliage = [Bool](repeating: false, count: w * h)
        for i in 0..<(w * h) where !sky[i] && !water[i] {
            let green = -a[i]                                  // how far towards green
            guard green > 6, b[i] > 4, l[i] > 8, green > 0.3 * b[i] else { continue }
            foliage[i] = texture[i] > 3 || green > 18
        }
        return foliage
    }
}
