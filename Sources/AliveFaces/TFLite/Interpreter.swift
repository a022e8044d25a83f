/// A TensorFlow Lite interpreter in pure Swift for float32 NHWC networks of the kinds
/// MediaPipe's face models are: CONV_2D, DEPTHWISE_CONV_2D, DEQUANTIZE (of float16 weights),
/// ADD, RELU, PRELU, PAD, MAX_POOL_2D, RESHAPE, CONCATENATION and RESIZE_BILINEAR.
///
/// Loading reads the FlatBuffer with every offset checked, folds constant operators (the
/// float16 weights are dequantized once), packs every convolution's weights for its kernel
/// and checks that the shapes fit together. An `Execution` then runs the network for one
/// input size (any size the network's operators allow, not only the one it was saved with:
/// the face detector runs fully convolutionally on whole photos) from one preallocated arena,
/// so running allocates nothing.
public final class TFLiteInterpreter: Sendable {
    enum Step {
        case conv(Convolution, input: Int, output: Int, same: Bool, strideY: Int, strideX: Int, dilationY: Int,
                  dilationX: Int, activation: TFLiteModel.Activation)
        case depthwise(DepthwiseConvolution, input: Int, output: Int, same: Bool, strideY: Int, strideX: Int,
                       dilationY: Int, dilationX: Int, activation: TFLiteModel.Activation)
        case add(Int, Int, output: Int, activation: TFLiteModel.Activation)
        case relu(Int, output: Int)
        case prelu(Int, output: Int, alpha: [Float])
        case pad(Int, output: Int, before: [Int], after: [Int])
        case maxPool(Int, output: Int, same: Bool, filterHeight: Int, filterWidth: Int, strideY: Int, strideX: Int,
                     activation: TFLiteModel.Activation)
        /// A 1x1 stride-1 convolution fused with the residual ADD (and PAD, RELU or PRELU)
        /// after it; see `fused(_:)`.
        case pointwiseResidual(Convolution, input: Int, residual: Int, output: Int, epilogue: ResidualEpilogue)
        case reshape(Int, output: Int, newShape: [Int])
        case concatenation([Int], output: Int, axis: Int, activation: TFLiteModel.Activation)
        case resizeBilinear(Int, output: Int, height: Int, width: Int, alignCorners: Bool, halfPixelCenters: Bool)

        var inputs: [Int] {
            switch self {
            case .conv(_, let i, _, _, _, _, _, _, _), .depthwise(_, let i, _, _, _, _, _, _, _): [i]
            case .add(let a, let b, _, _): [a, b]
            case .relu(let i, _), .prelu(let i, _, _), .pad(let i, _, _, _), .maxPool(let i, _, _, _, _, _, _, _),
                 .reshape(let i, _, _), .resizeBilinear(let i, _, _, _, _, _): [i]
            case .concatenation(let list, _, _, _): list
            case .pointwiseResidual(_, let i, let r, _, _): [i, r]
            }
        }

        var output: Int {
            switch self {
            case .conv(_, _, let o, _, _, _, _, _, _), .depthwise(_, _, let o, _, _, _, _, _, _), .add(_, _, let o, _),
                 .relu(_, let o), .prelu(_, let o, _), .pad(_, let o, _, _), .maxPool(_, let o, _, _, _, _, _, _),
                 .reshape(_, let o, _), .concatenation(_, let o, _, _), .resizeBilinear(_, let o, _, _, _, _),
                 .pointwiseResidual(_, _, _, let o, _): o
            }
        }
    }

    let steps: [Step]
    let tensorNames: [String]
    let declaredShapes: [[Int]]
    /// The graph's input tensor and the shape the model was saved with (`[1, H, W, C]`).
    let input: Int
    public let inputShape: [Int]
    let outputs: [Int]
    /// The most floats one execution may ask for (1 GiB): a bound against absurd input sizes.
    static let maxArenaFloats = 1 << 28

    public convenience init(modelBytes: [UInt8]) throws(ModelError) {
        try self.init(model: try TFLiteModel(bytes: modelBytes))
    }

