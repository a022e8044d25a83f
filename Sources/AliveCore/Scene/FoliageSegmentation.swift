/// Finds trees, bushes and grass: textured regions of vegetation colours that are neither
/// sky nor water. Foliage sways in the wind, so only it moves under the sway effect.
///
/// How: leaves and grass are green in chromaticity (the excess green index 2g - r - b of
/// Woebbecke et al., 1995, on r, g, b normalised by their sum), which holds in shade, in
/// haze and at dusk where L*a*b* greens fade; and, up close, rough: many small edges. A region
/// counts if it is green on average over a small window and has some texture, or is strongly
/// green (smooth lawns far away). Under a horizon, warm regions (yellow, orange, red and brown
/// autumn leaves) count too when rough with edges of many orientations: the lightness
/// gradient's structure tensor over the window is far from one direction (coherence, the
/// tensor's eigenvalue difference over their sum, below `warmCoherenceLimit`), which tree
/// crowns are and the ripples of sand or a wall's courses are not.
enum FoliageSegmentation {
    /// Above this coherence (0 for edges of every orientation, 1 for one direction) a warm
    /// rough region is streaked rather than leafy.
    static let warmCoherenceLimit: Float = 0.6

    static func find(in image: AnalysisImage, edges: [Float], alongX: [Float], alongY: [Float],
                     sky: [Bool], water: [Bool], horizonRow: Int? = nil) -> [Bool] {
        let w = image.width, h = image.height
        let radius = max(1, max(w, h) / 160)
        let a = boxMean(image.greenRed, width: w, height: h, radius: radius)
        let b = boxMean(image.blueYellow, width: w, height: h, radius: radius)
        let l = boxMean(image.lightness, width: w, height: h, radius: radius)
        var excess = [Float](repeating: 0, count: w * h)
        for i in 0..<(w * h) {
            let r = image.red[i], g = image.green[i], bl = image.blue[i]
            excess[i] = (2 * g - r - bl) / max(r + g + bl, 0.02)
        }
        excess = boxMean(excess, width: w, height: h, radius: radius)
        let texture = boxMean(edges, width: w, height: h, radius: radius + 1)
        let coherence = orientationCoherence(alongX: alongX, alongY: alongY, width: w, height: h,
                                             radius: radius + 1)
        let exgLimit: Float = 0.05, texLimit: Float = 2.5
        var foliage = [Bool](repeating: false, count: w * h)
        for i in 0..<(w * h) where !sky[i] && !water[i] {
            let green = -a[i]                                  // how far towards green
            if green > 6, b[i] > 4, l[i] > 8, green > 0.3 * b[i], texture[i] > 3 || green > 18 {
                foliage[i] = true
            } else if l[i] > 2, excess[i] > exgLimit, texture[i] > texLimit || excess[i] > 0.15 {
                foliage[i] = true
            } else if let horizon = horizonRow, i / w > horizon, l[i] > 12, b[i] > 15, b[i] > 0.8 * a[i],
                      a[i] > -2, texture[i] > 2, coherence[i] < warmCoherenceLimit {
                foliage[i] = true
            }
        }
        return foliage
    }

    /// How much the gradients (`alongX`, `alongY`) in each window share one direction: 0 for
    /// every orientation alike, 1 for a single one.
    static func orientationCoherence(alongX gx: [Float], alongY gy: [Float], width w: Int, height h: Int,
                                     radius: Int) -> [Float] {
        let xx = boxMean(gx.indices.map { gx[$0] * gx[$0] }, width: w, height: h, radius: radius)
        let yy = boxMean(gy.indices.map { gy[$0] * gy[$0] }, width: w, height: h, radius: radius)
        let xy = boxMean(gx.indices.map { gx[$0] * gy[$0] }, width: w, height: h, radius: radius)
        return xx.indices.map { i in
            let difference = xx[i] - yy[i]
            return (difference * difference + 4 * xy[i] * xy[i]).squareRoot() / max(xx[i] + yy[i], 0.001)
        }
    }
}
