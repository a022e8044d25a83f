import Foundation

/// The models alive carries inside its binary (`Models/FaceModelData.swift`).
public enum FaceModel: Sendable {
    /// BlazeFace short range: a 128x128 image in -1...1 to 896 boxes with six key points.
    case detector
    /// Face Mesh: a 192x192 face crop in 0...1 to 468 points (x, y, z) and a face score.
    case landmarks

    /// The model file's bytes (the .tflite, as published), for tools that run it elsewhere.
    public var fileBytes: [UInt8] {
        switch self {
        case .detector: FaceModels.bytes(FaceModelData.faceDetectionShortRangeBase64)
        case .landmarks: FaceModels.bytes(FaceModelData.faceLandmarkBase64)
        }
    }

    /// The model's interpreter, decoded and loaded once per process.
    public func interpreter() throws(ModelError) -> TFLiteInterpreter {
        switch self {
        case .detector: try FaceModels.detector.get()
        case .landmarks: try FaceModels.landmarks.get()
        }
    }
}

/// Swift initialises a static `let` lazily and exactly once, even across threads.
enum FaceModels {
    static let detector: Result<TFLiteInterpreter, ModelError> = load(FaceModelData.faceDetectionShortRangeBase64)
    static let landmarks: Result<TFLiteInterpreter, ModelError> = load(FaceModelData.faceLandmarkBase64)

    static func bytes(_ base64: String) -> [UInt8] {
        [UInt8](Data(base64Encoded: base64, options: .ignoreUnknownCharacters) ?? Data())
    }

    private static func load(_ base64: String) -> Result<TFLiteInterpreter, ModelError> {
        Result { () throws(ModelError) -> TFLiteInterpreter in try TFLiteInterpreter(modelBytes: bytes(base64)) }
    }
}