    init(model: TFLiteModel) throws(ModelError) {
        guard model.inputs.count == 1 else { throw .unsupported("\(model.inputs.count) inputs (one is supported)") }
        guard !model.outputs.isEmpty else { throw .malformed("the graph has no outputs") }
        let tensors = model.tensors
        input = model.inputs[0]
        inputShape = tensors[input].shape
        guard inputShape.count == 4, inputShape[0] == 1, tensors[input].type == .float32 else {
            throw .unsupported("input shape \(inputShape) of \(tensors[input].type) (a float32 [1, H, W, C] image is supported)")
        }
        outputs = model.outputs
        tensorNames = tensors.map(\.name)
        declaredShapes = tensors.map(\.shape)

        // Constant values, as floats or integers; folded operators add theirs.
        var floats: [Int: [Float]] = [:]
        var ints: [Int: [Int]] = [:]
        func constantFloats(_ t: Int, _ what: String) throws(ModelError) -> [Float] {
            if let v = floats[t] { return v }
            guard t >= 0, let data = tensors[t].data else { throw .unsupported("\(what) is not a constant") }
            let v: [Float]
            switch tensors[t].type {
            case .float32: v = Self.decodeFloat32(data)
            case .float16: v = Self.decodeFloat16(data)
            default: throw .unsupported("\(what) has type \(tensors[t].type)")
            }
            guard v.count == boundedCount(tensors[t].shape) else {
                throw .malformed("\(what) holds \(v.count) values for shape \(tensors[t].shape)")
            }
            floats[t] = v
            return v
        }
        func constantInts(_ t: Int, _ what: String) throws(ModelError) -> [Int] {
            if let v = ints[t] { return v }
            guard t >= 0, let data = tensors[t].data, tensors[t].type == .int32 else {
                throw .unsupported("\(what) is not a constant int32 tensor")
            }
            var v: [Int] = []
            var k = data.startIndex
            while k + 4 <= data.endIndex {
                v.append(Int(Int32(bitPattern: UInt32(data[k]) | UInt32(data[k + 1]) << 8 | UInt32(data[k + 2]) << 16
                                   | UInt32(data[k + 3]) << 24)))
                k += 4
            }
            guard v.count == boundedCount(tensors[t].shape) else { throw .malformed("\(what) holds \(v.count) values") }
            ints[t] = v
            return v
        }
        func isConstant(_ t: Int) -> Bool { t >= 0 && (floats[t] != nil || tensors[t].data != nil) }

        var steps: [Step] = []
        for (index, op) in model.operators.enumerated() {
            let name = "operator \(index) (\(op.code))"
            guard op.outputs.count == 1 else { throw .unsupported("\(name) has \(op.outputs.count) outputs") }
            let out = op.outputs[0]
            guard !isConstant(out), out != input else { throw .malformed("\(name) writes a constant or the input") }
            guard tensors[out].type == .float32 else { throw .unsupported("\(name) produces \(tensors[out].type)") }
            func operand(_ k: Int) throws(ModelError) -> Int {
                guard k < op.inputs.count, op.inputs[k] >= 0 else { throw .malformed("\(name) lacks input \(k)") }
                return op.inputs[k]
            }
            func activation(_ t: Int) throws(ModelError) -> Int {
                guard !isConstant(t), tensors[t].type == .float32 else { throw .unsupported("\(name) reads a constant or non-float input") }
                return t
            }
            let o = op.options
            switch op.code {
            case .dequantize:
                let source = try operand(0)
                guard isConstant(source) else { throw .unsupported("\(name) dequantizes a computed tensor") }
                floats[out] = try constantFloats(source, "\(name)'s input")
            case .conv2D:
                let x = try activation(try operand(0))
                let w = try operand(1)
                let ws = tensors[w].shape
                guard ws.count == 4 else { throw .invalid("\(name) has weights of shape \(ws)") }
                let weights = try constantFloats(w, "\(name)'s weights")
                let bias = op.inputs.count > 2 && op.inputs[2] >= 0 ? try constantFloats(op.inputs[2], "\(name)'s bias") : []
                guard bias.isEmpty || bias.count == ws[0] else { throw .invalid("\(name) has \(bias.count) biases for \(ws[0]) outputs") }
                guard ws[1] <= 16, ws[2] <= 16 else { throw .unsupported("\(name) has a \(ws[1])x\(ws[2]) kernel") }
                let kernel = Convolution(weights: weights, bias: bias, outChannels: ws[0], kernelHeight: ws[1],
                                         kernelWidth: ws[2], inChannels: ws[3])
                steps.append(.conv(kernel, input: x, output: out, same: o.padding == .same, strideY: o.strideY,
                                   strideX: o.strideX, dilationY: o.dilationY, dilationX: o.dilationX, activation: o.activation))
            case .depthwiseConv2D:
                let x = try activation(try operand(0))
                let w = try operand(1)
                let ws = tensors[w].shape
                guard ws.count == 4, ws[0] == 1 else { throw .invalid("\(name) has weights of shape \(ws)") }
                guard o.depthMultiplier == 1 else { throw .unsupported("\(name) has depth multiplier \(o.depthMultiplier)") }
                guard ws[1] <= 16, ws[2] <= 16 else { throw .unsupported("\(name) has a \(ws[1])x\(ws[2]) kernel") }
                let weights = try constantFloats(w, "\(name)'s weights")
                let bias = op.inputs.count > 2 && op.inputs[2] >= 0 ? try constantFloats(op.inputs[2], "\(name)'s bias") : []
                guard bias.isEmpty || bias.count == ws[3] else { throw .invalid("\(name) has \(bias.count) biases for \(ws[3]) channels") }
                let kernel = DepthwiseConvolution(weights: weights, bias: bias, channels: ws[3], kernelHeight: ws[1],
                                                  kernelWidth: ws[2])
                steps.append(.depthwise(kernel, input: x, output: out, same: o.padding == .same, strideY: o.strideY,
                                        strideX: o.strideX, dilationY: o.dilationY, dilationX: o.dilationX,
                                        activation: o.activation))
            case .add:
                steps.append(.add(try activation(try operand(0)), try activation(try operand(1)), output: out,
                                  activation: o.activation))
            case .relu:
                steps.append(.relu(try activation(try operand(0)), output: out))
            case .prelu:
                let alpha = try constantFloats(try operand(1), "\(name)'s slopes")
                steps.append(.prelu(try activation(try operand(0)), output: out, alpha: alpha))
            case .pad:
                let x = try activation(try operand(0))
                let p = try constantInts(try operand(1), "\(name)'s paddings")
                let rank = tensors[x].shape.count
                guard rank == 4, p.count == 8, p.allSatisfy({ $0 >= 0 && $0 <= 4096 }) else {
                    throw .unsupported("\(name) pads rank \(rank) by \(p)")
                }
                steps.append(.pad(x, output: out, before: stride(from: 0, to: 8, by: 2).map { p[$0] },
                                  after: stride(from: 1, to: 8, by: 2).map { p[$0] }))
            case .maxPool2D:
                guard o.filterHeight <= 16, o.filterWidth <= 16 else { throw .unsupported("\(name) has a large window") }
                steps.append(.maxPool(try activation(try operand(0)), output: out, same: o.padding == .same,
                                      filterHeight: o.filterHeight, filterWidth: o.filterWidth, strideY: o.strideY,
                                      strideX: o.strideX, activation: o.activation))
            case .reshape:
                var shape = o.newShape
                if op.inputs.count > 1, op.inputs[1] >= 0, isConstant(op.inputs[1]) {
                    shape = try constantInts(op.inputs[1], "\(name)'s shape")
                }
                if shape.isEmpty { shape = tensors[out].shape }
                guard shape.count <= TFLiteModel.maxRank, shape.filter({ $0 == -1 }).count <= 1,
                      shape.allSatisfy({ $0 == -1 || ($0 >= 1 && $0 <= TFLiteModel.maxDimension) }) else {
                    throw .invalid("\(name) reshapes to \(shape)")
                }
                steps.append(.reshape(try activation(try operand(0)), output: out, newShape: shape))
            case .concatenation:
                var list: [Int] = []
                for t in op.inputs {
                    guard t >= 0 else { throw .malformed("\(name) lacks an input") }
                    list.append(try activation(t))
                }
                guard !list.isEmpty else { throw .malformed("\(name) has no inputs") }
                steps.append(.concatenation(list, output: out, axis: o.axis, activation: o.activation))
            case .resizeBilinear:
                let size = try constantInts(try operand(1), "\(name)'s size")
                guard size.count == 2, size.allSatisfy({ $0 >= 1 && $0 <= TFLiteModel.maxDimension }) else {
                    throw .invalid("\(name) resizes to \(size)")
                }
                steps.append(.resizeBilinear(try activation(try operand(0)), output: out, height: size[0], width: size[1],
                                             alignCorners: o.alignCorners, halfPixelCenters: o.halfPixelCenters))
            }
        }
        // Every tensor a step reads must be the input or written by an earlier step.
        var written: Set<Int> = [input]
        for (k, step) in steps.enumerated() {
            for t in step.inputs where !written.contains(t) {
                throw .malformed("step \(k) reads tensor \(t) (\(tensors[t].name)) before anything writes it")
            }
            guard written.insert(step.output).inserted else { throw .malformed("step \(k) writes tensor \(step.output) again") }
        }
        for t in outputs where !written.contains(t) { throw .malformed("output tensor \(t) is never written") }
        self.steps = Self.fused(steps, outputs: Set(outputs))
        // The saved input size must give the saved shapes.
        let check = try ShapePlan(steps: steps, input: input, inputShape: inputShape, tensorCount: tensors.count)
        for (t, shape) in check.shapes.enumerated() where !shape.isEmpty && shape != declaredShapes[t] {
            throw .invalid("tensor \(t) (\(tensors[t].name)) computes to \(shape), the model says \(declaredShapes[t])")
        }
    }

