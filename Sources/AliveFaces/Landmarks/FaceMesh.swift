/// Named indices into MediaPipe's 468-point face mesh (the canonical topology of
/// `mediapipe/python/solutions/face_mesh_connections.py`). "Right" and "left" are the
/// subject's: in a frontal photo the right eye is on the image's left.
public enum FaceMesh {
    public static let pointCount = 468

    /// Eyelid contours, each from the outer corner to the inner corner.
    public static let rightEyeUpperLid = [33, 246, 161, 160, 159, 158, 157, 173, 133]
    public static let rightEyeLowerLid = [33, 7, 163, 144, 145, 153, 154, 155, 133]
    public static let leftEyeUpperLid = [263, 466, 388, 387, 386, 385, 384, 398, 362]
    public static let leftEyeLowerLid = [263, 249, 390, 373, 374, 380, 381, 382, 362]
    /// The middle of each lid, for measuring how open an eye is.
    public static let rightEyeLidMiddles = (upper: 159, lower: 145)
    public static let leftEyeLidMiddles = (upper: 386, lower: 374)

    public static let rightEyebrow = [46, 53, 52, 65, 55, 70, 63, 105, 66, 107]
    public static let leftEyebrow = [276, 283, 282, 295, 285, 300, 293, 334, 296, 336]

    /// Lip contours, from the right mouth corner (61) to the left one (291).
    public static let upperLipOuter = [61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291]
    public static let lowerLipOuter = [61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291]
    /// The inner lip line (where the lips meet), from corner 78 to corner 308.
    public static let upperLipInner = [78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308]
    public static let lowerLipInner = [78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308]
    public static let mouthCorners = (right: 61, left: 291)

    /// Down the bridge to the tip, and the nostril wings.
    public static let noseBridge = [168, 6, 197, 195, 5, 4, 1]
    public static let noseTip = 1
    public static let nostrils = (right: 98, left: 327)

    /// The face's outline, clockwise on screen from the top of the forehead (10) through the
    /// subject's left cheek, the chin (152) and the right cheek.
    public static let faceOval = [10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400,
                                  377, 152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109]
    /// The jaw line, ear to ear under the chin (a part of `faceOval`).
    public static let jawLine = [356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148, 176, 149, 150, 136,
                                 172, 58, 132, 93, 234, 127]
    public static let chin = 152
    public static let foreheadTop = 10
}
