/// The cheap operators: element-wise, padding, pooling, copying and resizing. None of them is
/// a hot spot (together a few per cent of a network's time), so they favour plain code.
enum SimpleOperators {
    static func add(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int, activation: TFLiteModel.Activation,
                    into out: UnsafeMutablePointer<Float>) {
        var i = 0
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b), ro = UnsafeMutableRawPointer(out)
        while i + 8 <= count {
            let v = ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                + rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            ro.storeBytes(of: activation.apply(v), toByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { out[i] = activation.apply(a[i] + b[i]); i += 1 }
    }

    static func relu(_ a: UnsafePointer<Float>, count: Int, into out: UnsafeMutablePointer<Float>) {
        for i in 0..<count { out[i] = max(a[i], 0) }
    }

    /// PRELU with one slope per channel (the last dimension): x < 0 ? alpha * x : x.
    static func prelu(_ a: UnsafePointer<Float>, count: Int, alpha: [Float], into out: UnsafeMutablePointer<Float>) {
        let c = alpha.count
        alpha.withUnsafeBufferPointer { al in
            var i = 0
            while i < count {
                for k in 0..<c {
                    let v = a[i + k]
                    out[i + k] = v < 0 ? v * al[k] : v
                }
                i += c
            }
        }
    }

    /// PAD with zeros, 4-D NHWC (batch 1): `before`/`after` per dimension.
    static func pad(_ a: UnsafePointer<Float>, shape: [Int], before: [Int], outShape: [Int], into out: UnsafeMutablePointer<Float>) {
        let (h, w, c) = (shape[1], shape[2], shape[3])
        let (oh, ow, oc) = (outShape[1], outShape[2], outShape[3])
        out.update(repeating: 0, count: oh * ow * oc)
        for y in 0..<h {
            for x in 0..<w {
                (out + ((y + before[1]) * ow + x + before[2]) * oc + before[3]).update(from: a + (y * w + x) * c, count: c)
            }
        }
    }

    /// MAX_POOL_2D: padded positions are ignored (never win), as in TFLite.
    static func maxPool(_ a: UnsafePointer<Float>, channels c: Int, geometry g: ConvGeometry,
                        activation: TFLiteModel.Activation, into out: UnsafeMutablePointer<Float>) {
        for oy in 0..<g.outHeight {
            for ox in 0..<g.outWidth {
                let o = out + (oy * g.outWidth + ox) * c
                for k in 0..<c { o[k] = -.infinity }
                for ky in 0..<g.kernelHeight {
                    let iy = oy * g.strideY - g.padTop + ky
                    guard iy >= 0, iy < g.inHeight else { continue }
                    for kx in 0..<g.kernelWidth {
                        let ix = ox * g.strideX - g.padLeft + kx
                        guard ix >= 0, ix < g.inWidth else { continue }
                        let p = a + (iy * g.inWidth + ix) * c
                        for k in 0..<c { o[k] = max(o[k], p[k]) }
                    }
                }
                for k in 0..<c { o[k] = activation.apply(o[k]) }
            }
        }
    }

    /// CONCATENATION along `axis`: `outer` slabs, each the inputs' `inner` runs in turn.
    static func concatenate(_ inputs: [(UnsafePointer<Float>, Int)], outer: Int, activation: TFLiteModel.Activation,
                            into out: UnsafeMutablePointer<Float>) {
        var o = out
        for s in 0..<outer {
            for (p, inner) in inputs {
                for k in 0..<inner { o[k] = activation.apply(p[s * inner + k]) }
                o += inner
            }
        }
    }

    /// RESIZE_BILINEAR as TFLite's `reference_ops::ResizeBilinear` computes it.
    static func resizeBilinear(_ a: UnsafePointer<Float>, height h: Int, width w: Int, channels c: Int,
                               outHeight oh: Int, outWidth ow: Int, alignCorners: Bool, halfPixelCenters: Bool,
                               into out: UnsafeMutablePointer<Float>) {
        func scale(_ input: Int, _ output: Int) -> Float {
            alignCorners && output > 1 ? Float(input - 1) / Float(output - 1) : Float(input) / Float(output)
        }
        let sy = scale(h, oh), sx = scale(w, ow)
        func source(_ v: Int, _ s: Float, _ size: Int) -> (Float, Int, Int) {
            let scaled = halfPixelCenters ? (Float(v) + 0.5) * s - 0.5 : Float(v) * s
            let lower = max(Int(scaled.rounded(.down)), 0)
            let upper = min(Int(scaled.rounded(.up)), size - 1)
            return (scaled, lower, upper)
        }
        for y in 0..<oh {
            let (iy, y0, y1) = source(y, sy, h)
            let fy = iy - Float(y0)
            for x in 0..<ow {
                let (ix, x0, x1) = source(x, sx, w)
                let fx = ix - Float(x0)
                let o = out + (y * ow + x) * c
                let p00 = a + (y0 * w + x0) * c, p01 = a + (y0 * w + x1) * c
                let p10 = a + (y1 * w + x0) * c, p11 = a + (y1 * w + x1) * c
                for k in 0..<c {
                    o[k] = p00[k] * (1 - fy) * (1 - fx) + p10[k] * fy * (1 - fx) + p01[k] * (1 - fy) * fx + p11[k] * fy * fx
                }
            }
        }
    }
}