    /// Fuses each residual block's tail, CONV_2D (1x1, stride 1, no activation) -> [PAD of
    /// channels] -> ADD -> [RELU | PRELU], into one `pointwiseResidual` step placed where the
    /// last of them was, when each intermediate tensor has no other reader. The arithmetic is
    /// the same, in the same order; only the passes over memory go (four become one).
    static func fused(_ steps: [Step], outputs: Set<Int>) -> [Step] {
        var readers: [Int: Int] = [:]
        var producer: [Int: Int] = [:]
        for (k, step) in steps.enumerated() {
            producer[step.output] = k
            for t in step.inputs { readers[t, default: 0] += 1 }
        }
        func privateTensor(_ t: Int) -> Bool { readers[t] == 1 && !outputs.contains(t) }
        var removed = Set<Int>()
        var replacement: [Int: Step] = [:]
        for (k, step) in steps.enumerated() {
            guard case .add(let a, let b, let sum, let addActivation) = step else { continue }
            for (convOut, other) in [(a, b), (b, a)] {
                guard privateTensor(convOut), let c = producer[convOut], !removed.contains(c),
                      case .conv(let kernel, let input, _, _, 1, 1, 1, 1, .none) = steps[c],
                      kernel.kernelHeight == 1, kernel.kernelWidth == 1 else { continue }
                var residual = other
                var residualChannels = kernel.outChannels
                var dropped = [c, k]
                if privateTensor(other), let p = producer[other], case .pad(let x, _, let before, let after) = steps[p],
                   before == [0, 0, 0, 0], after[0] == 0, after[1] == 0, after[2] == 0 {
                    residual = x
                    residualChannels = kernel.outChannels - after[3]
                    dropped.append(p)
                }
                var epilogue = ResidualEpilogue(residualChannels: residualChannels, addActivation: addActivation,
                                                relu: false, slopes: [])
                var output = sum
                var last = k
                if privateTensor(sum), let next = steps.indices.first(where: { $0 > k && steps[$0].inputs.contains(sum) }) {
                    switch steps[next] {
                    case .relu(_, let o):
                        epilogue.relu = true
                        output = o; last = next; dropped.append(next)
                    case .prelu(_, let o, let alpha) where alpha.count == kernel.outChannels:
                        epilogue.slopes = stride(from: 0, to: alpha.count, by: 8).map { start in
                            var v = SIMD8<Float>.zero
                            for i in start..<min(start + 8, alpha.count) { v[i - start] = alpha[i] }
                            return v
                        }
                        output = o; last = next; dropped.append(next)
                    default: break
                    }
                }
                removed.formUnion(dropped)
                replacement[last] = .pointwiseResidual(kernel, input: input, residual: residual, output: output,
                                                       epilogue: epilogue)
                break
            }
        }
        return steps.indices.compactMap { k in replacement[k] ?? (removed.contains(k) ? nil : steps[k]) }
    }

