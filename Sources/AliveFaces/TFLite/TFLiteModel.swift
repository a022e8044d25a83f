/// A TensorFlow Lite model read from its FlatBuffer (schema v3, `tensorflow/lite/schema/
/// schema.fbs`): the first subgraph's tensors, its operators in execution order, and the
/// constant data of each tensor. Only what the interpreter uses is read; field numbers are
/// the schema's.
struct TFLiteModel {
    enum ElementType: UInt8 {
        case float32 = 0, float16 = 1, int32 = 2, uint8 = 3, int64 = 4
    }

    struct Tensor {
        var name: String
        var shape: [Int]
        var type: ElementType
        /// The constant bytes, when the tensor is a weight (its buffer has data).
        var data: ArraySlice<UInt8>?
    }

    /// The builtin operator codes this interpreter knows (schema.fbs `BuiltinOperator`).
    enum OperatorCode: Int32 {
        case add = 0, concatenation = 2, conv2D = 3, depthwiseConv2D = 4, dequantize = 6, maxPool2D = 17
        case relu = 19, reshape = 22, resizeBilinear = 23, pad = 34, prelu = 54
    }

    struct Operator {
        var code: OperatorCode
        var inputs: [Int]
        var outputs: [Int]
        var options: Options
    }

    /// `ActivationFunctionType`: what a fused operator applies to its output.
    enum Activation: UInt8 { case none = 0, relu = 1, reluN1To1 = 2, relu6 = 3 }

    enum Padding: UInt8 { case same = 0, valid = 1 }

    struct Options {
        var padding: Padding = .same
        var strideX = 1, strideY = 1
        var dilationX = 1, dilationY = 1
        var filterWidth = 1, filterHeight = 1
        var depthMultiplier = 1
        var activation: Activation = .none
        var axis = 0
        var newShape: [Int] = []
        var alignCorners = false, halfPixelCenters = false
    }

    var tensors: [Tensor]
    var operators: [Operator]
    var inputs: [Int]
    var outputs: [Int]

    /// Limits that keep a hostile file from asking for absurd work or memory.
    static let maxTensors = 4096, maxOperators = 4096, maxRank = 6, maxDimension = 1 << 20

    init(bytes: [UInt8]) throws(ModelError) {
        guard bytes.count >= 8 else { throw .malformed("\(bytes.count) bytes is too short") }
        guard bytes[4...7].elementsEqual("TFL3".utf8) else {
            throw .malformed("no TFL3 identifier (not a TensorFlow Lite model)")
        }
        let fb = FlatBuffer(bytes)
        let model = try fb.root()
        let codes = try model.tables(1).map { (code) throws(ModelError) -> Int32 in
            // `builtin_code` (field 3) replaced the byte-sized `deprecated_builtin_code` (field 0);
            // writers fill both, readers take the larger (schema.fbs, "BuiltinOperator" note).
            max(Int32(try code.uint8(0)), try code.int32(3))
        }
        let subgraphs = try model.tables(2)
        guard let graph = subgraphs.first else { throw .malformed("no subgraph") }
        guard subgraphs.count == 1 else { throw .unsupported("\(subgraphs.count) subgraphs (only one is supported)") }
        let buffers = try model.tables(4)

        let tensorTables = try graph.tables(0)
        guard tensorTables.count <= Self.maxTensors else { throw .unsupported("\(tensorTables.count) tensors") }
        var tensors: [Tensor] = []
        for (index, t) in tensorTables.enumerated() {
            let shape = try t.int32s(0).map(Int.init)
            guard shape.count <= Self.maxRank, shape.allSatisfy({ $0 >= 1 && $0 <= Self.maxDimension }) else {
                throw .unsupported("tensor \(index) has shape \(shape)")
            }
            let rawType = try t.uint8(1)
            guard let type = ElementType(rawValue: rawType) else {
                throw .unsupported("tensor \(index) has element type \(rawType)")
            }
            let bufferIndex = Int(try t.uint32(2))
            var data: ArraySlice<UInt8>?
            if bufferIndex != 0 {   // buffer 0 is the schema's empty sentinel
                guard bufferIndex < buffers.count else {
                    throw .malformed("tensor \(index) names buffer \(bufferIndex) of \(buffers.count)")
                }
                let buffer = buffers[bufferIndex]
                if let range = try buffer.bytes(0), !range.isEmpty {
                    data = bytes[range]
                } else {
                    // Large models keep data outside the FlatBuffer: `offset` and `size` (fields 1, 2).
                    let offset = try buffer.uint64(1), size = try buffer.uint64(2)
                    if offset > 1 {
                        guard offset <= UInt64(bytes.count), size <= UInt64(bytes.count) - offset else {
                            throw .malformed("tensor \(index)'s data lies outside the file")
                        }
                        data = bytes[Int(offset)..<Int(offset + size)]
                    }
                }
            }
            tensors.append(Tensor(name: try t.string(3), shape: shape, type: type, data: data))
        }

        func tensorIndices(_ list: [Int32], _ what: String) throws(ModelError) -> [Int] {
            var out: [Int] = []
            for i in list {
                guard i >= 0, Int(i) < tensors.count else { throw .malformed("\(what) names tensor \(i) of \(tensors.count)") }
                out.append(Int(i))
            }
            return out
        }

        let operatorTables = try graph.tables(3)
        guard operatorTables.count <= Self.maxOperators else { throw .unsupported("\(operatorTables.count) operators") }
        var operators: [Operator] = []
        for (index, op) in operatorTables.enumerated() {
            let codeIndex = Int(try op.uint32(0))
            guard codeIndex < codes.count else { throw .malformed("operator \(index) names code \(codeIndex) of \(codes.count)") }
            guard let code = OperatorCode(rawValue: codes[codeIndex]) else {
                throw .unsupported("operator \(index) is builtin operator \(codes[codeIndex])")
            }
            // Optional inputs are -1 in the schema; none of the operators supported here has one
            // except a convolution's missing bias, kept as -1.
            var inputs: [Int] = []
            for i in try op.int32s(1) {
                guard i >= -1, Int(i) < tensors.count else { throw .malformed("operator \(index) names tensor \(i)") }
                inputs.append(Int(i))
            }
            let outputs = try tensorIndices(try op.int32s(2), "operator \(index)")
            let options = try Self.options(for: code, table: try op.table(4), operator: index)
            operators.append(Operator(code: code, inputs: inputs, outputs: outputs, options: options))
        }
        self.tensors = tensors
        self.operators = operators
        self.inputs = try tensorIndices(try graph.int32s(1), "the subgraph's inputs")
        self.outputs = try tensorIndices(try graph.int32s(2), "the subgraph's outputs")
    }

