/// One input size's run of a `TFLiteInterpreter`: every tensor's shape, and its place in one
/// arena allocated here. Tensors whose lives do not overlap share memory (first fit, in the
/// order the steps write them), so a detector run on a whole photo needs a few times the
/// photo's own size, not the sum of all its layers. Not thread-safe: one execution per thread.
public final class Execution {
    let interpreter: TFLiteInterpreter
    let shapes: [[Int]]
    private let offsets: [Int]
    private let arena: UnsafeMutablePointer<Float>
    private let arenaCount: Int
    private let scratch: UnsafeMutablePointer<Float>
    private let scratchCount: Int

    init(_ interpreter: TFLiteInterpreter, height: Int, width: Int) throws(ModelError) {
        self.interpreter = interpreter
        guard height >= 1, width >= 1, height <= TFLiteModel.maxDimension, width <= TFLiteModel.maxDimension else {
            throw .invalid("input size \(width)x\(height)")
        }
        var inputShape = interpreter.inputShape
        inputShape[1] = height
        inputShape[2] = width
        let steps = interpreter.steps
        let shapes = try ShapePlan(steps: steps, input: interpreter.input, inputShape: inputShape,
                                   tensorCount: interpreter.declaredShapes.count).shapes
        // Lifetimes: written at step k (the input at -1), last read at the step after which
        // nothing reads it; the outputs live to the end.
        var lastUse: [Int: Int] = [interpreter.input: -1]
        for (k, step) in steps.enumerated() {
            lastUse[step.output] = max(lastUse[step.output] ?? k, k)
            for t in step.inputs { lastUse[t] = k }
        }
        for t in interpreter.outputs { lastUse[t] = Int.max }
        var offsets = [Int](repeating: -1, count: shapes.count)
        var live: [(offset: Int, count: Int, tensor: Int)] = []
        var arenaCount = 0
        func place(_ t: Int, at time: Int) throws(ModelError) {
            live.removeAll { lastUse[$0.tensor]! < time }
            let count = shapes[t].reduce(1, *)
            var offset = 0
            for block in live.sorted(by: { $0.offset < $1.offset }) {
                if offset + count <= block.offset { break }
                offset = max(offset, (block.offset + block.count + 7) & ~7)   // 32-byte aligned
            }
            offsets[t] = offset
            live.append((offset, count, t))
            arenaCount = max(arenaCount, offset + count)
            guard arenaCount <= TFLiteInterpreter.maxArenaFloats else { throw .invalid("input \(width)x\(height) needs too much memory") }
        }
        try place(interpreter.input, at: -1)
        var scratchCount = 0
        for (k, step) in steps.enumerated() {
            try place(step.output, at: k)
            switch step {
            case .conv(let kernel, let i, _, let same, let sy, let sx, let dy, let dx, _):
                scratchCount = max(scratchCount, kernel.scratchCount(Self.window(
                    shapes[i], kernel.kernelHeight, kernel.kernelWidth, same, sy, sx, dy, dx)))
            case .depthwise(let kernel, let i, _, let same, let sy, let sx, let dy, let dx, _):
                scratchCount = max(scratchCount, kernel.scratchCount(Self.window(
                    shapes[i], kernel.kernelHeight, kernel.kernelWidth, same, sy, sx, dy, dx)))
            default: break
            }
        }
        guard scratchCount <= TFLiteInterpreter.maxArenaFloats else { throw .invalid("input \(width)x\(height) needs too much memory") }
        self.shapes = shapes
        self.offsets = offsets
        self.arenaCount = arenaCount
        self.scratchCount = scratchCount
        // Left uninitialised (Float is a trivial type): every step writes its whole output before
        // anything reads it, and zeroing a whole photo's worth of layers would cost more than
        // some of the layers themselves.
        arena = .allocate(capacity: max(arenaCount, 1))
        scratch = .allocate(capacity: max(scratchCount, 8))
    }

    deinit {
        arena.deallocate()
        scratch.deallocate()
    }

    /// The input tensor, `[1, H, W, C]`: write the image here before `invoke()`.
    public var inputShape: [Int] { shapes[interpreter.input] }