    /// An execution for one input size: `height x width` pixels of the model's channels.
    public func execution(height: Int, width: Int) throws(ModelError) -> Execution {
        try Execution(self, height: height, width: width)
    }

    static func decodeFloat32(_ data: ArraySlice<UInt8>) -> [Float] {
        var out: [Float] = []
        out.reserveCapacity(data.count / 4)
        var k = data.startIndex
        while k + 4 <= data.endIndex {
            out.append(Float(bitPattern: UInt32(data[k]) | UInt32(data[k + 1]) << 8 | UInt32(data[k + 2]) << 16
                             | UInt32(data[k + 3]) << 24))
            k += 4
        }
        return out
    }

    /// IEEE 754 half precision to single, by bits (Swift's Float16 is not on every platform).
    static func decodeFloat16(_ data: ArraySlice<UInt8>) -> [Float] {
        var out: [Float] = []
        out.reserveCapacity(data.count / 2)
        var k = data.startIndex
        while k + 2 <= data.endIndex {
            out.append(halfToFloat(UInt16(data[k]) | UInt16(data[k + 1]) << 8))
            k += 2
        }
        return out
    }

    static func halfToFloat(_ h: UInt16) -> Float {
        let sign = UInt32(h >> 15) << 31
        let exponent = Int(h >> 10) & 0x1f
        let mantissa = UInt32(h & 0x3ff)
        if exponent == 0 {
            // Zero or subnormal: mantissa * 2^-24.
            let magnitude = Float(mantissa) * 0x1p-24
            return sign != 0 ? -magnitude : magnitude
        }
        if exponent == 31 { return Float(bitPattern: sign | 0x7f80_0000 | mantissa << 13) }
        return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | mantissa << 13)
    }
}

