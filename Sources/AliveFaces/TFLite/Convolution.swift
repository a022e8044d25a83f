/// CONV_2D, NHWC float32: the weights are packed once, at load, into blocks of eight output
/// channels laid out in the order the kernel reads them, so the inner loop is one vector load
/// of weights and one broadcast input value per multiply-add, for four output pixels at once.
///
/// A 1x1 convolution with stride 1 (most of these networks' work) sees the image as one long
/// row of pixels; any other kernel reads a zero-padded copy of its input, so no window needs a
/// bounds check.
struct Convolution {
    let inChannels: Int
    let outChannels: Int
    let kernelHeight: Int, kernelWidth: Int
    /// `[outBlock][ky][kx][inChannel][8]`, output channels past `outChannels` zero.
    let packed: [SIMD8<Float>]
    /// Bias padded to whole blocks.
    let bias: [SIMD8<Float>]
    var blocks: Int { (outChannels + 7) / 8 }

    /// `weights` in TFLite's `[out][ky][kx][in]` order; `bias` has `outChannels` values or is empty.
    init(weights: [Float], bias biasValues: [Float], outChannels: Int, kernelHeight: Int, kernelWidth: Int, inChannels: Int) {
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        let blocks = (outChannels + 7) / 8
        var packed = [SIMD8<Float>](repeating: .zero, count: blocks * kernelHeight * kernelWidth * inChannels)
        for o in 0..<outChannels {
            for ky in 0..<kernelHeight {
                for kx in 0..<kernelWidth {
                    for i in 0..<inChannels {
                        let slot = ((o / 8 * kernelHeight + ky) * kernelWidth + kx) * inChannels + i
                        packed[slot][o % 8] = weights[((o * kernelHeight + ky) * kernelWidth + kx) * inChannels + i]
                    }
                }
            }
        }
        var bias = [SIMD8<Float>](repeating: .zero, count: blocks)
        for o in 0..<min(outChannels, biasValues.count) { bias[o / 8][o % 8] = biasValues[o] }
        self.packed = packed
        self.bias = bias
    }

    /// How many floats of scratch `run` needs for this geometry (the padded input), or 0.
    func scratchCount(_ g: ConvGeometry) -> Int {
        g.needsPadding ? g.paddedHeight * g.paddedWidth * inChannels : 0
    }

    /// Runs the convolution: `input` is `inHeight x inWidth x inChannels`, `output`
    /// `outHeight x outWidth x outChannels`; `scratch` holds `scratchCount(g)` floats.
    func run(_ g: ConvGeometry, activation: TFLiteModel.Activation, input: UnsafePointer<Float>,
             output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        if kernelHeight == 1, kernelWidth == 1, g.strideX == 1, g.strideY == 1, !g.needsPadding {
            // One long row: out pixel p reads in pixel p.
            rows(input: input, rowStride: 0, pixelStride: inChannels, outRows: 1, outWidth: g.outHeight * g.outWidth,
                 strideY: 0, dilationY: 0, dilationX: 0, activation: activation, output: output)
            return
        }
        var source = input
        var rowStride = g.inWidth * inChannels
        if g.needsPadding {
            ZeroPad.copy(input, height: g.inHeight, width: g.inWidth, channels: inChannels,
                         into: scratch, paddedHeight: g.paddedHeight, paddedWidth: g.paddedWidth, channelStride: inChannels,
                         top: g.padTop, left: g.padLeft)
            source = UnsafePointer(scratch)
            rowStride = g.paddedWidth * inChannels
        }
        rows(input: source, rowStride: rowStride, pixelStride: g.strideX * inChannels, outRows: g.outHeight,
             outWidth: g.outWidth, strideY: g.strideY, dilationY: g.dilationY * rowStride,
             dilationX: g.dilationX * inChannels, activation: activation, output: output)
    }

    /// The kernel proper. Output pixel (r, x) reads its window from
    /// `input + r * strideY * rowStride + x * pixelStride`, kernel tap (ky, kx) at
    /// `+ ky * dilationY + kx * dilationX` (all in floats).
    /// A 1x1 convolution over `pixels` pixels followed, in the same pass, by a residual
    /// connection and an activation (`ResidualEpilogue`): what a BlazeFace or Face Mesh block
    /// does in four operators (CONV_2D, PAD, ADD, RELU/PRELU), each a full pass over memory.
    func runPointwise(pixels: Int, input: UnsafePointer<Float>, residual: UnsafePointer<Float>,
                      epilogue: ResidualEpilogue, output: UnsafeMutablePointer<Float>) {
        rows(input: input, rowStride: 0, pixelStride: inChannels, outRows: 1, outWidth: pixels, strideY: 0, dilationY: 0,
             dilationX: 0, activation: .none, output: output, residual: residual, epilogue: epilogue)
    }

