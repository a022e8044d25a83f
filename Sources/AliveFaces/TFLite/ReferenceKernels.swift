/// Plain versions of the convolutions, written straight from the definition (TFLite's
/// `reference_ops`): NHWC arrays, bounds checks instead of padding, Double accumulation.
/// The fast kernels are tested against these on random input at many shapes.
enum ReferenceKernels {
    /// `weights` `[out][ky][kx][in]`.
    static func convolution(input: [Float], height: Int, width: Int, inChannels: Int, weights: [Float], bias: [Float],
                            outChannels: Int, kernelHeight: Int, kernelWidth: Int, geometry g: ConvGeometry,
                            activation: TFLiteModel.Activation) -> [Float] {
        window(input: input, height: height, width: width, inChannels: inChannels, outChannels: outChannels, bias: bias,
               kernelHeight: kernelHeight, kernelWidth: kernelWidth, geometry: g, activation: activation) { o, ky, kx in
            (0..<inChannels).map { i in (i, weights[((o * kernelHeight + ky) * kernelWidth + kx) * inChannels + i]) }
        }
    }

    /// `weights` `[1][ky][kx][channel]`, depth multiplier 1: output channel c reads input channel c only.
    static func depthwise(input: [Float], height: Int, width: Int, channels: Int, weights: [Float], bias: [Float],
                          kernelHeight: Int, kernelWidth: Int, geometry g: ConvGeometry,
                          activation: TFLiteModel.Activation) -> [Float] {
        window(input: input, height: height, width: width, inChannels: channels, outChannels: channels, bias: bias,
               kernelHeight: kernelHeight, kernelWidth: kernelWidth, geometry: g, activation: activation) { c, ky, kx in
            [(c, weights[(ky * kernelWidth + kx) * channels + c])]
        }
    }

    /// The sum over every window tap inside the input of input channel i times weight w, for
    /// the (i, w) pairs `taps(out, ky, kx)` names.
    private static func window(input: [Float], height: Int, width: Int, inChannels: Int, outChannels: Int, bias: [Float],
                               kernelHeight: Int, kernelWidth: Int, geometry g: ConvGeometry,
                               activation: TFLiteModel.Activation,
                               taps: (Int, Int, Int) -> [(Int, Float)]) -> [Float] {
        var out = [Float](repeating: 0, count: g.outHeight * g.outWidth * outChannels)
        for oy in 0..<g.outHeight {
            for ox in 0..<g.outWidth {
                for o in 0..<outChannels {
                    var sum = Double(bias.isEmpty ? 0 : bias[o])
                    for ky in 0..<kernelHeight {
                        let iy = oy * g.strideY - g.padTop + ky * g.dilationY
                        guard iy >= 0, iy < height else { continue }
                        for kx in 0..<kernelWidth {
                            let ix = ox * g.strideX - g.padLeft + kx * g.dilationX
                            guard ix >= 0, ix < width else { continue }
                            for (i, w) in taps(o, ky, kx) {
                                sum += Double(input[(iy * width + ix) * inChannels + i]) * Double(w)
                            }
                        }
                    }
                    out[(oy * g.outWidth + ox) * outChannels + o] = activation.apply(Float(sum))
                }
            }
        }
        return out
    }
}
