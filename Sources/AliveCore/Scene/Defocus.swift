/// Where the photo is in focus: 1 where its edges are as crisp as the photo's crispest, down
/// towards 0 where they are soft (bokeh behind a subject, a blurred foreground), 0 where
/// there are no edges to tell.
///
/// How (the re-blur gradient ratio of Zhuo and Sim, "Defocus map estimation from a single
/// image", Pattern Recognition 2011, read at two scales): an edge of contrast C blurred over
/// s pixels has a gradient of about C / s. At twice the analysis size the gradient-weighted
/// mean gradient of each analysis pixel's 2x2 fine pixels measures C / s, while the analysis
/// image's own gradient (after a 3x3 mean) measures C over a fixed width; their ratio falls
/// as s grows, whatever C is. Ratios are read only where the coarse gradient is clear of
/// noise, spread over a few percent of the photo, and scaled by the photo's 90th percentile,
/// so "in focus" is relative to this photo's sharpest parts and to no camera or resolution.
enum Defocus {
    /// Coarse luma gradient (levels of 255 a pixel) under which an edge is too faint to read.
    static let minimumContrast: Float = 2

    /// Focus (0...1) and how much edge evidence is nearby (0...1), analysis size. Both are 0
    /// everywhere when the photo is smaller than twice the analysis size.
    static func find(in image: AnalysisImage) -> (focus: [Float], evidence: [Float]) {
        let w = image.width, h = image.height, n = w * h
        let none = [Float](repeating: 0, count: n)
        guard image.fineLightness.count == 4 * n, w > 4, h > 4 else { return (none, none) }
        let fineWidth = 2 * w, fineHeight = 2 * h
        let fine = sobelMagnitude(image.fineLightness.map { $0 * 255 }, width: fineWidth, height: fineHeight)
        var coarse = [Float](repeating: 0, count: n)
        for i in 0..<n { coarse[i] = (0.299 * image.red[i] + 0.587 * image.green[i] + 0.114 * image.blue[i]) * 255 }
        let coarseGradient = sobelMagnitude(boxMean(coarse, width: w, height: h, radius: 1), width: w, height: h)
        var ratio = [Float](repeating: 0, count: n), clear = ratio
        var readings: [Float] = []
        readings.reserveCapacity(n)
        for y in 0..<h {
            for x in 0..<w {
                let i = y * w + x
                guard coarseGradient[i] > minimumContrast else { continue }
                let f = 2 * y * fineWidth + 2 * x
                let g = SIMD4<Float>(fine[f], fine[f + 1], fine[f + fineWidth], fine[f + fineWidth + 1])
                let sum = g.sum(), squares = (g * g).sum()
                // Fine pixels are half an analysis pixel: their gradient a fine pixel, doubled.
                ratio[i] = 2 * squares / max(sum, 1e-3) / coarseGradient[i]
                clear[i] = 1
                readings.append(ratio[i])
            }
        }
        guard readings.count >= n / 100 else { return (none, none) }
        readings.sort()
        let sharpest = max(readings[readings.count * 9 / 10], 1e-3)
        let radius = max(2, min(w, h) / 25)
        let spreadRatio = boxMean(ratio, width: w, height: h, radius: radius)
        let evidence = boxMean(clear, width: w, height: h, radius: radius)
        var focus = [Float](repeating: 0, count: n)
        for i in 0..<n where evidence[i] > 0.05 {
            focus[i] = min(1, spreadRatio[i] / evidence[i] / sharpest)
        }
        return (focus, evidence)
    }

    /// Sobel gradient magnitude, edges repeated.
    static func sobelMagnitude(_ p: [Float], width w: Int, height h: Int) -> [Float] {
        var out = [Float](repeating: 0, count: w * h)
        p.withUnsafeBufferPointer { p in
            for y in 0..<h {
                let ym = max(y - 1, 0) * w, yc = y * w, yp = min(y + 1, h - 1) * w
                for x in 0..<w {
                    let xm = max(x - 1, 0), xp = min(x + 1, w - 1)
                    let gx = (p[ym + xp] + 2 * p[yc + xp] + p[yp + xp]) - (p[ym + xm] + 2 * p[yc + xm] + p[yp + xm])
                    let gy = (p[yp + xm] + 2 * p[yp + x] + p[yp + xp]) - (p[ym + xm] + 2 * p[ym + x] + p[ym + xp])
                    out[yc + x] = (gx * gx + gy * gy).squareRoot() / 8
                }
            }
        }
        return out
    }
}