/// The shape of every tensor for one input size, worked out step by step.
struct ShapePlan {
    var shapes: [[Int]]

    init(steps: [TFLiteInterpreter.Step], input: Int, inputShape: [Int], tensorCount: Int) throws(ModelError) {
        var shapes = [[Int]](repeating: [], count: tensorCount)
        shapes[input] = inputShape
        for (k, step) in steps.enumerated() {
            let name = "step \(k)"
            func image(_ t: Int) throws(ModelError) -> [Int] {
                let s = shapes[t]
                guard s.count == 4, s[0] == 1 else { throw .invalid("\(name) needs a [1, H, W, C] input, has \(s)") }
                return s
            }
            func window(_ s: [Int], _ kh: Int, _ kw: Int, _ same: Bool, _ sy: Int, _ sx: Int, _ dy: Int, _ dx: Int)
                throws(ModelError) -> ConvGeometry {
                let g = ConvGeometry(inHeight: s[1], inWidth: s[2], kernelHeight: kh, kernelWidth: kw, strideY: sy, strideX: sx,
                                     dilationY: dy, dilationX: dx, same: same)
                guard g.outHeight >= 1, g.outWidth >= 1 else { throw .invalid("\(name): input \(s) is smaller than its window") }
                return g
            }
            let out: [Int]
            switch step {
            case .conv(let kernel, let i, _, let same, let sy, let sx, let dy, let dx, _):
                let s = try image(i)
                guard s[3] == kernel.inChannels else { throw .invalid("\(name): \(s[3]) channels into a \(kernel.inChannels)-channel convolution") }
                let g = try window(s, kernel.kernelHeight, kernel.kernelWidth, same, sy, sx, dy, dx)
                out = [1, g.outHeight, g.outWidth, kernel.outChannels]
            case .depthwise(let kernel, let i, _, let same, let sy, let sx, let dy, let dx, _):
                let s = try image(i)
                guard s[3] == kernel.channels else { throw .invalid("\(name): \(s[3]) channels into a \(kernel.channels)-channel depthwise convolution") }
                let g = try window(s, kernel.kernelHeight, kernel.kernelWidth, same, sy, sx, dy, dx)
                out = [1, g.outHeight, g.outWidth, kernel.channels]
            case .pointwiseResidual(let kernel, let i, let r, _, let epilogue):
                let s = try image(i), rs = try image(r)
                guard s[3] == kernel.inChannels, rs[1] == s[1], rs[2] == s[2], rs[3] == epilogue.residualChannels,
                      epilogue.residualChannels <= kernel.outChannels else {
                    throw .invalid("\(name): residual \(rs) does not fit a convolution of \(s) to \(kernel.outChannels) channels")
                }
                out = [1, s[1], s[2], kernel.outChannels]
            case .add(let a, let b, _, _):
                guard shapes[a] == shapes[b] else { throw .unsupported("\(name) adds \(shapes[a]) and \(shapes[b]) (no broadcasting)") }
                out = shapes[a]
            case .relu(let i, _):
                out = shapes[i]
            case .prelu(let i, _, let alpha):
                guard let c = shapes[i].last, alpha.count == c else { throw .unsupported("\(name): \(alpha.count) slopes for \(shapes[i])") }
                out = shapes[i]
            case .pad(let i, _, let before, let after):
                let s = try image(i)
                guard before[0] == 0, after[0] == 0 else { throw .unsupported("\(name) pads the batch") }
                out = (0..<4).map { s[$0] + before[$0] + after[$0] }
            case .maxPool(let i, _, let same, let fh, let fw, let sy, let sx, _):
                let s = try image(i)
                let g = try window(s, fh, fw, same, sy, sx, 1, 1)
                out = [1, g.outHeight, g.outWidth, s[3]]
            case .reshape(let i, _, let newShape):
                let count = shapes[i].reduce(1, *)
                guard let known = boundedCount(newShape.filter { $0 != -1 }) else { throw .invalid("\(name) reshapes to \(newShape)") }
                var shape = newShape
                if let free = shape.firstIndex(of: -1) {
                    guard known > 0, count % known == 0 else { throw .invalid("\(name) cannot reshape \(shapes[i]) to \(newShape)") }
                    shape[free] = count / known
                }
                guard shape.reduce(1, *) == count else { throw .invalid("\(name) cannot reshape \(shapes[i]) to \(newShape)") }
                out = shape
            case .concatenation(let list, _, let axis, _):
                let first = shapes[list[0]]
                let a = axis < 0 ? axis + first.count : axis
                guard a >= 0, a < first.count else { throw .invalid("\(name) concatenates along axis \(axis)") }
                var shape = first
                shape[a] = 0
                for t in list {
                    let s = shapes[t]
                    guard s.count == first.count, (0..<s.count).allSatisfy({ $0 == a || s[$0] == first[$0] }) else {
                        throw .invalid("\(name) concatenates \(first) and \(s)")
                    }
                    shape[a] += s[a]
                }
                out = shape
            case .resizeBilinear(let i, _, let h, let w, _, _):
                let s = try image(i)
                out = [1, h, w, s[3]]
            }
            guard out.allSatisfy({ $0 >= 1 && $0 <= TFLiteModel.maxDimension }), boundedCount(out) != nil else {
                throw .invalid("\(name) would produce a tensor of shape \(out)")
            }
            shapes[step.output] = out
        }
        self.shapes = shapes
    }
}

/// The element count of a shape, or nil when it passes the arena's bound (checked as it goes,
/// so no product can overflow).
func boundedCount(_ shape: [Int]) -> Int? {
    var n = 1
    for d in shape {
        guard d >= 0 else { return nil }
        n *= d
        if n > TFLiteInterpreter.maxArenaFloats { return nil }
    }
    return n
}