    private func rows(input: UnsafePointer<Float>, rowStride: Int, pixelStride: Int, outRows: Int, outWidth: Int,
                      strideY: Int, dilationY: Int, dilationX: Int, activation: TFLiteModel.Activation,
                      output: UnsafeMutablePointer<Float>, residual: UnsafePointer<Float>? = nil,
                      epilogue: ResidualEpilogue? = nil) {
        let cin = inChannels, cout = outChannels, kh = kernelHeight, kw = kernelWidth
        let tapStride = cin   // packed floats-of-8 per tap
        packed.withUnsafeBufferPointer { wAll in
            bias.withUnsafeBufferPointer { bAll in
                let w0 = wAll.baseAddress!, b0 = bAll.baseAddress!
                for r in 0..<outRows {
                    let rowIn = input + r * strideY * rowStride
                    let rowOut = output + r * outWidth * cout
                    var x = 0
                    while x + 4 <= outWidth {
                        let p0 = rowIn + x * pixelStride
                        for ob in 0..<blocks {
                            var a0 = b0[ob], a1 = b0[ob], a2 = b0[ob], a3 = b0[ob]
                            var wp = w0 + ob * kh * kw * tapStride
                            for ky in 0..<kh {
                                // A kernel row whose taps are adjacent pixels reads one run of
                                // kw * cin floats: one loop, the same products in the same order.
                                let (taps, run) = dilationX == cin ? (1, kw * cin) : (kw, cin)
                                for kx in 0..<taps {
                                    let q0 = p0 + ky * dilationY + kx * dilationX
                                    let q1 = q0 + pixelStride, q2 = q1 + pixelStride, q3 = q2 + pixelStride
                                    for i in 0..<run {
                                        let wv = wp[i]
                                        a0 += SIMD8(repeating: q0[i]) * wv
                                        a1 += SIMD8(repeating: q1[i]) * wv
                                        a2 += SIMD8(repeating: q2[i]) * wv
                                        a3 += SIMD8(repeating: q3[i]) * wv
                                    }
                                    wp += run
                                }
                            }
                            let o = rowOut + x * cout + ob * 8
                            if let epilogue, let residual {
                                let r = residual + x * epilogue.residualChannels
                                let rs = epilogue.residualChannels
                                store(epilogue.apply(a0, residual: r, block: ob), to: o, block: ob)
                                store(epilogue.apply(a1, residual: r + rs, block: ob), to: o + cout, block: ob)
                                store(epilogue.apply(a2, residual: r + 2 * rs, block: ob), to: o + 2 * cout, block: ob)
                                store(epilogue.apply(a3, residual: r + 3 * rs, block: ob), to: o + 3 * cout, block: ob)
                            } else {
                                store(activation.apply(a0), to: o, block: ob)
                                store(activation.apply(a1), to: o + cout, block: ob)
                                store(activation.apply(a2), to: o + 2 * cout, block: ob)
                                store(activation.apply(a3), to: o + 3 * cout, block: ob)
                            }
                        }
                        x += 4
                    }
                    while x < outWidth {
                        let p0 = rowIn + x * pixelStride
                        for ob in 0..<blocks {
                            var a0 = b0[ob]
                            var wp = w0 + ob * kh * kw * tapStride
                            for ky in 0..<kh {
                                for kx in 0..<kw {
                                    let q0 = p0 + ky * dilationY + kx * dilationX
                                    for i in 0..<cin { a0 += SIMD8(repeating: q0[i]) * wp[i] }
                                    wp += tapStride
                                }
                            }
                            if let epilogue, let residual {
                                store(epilogue.apply(a0, residual: residual + x * epilogue.residualChannels, block: ob),
                                      to: rowOut + x * cout + ob * 8, block: ob)
                            } else {
                                store(activation.apply(a0), to: rowOut + x * cout + ob * 8, block: ob)
                            }
                        }
                        x += 1
                    }
                }
            }
        }
    }

    /// Writes a block's lanes that are real output channels.
    @inline(__always) private func store(_ v: SIMD8<Float>, to p: UnsafeMutablePointer<Float>, block: Int) {
        let n = outChannels - block * 8
        if n >= 8 {
            UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
        } else {
            for k in 0..<n { p[k] = v[k] }
        }
    }
}

/// Copies an `height x width x channels` image into the middle of a
/// `paddedHeight x paddedWidth x channelStride` buffer, `top` rows and `left` columns in, and
/// zeroes the rest (the border and any lanes past `channels`; only those, not the whole buffer
/// first).
enum ZeroPad {
    static func copy(_ input: UnsafePointer<Float>, height: Int, width: Int, channels: Int,
                     into out: UnsafeMutablePointer<Float>, paddedHeight: Int, paddedWidth: Int, channelStride: Int,
                     top: Int, left: Int) {
        let rowCount = paddedWidth * channelStride
        out.update(repeating: 0, count: top * rowCount)
        for y in 0..<height {
            let src = input + y * width * channels
            let row = out + (y + top) * rowCount
            row.update(repeating: 0, count: left * channelStride)
            let dst = row + left * channelStride
            if channelStride == channels {
                dst.update(from: src, count: width * channels)
            } else {
                for x in 0..<width {
                    (dst + x * channelStride).update(from: src + x * channels, count: channels)
                    (dst + x * channelStride + channels).update(repeating: 0, count: channelStride - channels)
                }
            }
            (dst + width * channelStride).update(repeating: 0, count: (paddedWidth - left - width) * channelStride)
        }
        (out + (top + height) * rowCount).update(repeating: 0, count: (paddedHeight - top - height) * rowCount)
    }
}

/// What follows a fused pointwise convolution: add the block's input (its first
/// `residualChannels` channels; the rest are the zeros of a channel PAD), apply the ADD's own
/// activation, then a RELU or per-channel PRELU.
struct ResidualEpilogue {
    var residualChannels: Int
    var addActivation: TFLiteModel.Activation
    var relu: Bool
    /// PRELU slopes in blocks of 8 (empty: no PRELU).
    var slopes: [SIMD8<Float>]

    @inline(__always) func apply(_ v: SIMD8<Float>, residual r: UnsafePointer<Float>, block: Int) -> SIMD8<Float> {
        var v = v
        let first = block * 8
        if first + 8 <= residualChannels {
            v += UnsafeRawPointer(r + first).loadUnaligned(as: SIMD8<Float>.self)
        } else if first < residualChannels {
            for k in 0..<(residualChannels - first) { v[k] += r[first + k] }
        }
        v = addActivation.apply(v)
        if relu { v = v.replacing(with: 0, where: v .< 0) }
        if !slopes.isEmpty {
            let a = slopes[block]
            v = v.replacing(with: v * a, where: v .< 0)
        }
        return v
    }
}
