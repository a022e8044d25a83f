import AliveCore
import Foundation

/// Runs MediaPipe's Face Mesh model on a face: 468 points in photo coordinates, and the
/// model's own score that a face is there.
///
/// As MediaPipe's face-landmark graph does: the first window comes from the detection (the
/// box centre, 1.5 times its longer side, turned so the eyes are level), the second from
/// the first pass's landmarks (their extent in the face's own frame, 1.5 times, turned by
/// the eye corners 33 and 263), which frames a tilted or turned head the way the model was
/// trained; the second pass's points are the answer.
struct FaceLandmarker {
    static let inputSize = 192
    let interpreter: TFLiteInterpreter

    struct Result {
        var points: [SIMD3<Double>]
        /// The model's face score, 0...1 (sigmoid of its logit).
        var presence: Double
        var window: CropWindow
    }

    func run(_ photo: Photo, window: CropWindow, execution e: Execution) -> Result {
        let n = Self.inputSize
        e.withInput { window.sample(photo, size: n, gain: 1 / 255, offset: 0, into: $0) }
        e.invoke()
        let raw = e.output(0), flag = e.output(1)[0]
        let scale = window.size / Double(n)
        var points: [SIMD3<Double>] = []
        points.reserveCapacity(468)
        for k in 0..<468 {
            let p = window.photoPoint(Point(Double(raw[3 * k]), Double(raw[3 * k + 1])), cropSize: n)
            points.append(SIMD3(p.x, p.y, Double(raw[3 * k + 2]) * scale))
        }
        let presence = 1 / (1 + exp(-Double(min(max(flag, -100), 100))))
        return Result(points: points, presence: presence, window: window)
    }

    /// The first window, from a detection (face_detection_front_detection_to_roi.pbtxt).
    static func window(from d: FaceDetection) -> CropWindow {
        let right = d.keypoints[0], left = d.keypoints[1]
        return CropWindow(centre: d.box.centre, size: 1.5 * max(d.box.width, d.box.height),
                          angle: atan2(left.y - right.y, left.x - right.x))
    }

    /// The next window, from landmarks (face_landmark_landmarks_to_roi.pbtxt; the extent is
    /// taken in the face's frame rather than the photo's, so a tilted head is not over-framed).
    static func window(from points: [SIMD3<Double>]) -> CropWindow {
        let a = points[33], b = points[263]
        let angle = atan2(b.y - a.y, b.x - a.x)
        let c = cos(angle), s = sin(angle)
        var lo = Point(.infinity, .infinity), hi = Point(-.infinity, -.infinity)
        for p in points {
            let q = Point(c * p.x + s * p.y, -s * p.x + c * p.y)   // into the face's frame
            lo = pointwiseMin(lo, q)
            hi = pointwiseMax(hi, q)
        }
        let mid = (lo + hi) / 2
        let centre = Point(c * mid.x - s * mid.y, s * mid.x + c * mid.y)
        return CropWindow(centre: centre, size: 1.5 * max(hi.x - lo.x, hi.y - lo.y), angle: angle)
    }
}
