/// Where a window operator (convolution, depthwise convolution, pooling) reads: the output
/// size and the padding before the first row and column, by TensorFlow Lite's rules
/// (`tensorflow/lite/kernels/padding.h`): SAME gives ceil(in / stride) outputs and splits
/// the padding with the smaller half first; VALID gives no padding.
struct ConvGeometry: Equatable {
    var inHeight: Int, inWidth: Int
    var outHeight: Int, outWidth: Int
    var kernelHeight: Int, kernelWidth: Int
    var strideY: Int, strideX: Int
    var dilationY: Int, dilationX: Int
    var padTop: Int, padLeft: Int

    init(inHeight: Int, inWidth: Int, kernelHeight: Int, kernelWidth: Int, strideY: Int, strideX: Int,
         dilationY: Int = 1, dilationX: Int = 1, same: Bool) {
        self.inHeight = inHeight
        self.inWidth = inWidth
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.strideY = strideY
        self.strideX = strideX
        self.dilationY = dilationY
        self.dilationX = dilationX
        let effectiveH = (kernelHeight - 1) * dilationY + 1, effectiveW = (kernelWidth - 1) * dilationX + 1
        if same {
            outHeight = (inHeight + strideY - 1) / strideY
            outWidth = (inWidth + strideX - 1) / strideX
            padTop = max((outHeight - 1) * strideY + effectiveH - inHeight, 0) / 2
            padLeft = max((outWidth - 1) * strideX + effectiveW - inWidth, 0) / 2
        } else {
            outHeight = max((inHeight - effectiveH + strideY) / strideY, 0)
            outWidth = max((inWidth - effectiveW + strideX) / strideX, 0)
            padTop = 0
            padLeft = 0
        }
    }

    /// The height and width of the zero-padded input that every window reads inside.
    var paddedHeight: Int { max((outHeight - 1) * strideY + (kernelHeight - 1) * dilationY + 1, inHeight + padTop) }
    var paddedWidth: Int { max((outWidth - 1) * strideX + (kernelWidth - 1) * dilationX + 1, inWidth + padLeft) }
    var needsPadding: Bool { padTop > 0 || padLeft > 0 || paddedHeight > inHeight || paddedWidth > inWidth }
}

/// A fused activation, applied as the last step of an operator.
extension TFLiteModel.Activation {
    @inline(__always) func apply(_ v: SIMD8<Float>) -> SIMD8<Float> {
        switch self {
        case .none: v
        case .relu: v.replacing(with: 0, where: v .< 0)
        case .relu6: v.clamped(lowerBound: SIMD8(repeating: 0), upperBound: SIMD8(repeating: 6))
        case .reluN1To1: v.clamped(lowerBound: SIMD8(repeating: -1), upperBound: SIMD8(repeating: 1))
        }
    }

    @inline(__always) func apply(_ v: Float) -> Float {
        switch self {
        case .none: v
        case .relu: max(v, 0)
        case .relu6: min(max(v, 0), 6)
        case .reluN1To1: min(max(v, -1), 1)
        }
    }
}
