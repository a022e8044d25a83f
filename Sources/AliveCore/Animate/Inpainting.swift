/// Fills what the photo never showed: the sky behind a tree, the wall behind a person, the
/// water beyond the shore. Push-pull (Gortler et al., "The Lumigraph", 1996): the known
/// pixels, weighted, are averaged down a pyramid to 1x1, and on the way back up every pixel
/// keeps its own colour as far as it is known and takes the smooth colour of the level
/// below for the rest. Linear in pixels; the fill is smooth and has no seams.
///
/// Done once per clip (never per frame), so the fill cannot flicker.
public enum Inpainting {
    /// A copy of `image` in which pixel `i` keeps its colour with weight `known[i]` (0...1)
    /// and takes the fill for the rest. Alpha is set to 1.
    public static func fill(_ image: FrameBuffer, known: [Float]) -> FrameBuffer {
        precondition(known.count == image.pixelCount)
        // Level 0: premultiplied colour, weight in w.
        var levels: [(w: Int, h: Int, p: [Pixel])] = []
        var base = [Pixel](repeating: .zero, count: image.pixelCount)
        image.withPixels { src in
            for i in 0..<base.count {
                let k = min(max(known[i], 0), 1)
                base[i] = Pixel(src[i].x * k, src[i].y * k, src[i].z * k, k)
            }
        }
        levels.append((image.width, image.height, base))
        // Pull: average 2x2 blocks down to one pixel.
        while levels[levels.count - 1].w > 1 || levels[levels.count - 1].h > 1 {
            let (w, h, p) = levels[levels.count - 1]
            let nw = (w + 1) / 2, nh = (h + 1) / 2
            var next = [Pixel](repeating: .zero, count: nw * nh)
            for y in 0..<nh {
                for x in 0..<nw {
                    var sum = Pixel.zero
                    var n: Float = 0
                    for dy in 0..<2 where 2 * y + dy < h {
                        for dx in 0..<2 where 2 * x + dx < w {
                            sum += p[(2 * y + dy) * w + 2 * x + dx]
                            n += 1
                        }
                    }
                    next[y * nw + x] = sum / n
                }
            }
            levels.append((nw, nh, next))
        }
        // Push: from the top, each level's colour = own (premultiplied) + (1 - weight) * level above.
        let top = levels[levels.count - 1].p[0]
        var colour = [top.w > 1e-6 ? top / top.w : Pixel(0.5, 0.5, 0.5, 1)]
        var (cw, ch) = (1, 1)
        for level in levels.dropLast().reversed() {
            let (w, h, p) = level
            var next = [Pixel](repeating: .zero, count: w * h)
            for y in 0..<h {
                // Bilinear from the coarser level (pixel centres aligned).
                let fy = min(max((Float(y) + 0.5) / 2 - 0.5, 0), Float(ch - 1))
                let y0 = Int(fy), y1 = min(y0 + 1, ch - 1), ty = fy - Float(y0)
                for x in 0..<w {
                    let fx = min(max((Float(x) + 0.5) / 2 - 0.5, 0), Float(cw - 1))
                    let x0 = Int(fx), x1 = min(x0 + 1, cw - 1), tx = fx - Float(x0)
                    let a = colour[y0 * cw + x0] * (1 - tx) + colour[y0 * cw + x1] * tx
                    let b = colour[y1 * cw + x0] * (1 - tx) + colour[y1 * cw + x1] * tx
                    let coarse = a * (1 - ty) + b * ty
                    let own = p[y * w + x]
                    next[y * w + x] = own + coarse * (1 - min(own.w, 1))
                }
            }
            colour = next
            (cw, ch) = (w, h)
        }
        let out = FrameBuffer(width: image.width, height: image.height)
        out.withMutablePixels { dst in
            for i in 0..<colour.count { dst[i] = Pixel(colour[i].x, colour[i].y, colour[i].z, 1) }
        }
        return out
    }
}