    /// Reads an operator's builtin options table (schema.fbs `Conv2DOptions`, `Pool2DOptions`...).
    private static func options(for code: OperatorCode, table: FlatBuffer.Table?, operator index: Int)
        throws(ModelError) -> Options {
        var o = Options()
        guard let t = table else { return o }
        func activation(_ id: Int) throws(ModelError) -> Activation {
            let raw = try t.uint8(id)
            guard let a = Activation(rawValue: raw) else { throw .unsupported("operator \(index) has fused activation \(raw)") }
            return a
        }
        func padding(_ id: Int) throws(ModelError) -> Padding {
            let raw = try t.uint8(id)
            guard let p = Padding(rawValue: raw) else { throw .malformed("operator \(index) has padding \(raw)") }
            return p
        }
        func positive(_ id: Int, _ name: String) throws(ModelError) -> Int {
            let v = Int(try t.int32(id, default: 1))
            guard v >= 1, v <= 64 else { throw .unsupported("operator \(index) has \(name) \(v)") }
            return v
        }
        switch code {
        case .conv2D:
            o.padding = try padding(0)
            o.strideX = try positive(1, "stride"); o.strideY = try positive(2, "stride")
            o.activation = try activation(3)
            o.dilationX = try positive(4, "dilation"); o.dilationY = try positive(5, "dilation")
        case .depthwiseConv2D:
            o.padding = try padding(0)
            o.strideX = try positive(1, "stride"); o.strideY = try positive(2, "stride")
            o.depthMultiplier = try positive(3, "depth multiplier")
            o.activation = try activation(4)
            o.dilationX = try positive(5, "dilation"); o.dilationY = try positive(6, "dilation")
        case .maxPool2D:
            o.padding = try padding(0)
            o.strideX = try positive(1, "stride"); o.strideY = try positive(2, "stride")
            o.filterWidth = try positive(3, "filter width"); o.filterHeight = try positive(4, "filter height")
            o.activation = try activation(5)
        case .concatenation:
            o.axis = Int(try t.int32(0))
            o.activation = try activation(1)
        case .add:
            o.activation = try activation(0)
        case .reshape:
            o.newShape = try t.int32s(0).map(Int.init)
        case .resizeBilinear:
            o.alignCorners = try t.bool(2)
            o.halfPixelCenters = try t.bool(3)
        case .dequantize, .relu, .pad, .prelu:
            break
        }
        return o
    }
}
