@testable import AliveFaces
import AliveCore
import Crypto
import Foundation
import Testing

/// The pure-Swift TFLite interpreter against TensorFlow Lite's own outputs (recorded once by
/// Scripts/make_face_goldens.py with tflite-runtime 2.14) and its fast kernels against plain
/// reference ones.
@Suite struct InterpreterTests {
    @Test func embeddedModelsAreTheOnesPinned() throws {
        #expect(sha256Hex(FaceModels.bytes(FaceModelData.faceDetectionShortRangeBase64))
                == FaceModelData.faceDetectionShortRangeSHA256)
        #expect(sha256Hex(FaceModels.bytes(FaceModelData.faceLandmarkBase64)) == FaceModelData.faceLandmarkSHA256)
        #expect(try FaceModels.detector.get().inputShape == [1, 128, 128, 3])
        #expect(try FaceModels.landmarks.get().inputShape == [1, 192, 192, 3])
    }

    /// Pixels of a golden input PNG, scaled as the recorder scaled them.
    func input(_ name: String, detector: Bool) throws -> (values: [Float], width: Int, height: Int) {
        let photo = try loadPhoto(fixture("golden/\(name).png"))
        var values: [Float] = []
        for i in 0..<photo.width * photo.height {
            for c in 0..<3 {
                let v = Float(photo.pixels[i * 4 + c])
                values.append(detector ? v / 127.5 - 1 : v / 255)
            }
        }
        return (values, photo.width, photo.height)
    }

    /// The recorder's exact pattern: (((i * 7919) mod 256) - 128) / 128.
    func pattern(_ count: Int) -> [Float] { (0..<count).map { Float((($0 * 7919) % 256) - 128) / 128 } }

    func run(_ interpreter: TFLiteInterpreter, _ values: [Float], width: Int, height: Int) throws -> [[Float]] {
        let e = try interpreter.execution(height: height, width: width)
        e.withInput { p in for i in 0..<p.count { p[i] = values[i] } }
        e.invoke()
        return (0..<e.outputCount).map { Array(e.output($0)) }
    }

    /// The largest difference, relative to the reference's own spread.
    func compare(_ ours: [[Float]], golden name: String) throws -> Float {
        var worst: Float = 0
        for (k, values) in ours.enumerated() {
            let reference = try readFloats(fixture("golden/\(name).out\(k).f32"))
            #expect(values.count == reference.count, "\(name) output \(k): \(values.count) values, expected \(reference.count)")
            let scale = max(reference.map(abs).max() ?? 1, 1)
            for (a, b) in zip(values, reference) { worst = max(worst, abs(a - b) / scale) }
        }
        return worst
    }

    @Test(arguments: ["detector-photo", "detector-pattern", "detector-wide", "landmark-photo", "landmark-pattern"])
    func outputsMatchTensorFlowLite(name: String) throws {
        let detector = name.hasPrefix("detector")
        let interpreter = try (detector ? FaceModels.detector : FaceModels.landmarks).get()
        let outputs: [[Float]]
        if name.hasSuffix("pattern") {
            let size = detector ? 128 : 192
            outputs = try run(interpreter, pattern(size * size * 3), width: size, height: size)
        } else {
            let (values, w, h) = try input(name, detector: detector)
            outputs = try run(interpreter, values, width: w, height: h)
        }
        let worst = try compare(outputs, golden: name)
        #expect(worst < 1e-4, "\(name): largest difference \(worst) of the output's range")
    }

    /// Every residual block's CONV_2D -> [PAD] -> ADD -> RELU/PRELU tail runs as one fused step
    /// (the golden tests above check that the fused network still computes TFLite's numbers).
    @Test func residualBlocksAreFused() throws {
        for (model, blocks) in [(FaceModel.detector, 16), (FaceModel.landmarks, 20)] {
            let steps = try model.interpreter().steps
            let fused = steps.filter { if case .pointwiseResidual = $0 { true } else { false } }.count
            let adds = steps.filter { if case .add = $0 { true } else { false } }.count
            #expect(fused == blocks && adds == 0, "\(model): \(fused) fused, \(adds) ADD left")
        }
    }

    // MARK: - Fast kernels against the reference ones (FFmpeg checkasm style)

    @Test func convolutionMatchesReference() {
        var rng = SeededRandom(seed: 11)
        for trial in 0..<160 {
            let kernel = [1, 1, 1, 2, 3, 5][trial % 6]
            let (kh, kw) = (kernel, trial % 7 == 0 ? 1 : kernel)
            let h = Int.random(in: 1...13, using: &rng), w = Int.random(in: 1...19, using: &rng)
            let cin = Int.random(in: 1...37, using: &rng), cout = Int.random(in: 1...41, using: &rng)
            let stride = trial % 3 == 2 ? 2 : 1, dilation = trial % 11 == 5 ? 2 : 1
            let same = trial % 4 != 3
            let activation: TFLiteModel.Activation = [.none, .relu, .relu6, .reluN1To1][trial % 4]
            let g = ConvGeometry(inHeight: h, inWidth: w, kernelHeight: kh, kernelWidth: kw, strideY: stride, strideX: stride,
                                 dilationY: dilation, dilationX: dilation, same: same)
            guard g.outHeight >= 1, g.outWidth >= 1 else { continue }
            let input = (0..<h * w * cin).map { _ in Float.random(in: -2...2, using: &rng) }
            let weights = (0..<cout * kh * kw * cin).map { _ in Float.random(in: -1...1, using: &rng) }
            let bias = trial % 5 == 0 ? [] : (0..<cout).map { _ in Float.random(in: -1...1, using: &rng) }
            let conv = Convolution(weights: weights, bias: bias, outChannels: cout, kernelHeight: kh, kernelWidth: kw,
                                   inChannels: cin)
            let fast = runKernel(input, outputs: g.outHeight * g.outWidth * cout, scratch: conv.scratchCount(g)) {
                conv.run(g, activation: activation, input: $0, output: $1, scratch: $2)
            }
            let reference = ReferenceKernels.convolution(
                input: input, height: h, width: w, inChannels: cin, weights: weights, bias: bias, outChannels: cout,
                kernelHeight: kh, kernelWidth: kw, geometry: g, activation: activation)
            let worst = zip(fast, reference).map { abs($0 - $1) }.max() ?? 0
            #expect(worst < 1e-4 && !fast.contains(where: \.isNaN),
                    "trial \(trial): \(h)x\(w)x\(cin) -> \(cout), \(kh)x\(kw) stride \(stride) dilation \(dilation): \(worst)")
        }
    }

    @Test func depthwiseMatchesReference() {
        var rng = SeededRandom(seed: 12)
        for trial in 0..<160 {
            let k = [1, 3, 3, 5][trial % 4]
            let h = Int.random(in: 1...17, using: &rng), w = Int.random(in: 1...17, using: &rng)
            let c = Int.random(in: 1...45, using: &rng)
            let stride = trial % 3 == 1 ? 2 : 1, dilation = trial % 9 == 4 ? 2 : 1
            let same = trial % 5 != 2
            let activation: TFLiteModel.Activation = [.none, .relu, .relu6][trial % 3]
            let g = ConvGeometry(inHeight: h, inWidth: w, kernelHeight: k, kernelWidth: k, strideY: stride, strideX: stride,
                                 dilationY: dilation, dilationX: dilation, same: same)
            guard g.outHeight >= 1, g.outWidth >= 1 else { continue }
            let input = (0..<h * w * c).map { _ in Float.random(in: -2...2, using: &rng) }
            let weights = (0..<k * k * c).map { _ in Float.random(in: -1...1, using: &rng) }
            let bias = (0..<c).map { _ in Float.random(in: -1...1, using: &rng) }
            let dw = DepthwiseConvolution(weights: weights, bias: bias, channels: c, kernelHeight: k, kernelWidth: k)
            let fast = runKernel(input, outputs: g.outHeight * g.outWidth * c, scratch: dw.scratchCount(g)) {
                dw.run(g, activation: activation, input: $0, output: $1, scratch: $2)
            }
            let reference = ReferenceKernels.depthwise(
                input: input, height: h, width: w, channels: c, weights: weights, bias: bias, kernelHeight: k,
                kernelWidth: k, geometry: g, activation: activation)
            let worst = zip(fast, reference).map { abs($0 - $1) }.max() ?? 0
            #expect(worst < 1e-5 && !fast.contains(where: \.isNaN),
                    "trial \(trial): \(h)x\(w)x\(c), \(k)x\(k) stride \(stride) dilation \(dilation): \(worst)")
        }
    }

    /// Runs a kernel on `input` into NaN-filled output and scratch (so unwritten output shows).
    func runKernel(_ input: [Float], outputs: Int, scratch count: Int,
                   _ run: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) -> Void) -> [Float] {
        var out = [Float](repeating: .nan, count: outputs)
        var scratch = [Float](repeating: .nan, count: max(count, 1))
        input.withUnsafeBufferPointer { i in
            out.withUnsafeMutableBufferPointer { o in
                scratch.withUnsafeMutableBufferPointer { s in run(i.baseAddress!, o.baseAddress!, s.baseAddress!) }
            }
        }
        return out
    }

    @Test func halfPrecisionDecodes() {
        #expect(TFLiteInterpreter.halfToFloat(0x3C00) == 1)
        #expect(TFLiteInterpreter.halfToFloat(0xC000) == -2)
        #expect(TFLiteInterpreter.halfToFloat(0x7BFF) == 65504)
        #expect(TFLiteInterpreter.halfToFloat(0x0001) == 0x1p-24)
        #expect(TFLiteInterpreter.halfToFloat(0x7C00) == .infinity)
        #expect(TFLiteInterpreter.halfToFloat(0x7E00).isNaN)
        #expect(TFLiteInterpreter.halfToFloat(0x8000).sign == .minus)
    }

    // MARK: - Hostile model files

    /// Truncations and random byte changes of a real model: each loads or throws, never traps;
    /// whatever loads also runs (the shapes were checked at load).
    @Test func damagedModelsThrowInsteadOfCrashing() throws {
        let original = FaceModels.bytes(FaceModelData.faceDetectionShortRangeBase64)
        var rng = SeededRandom(seed: 99)
        var loaded = 0, refused = 0
        // (The last bytes are padding after a string: a file cut there may still load.)
        for length in [0, 3, 8, 16, 64, 1000, original.count / 2, original.count - 200] {
            #expect(throws: ModelError.self, "cut to \(length) bytes") {
                try TFLiteInterpreter(modelBytes: Array(original.prefix(length)))
            }
        }
        // The structure lives in the first and last few kilobytes (tables, vtables, offsets),
        // the weights in between: damage both.
        let structure = Array(0..<4096) + Array(original.count - 8192..<original.count)
        for trial in 0..<300 {
            var bytes = original
            for _ in 0..<(1 + trial % 8) {
                let at = trial % 2 == 0 ? structure[Int.random(in: 0..<structure.count, using: &rng)]
                    : Int.random(in: 0..<bytes.count, using: &rng)
                bytes[at] = UInt8.random(in: 0...255, using: &rng)
            }
            do {
                let interpreter = try TFLiteInterpreter(modelBytes: bytes)
                if let e = try? interpreter.execution(height: 32, width: 32) { e.invoke() }
                loaded += 1
            } catch {
                refused += 1
            }
        }
        #expect(loaded + refused == 300 && refused > 20)
        #expect(throws: ModelError.self) { try TFLiteInterpreter(modelBytes: Array("not a model at all".utf8)) }
    }

    @Test func absurdInputSizesAreRefused() throws {
        let d = try FaceModels.detector.get()
        #expect(throws: ModelError.self) { try d.execution(height: 0, width: 128) }
        #expect(throws: ModelError.self) { try d.execution(height: 100_000, width: 100_000) }
        // Tiny inputs: each either runs or is refused (a layer would have no pixel), never traps.
        for size in 1...20 {
            if let e = try? d.execution(height: size, width: size + 3) { e.invoke() }
        }
    }
}

func sha256Hex(_ bytes: [UInt8]) -> String {
    SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
}
