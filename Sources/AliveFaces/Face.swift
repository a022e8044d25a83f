public import AliveCore

/// One face found in a photo. Every coordinate is in the photo's pixels (see `Point`), in
/// the upright photo the decoder gives (EXIF orientation applied).
public struct Face: Sendable, Equatable {
    /// The face from forehead to chin and cheek to cheek: the extent of the mesh's outline.
    public var box: Box
    /// The detector's box (MediaPipe's: about brow to chin; kept for reference).
    public var detectionBox: Box
    /// The detector's score, 0...1 (the best over the pyramid's levels).
    public var confidence: Double
    /// The landmark model's score that its window holds a face, 0...1.
    public var presence: Double
    /// The 468 mesh points (`FaceMesh` names the ones that matter), x and y in photo pixels.
    public var landmarks: [Point]
    /// Relative depth of each point, in photo pixels, smaller nearer the camera (the mesh's
    /// z: an order and a rough scale, not a measurement).
    public var depths: [Double]
    /// The angle of the line from the subject's right eye to their left eye, in radians,
    /// positive when the head leans so that that line goes down the picture.
    public var roll: Double
    /// The dark of each eye, the iris and pupil (`EyeCentre`), subject's right then left;
    /// empty when the eyes are too small to measure.
    public var irises: [Point] = []
    /// The mouth corners where the photo shows the lips' line end (`MouthCorner`), subject's
    /// right then left (each the mesh's own corner where the photo does not show it clearly);
    /// empty for a face not made by `FaceFinder`.
    public var lipCorners: [Point] = []

    public subscript(_ index: Int) -> Point { landmarks[index] }

    public func points(_ indices: [Int]) -> [Point] { indices.map { landmarks[$0] } }

    /// The centre of the subject's right and left eye: the iris (`irises`) where it was
    /// measured, else the middle of the opening (the mean of the two corners and the two lid
    /// middles).
    public var eyeCentres: (right: Point, left: Point) {
        if irises.count == 2 { return (irises[0], irises[1]) }
        return (mean(points([33, 133, FaceMesh.rightEyeLidMiddles.upper, FaceMesh.rightEyeLidMiddles.lower])),
                mean(points([263, 362, FaceMesh.leftEyeLidMiddles.upper, FaceMesh.leftEyeLidMiddles.lower])))
    }

    /// The subject's right and left mouth corner: `lipCorners` where measured, else the mesh's
    /// points 61 and 291.
    public var mouthCorners: (right: Point, left: Point) {
        if lipCorners.count == 2 { return (lipCorners[0], lipCorners[1]) }
        return (landmarks[FaceMesh.mouthCorners.right], landmarks[FaceMesh.mouthCorners.left])
    }

    /// The distance between the eye centres, the natural unit for everything on a face.
    public var interocularDistance: Double {
        let (r, l) = eyeCentres
        return ((r - l) * (r - l)).sum().squareRoot()
    }

    /// How open each eye is: the gap between the middles of the lids over the eye's width
    /// (about 0.25-0.35 open, under 0.1 closed).
    public var eyeOpenness: (right: Double, left: Double) {
        func ratio(_ upper: Int, _ lower: Int, _ a: Int, _ b: Int) -> Double {
            let gap = landmarks[upper] - landmarks[lower], width = landmarks[a] - landmarks[b]
            return ((gap * gap).sum().squareRoot()) / max(((width * width).sum().squareRoot()), 1e-9)
        }
        return (ratio(FaceMesh.rightEyeLidMiddles.upper, FaceMesh.rightEyeLidMiddles.lower, 33, 133),
                ratio(FaceMesh.leftEyeLidMiddles.upper, FaceMesh.leftEyeLidMiddles.lower, 263, 362))
    }
}

func mean(_ points: [Point]) -> Point {
    points.reduce(Point.zero, +) / Double(max(points.count, 1))
}
