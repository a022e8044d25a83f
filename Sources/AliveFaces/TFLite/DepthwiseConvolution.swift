/// DEPTHWISE_CONV_2D (depth multiplier 1), NHWC float32. The input is copied once into a
/// zero-padded buffer whose pixels hold a whole number of 8-channel vectors, so every tap is
/// one aligned-size vector load with no bounds check and no channel remainder; the weights are
/// packed at load in the same layout.
struct DepthwiseConvolution {
    let channels: Int
    let kernelHeight: Int, kernelWidth: Int
    /// `[ky][kx][channelBlock]`, channels past `channels` zero.
    let packed: [SIMD8<Float>]
    let bias: [SIMD8<Float>]
    var blocks: Int { (channels + 7) / 8 }

    /// `weights` in TFLite's `[1][ky][kx][channel]` order.
    init(weights: [Float], bias biasValues: [Float], channels: Int, kernelHeight: Int, kernelWidth: Int) {
        self.channels = channels
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        let blocks = (channels + 7) / 8
        var packed = [SIMD8<Float>](repeating: .zero, count: kernelHeight * kernelWidth * blocks)
        for t in 0..<kernelHeight * kernelWidth {
            for c in 0..<channels { packed[t * blocks + c / 8][c % 8] = weights[t * channels + c] }
        }
        var bias = [SIMD8<Float>](repeating: .zero, count: blocks)
        for c in 0..<min(channels, biasValues.count) { bias[c / 8][c % 8] = biasValues[c] }
        self.packed = packed
        self.bias = bias
    }

    func scratchCount(_ g: ConvGeometry) -> Int { g.paddedHeight * g.paddedWidth * blocks * 8 }

    func run(_ g: ConvGeometry, activation: TFLiteModel.Activation, input: UnsafePointer<Float>,
             output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let nb = blocks, stride = nb * 8, c = channels
        ZeroPad.copy(input, height: g.inHeight, width: g.inWidth, channels: c, into: scratch,
                     paddedHeight: g.paddedHeight, paddedWidth: g.paddedWidth, channelStride: stride,
                     top: g.padTop, left: g.padLeft)
        let rowStride = g.paddedWidth * stride
        let kh = kernelHeight, kw = kernelWidth
        let tapY = g.dilationY * rowStride, tapX = g.dilationX * stride, stepX = g.strideX * stride
        packed.withUnsafeBufferPointer { wAll in
            bias.withUnsafeBufferPointer { bAll in
                let w0 = wAll.baseAddress!, b0 = bAll.baseAddress!
                let base = UnsafeRawPointer(scratch)
                @inline(__always) func store(_ acc: SIMD8<Float>, _ out: UnsafeMutablePointer<Float>, _ b: Int) {
                    let acc = activation.apply(acc)
                    let n = c - b * 8
                    if n >= 8 {
                        UnsafeMutableRawPointer(out + b * 8).storeBytes(of: acc, as: SIMD8<Float>.self)
                    } else {
                        for k in 0..<n { out[b * 8 + k] = acc[k] }
                    }
                }
                @inline(__always) func load(_ at: Int) -> SIMD8<Float> {
                    base.loadUnaligned(fromByteOffset: at * 4, as: SIMD8<Float>.self)
                }
                for y in 0..<g.outHeight {
                    let rowIn = y * g.strideY * rowStride
                    let rowOut = output + y * g.outWidth * c
                    var x = 0
                    // Four output pixels at a time share each weight load (each pixel's sum is
                    // made in the same order as alone).
                    while x + 4 <= g.outWidth {
                        let pixelIn = rowIn + x * stepX
                        let out = rowOut + x * c
                        for b in 0..<nb {
                            var a0 = b0[b], a1 = b0[b], a2 = b0[b], a3 = b0[b]
                            for ky in 0..<kh {
                                let tapRow = pixelIn + ky * tapY + b * 8
                                let wRow = w0 + ky * kw * nb + b
                                for kx in 0..<kw {
                                    let t = tapRow + kx * tapX, wv = wRow[kx * nb]
                                    a0 += load(t) * wv
                                    a1 += load(t + stepX) * wv
                                    a2 += load(t + 2 * stepX) * wv
                                    a3 += load(t + 3 * stepX) * wv
                                }
                            }
                            store(a0, out, b)
                            store(a1, out + c, b)
                            store(a2, out + 2 * c, b)
                            store(a3, out + 3 * c, b)
                        }
                        x += 4
                    }
                    while x < g.outWidth {
                        let pixelIn = rowIn + x * stepX
                        let out = rowOut + x * c
                        for b in 0..<nb {
                            var acc = b0[b]
                            for ky in 0..<kh {
                                let tapRow = pixelIn + ky * tapY + b * 8
                                let wRow = w0 + ky * kw * nb + b
                                for kx in 0..<kw { acc += load(tapRow + kx * tapX) * wRow[kx * nb] }
                            }
                            store(acc, out, b)
                        }
                        x += 1
                    }
                }
            }
        }
    }
}