    public func withInput<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        let t = interpreter.input
        return try body(UnsafeMutableBufferPointer(start: arena + offsets[t], count: shapes[t].reduce(1, *)))
    }

    public var outputCount: Int { interpreter.outputs.count }

    public func outputShape(_ k: Int) -> [Int] { shapes[interpreter.outputs[k]] }

    /// Output `k`'s values (valid until the next `invoke()`).
    public func output(_ k: Int) -> UnsafeBufferPointer<Float> {
        let t = interpreter.outputs[k]
        return UnsafeBufferPointer(start: arena + offsets[t], count: shapes[t].reduce(1, *))
    }

    /// The values of tensor `name` after the last run, if it is still in the arena (for
    /// tests that compare intermediate layers with a reference; may have been overwritten).
    func tensor(_ t: Int) -> [Float] {
        Array(UnsafeBufferPointer(start: arena + offsets[t], count: shapes[t].reduce(1, *)))
    }

    /// Runs every step.
    public func invoke() {
        for step in interpreter.steps { run(step) }
    }

    private func pointer(_ t: Int) -> UnsafeMutablePointer<Float> { arena + offsets[t] }

    /// The window geometry of a convolution over an `[1, H, W, C]` input.
    static func window(_ s: [Int], _ kh: Int, _ kw: Int, _ same: Bool, _ sy: Int, _ sx: Int, _ dy: Int, _ dx: Int) -> ConvGeometry {
        ConvGeometry(inHeight: s[1], inWidth: s[2], kernelHeight: kh, kernelWidth: kw, strideY: sy, strideX: sx,
                     dilationY: dy, dilationX: dx, same: same)
    }

    private func run(_ step: TFLiteInterpreter.Step) {
        switch step {
        case .conv(let kernel, let i, let o, let same, let sy, let sx, let dy, let dx, let activation):
            let g = Self.window(shapes[i], kernel.kernelHeight, kernel.kernelWidth, same, sy, sx, dy, dx)
            kernel.run(g, activation: activation, input: pointer(i), output: pointer(o), scratch: scratch)
        case .depthwise(let kernel, let i, let o, let same, let sy, let sx, let dy, let dx, let activation):
            let g = Self.window(shapes[i], kernel.kernelHeight, kernel.kernelWidth, same, sy, sx, dy, dx)
            kernel.run(g, activation: activation, input: pointer(i), output: pointer(o), scratch: scratch)
        case .pointwiseResidual(let kernel, let i, let r, let o, let epilogue):
            let s = shapes[i]
            kernel.runPointwise(pixels: s[1] * s[2], input: pointer(i), residual: pointer(r), epilogue: epilogue, output: pointer(o))
        case .add(let a, let b, let o, let activation):
            SimpleOperators.add(pointer(a), pointer(b), count: shapes[o].reduce(1, *), activation: activation, into: pointer(o))
        case .relu(let i, let o):
            SimpleOperators.relu(pointer(i), count: shapes[o].reduce(1, *), into: pointer(o))
        case .prelu(let i, let o, let alpha):
            SimpleOperators.prelu(pointer(i), count: shapes[o].reduce(1, *), alpha: alpha, into: pointer(o))
        case .pad(let i, let o, let before, _):
            SimpleOperators.pad(pointer(i), shape: shapes[i], before: before, outShape: shapes[o], into: pointer(o))
        case .maxPool(let i, let o, let same, let fh, let fw, let sy, let sx, let activation):
            let s = shapes[i]
            let g = ConvGeometry(inHeight: s[1], inWidth: s[2], kernelHeight: fh, kernelWidth: fw, strideY: sy, strideX: sx,
                                 same: same)
            SimpleOperators.maxPool(pointer(i), channels: s[3], geometry: g, activation: activation, into: pointer(o))
        case .reshape(let i, let o, _):
            pointer(o).update(from: pointer(i), count: shapes[o].reduce(1, *))
        case .concatenation(let list, let o, let axis, let activation):
            let rank = shapes[o].count
            let a = axis < 0 ? axis + rank : axis
            let outer = shapes[o][..<a].reduce(1, *)
            let parts = list.map { (UnsafePointer(pointer($0)), shapes[$0][a...].reduce(1, *)) }
            SimpleOperators.concatenate(parts, outer: outer, activation: activation, into: pointer(o))
        case .resizeBilinear(let i, let o, let h, let w, let align, let half):
            let s = shapes[i]
            SimpleOperators.resizeBilinear(pointer(i), height: s[1], width: s[2], channels: s[3], outHeight: h, outWidth: w,
                                           alignCorners: align, halfPixelCenters: half, into: pointer(o))
        }
    }
}
