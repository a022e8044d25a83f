import AliveCore

/// A point in photo coordinates: x to the right, y down, in pixels, the top-left corner of
/// the top-left pixel at (0, 0) (so the centre of pixel (i, j) is (i + 0.5, j + 0.5)).
public typealias Point = SIMD2<Double>

/// One face as the detector reports it: a box, a score, and six key points (MediaPipe's
/// order: the subject's right eye, left eye, nose tip, mouth centre, right ear tragion, left
/// ear tragion; the subject's right eye is on the image's left in a frontal photo).
struct FaceDetection {
    var score: Float
    var box: Box
    var keypoints: [Point]
}

/// MediaPipe's weighted non-maximum suppression (`NonMaxSuppressionCalculator`, algorithm
/// WEIGHTED): the best remaining detection takes every other one that overlaps it by more
/// than `threshold` IoU, and its box and key points become their score-weighted mean; its
/// score stays the best one's. Ties in score are broken by position, so the result does not
/// depend on the order the candidates came in.
func weightedNonMaximumSuppression(_ candidates: [FaceDetection], threshold: Double) -> [FaceDetection] {
    var remaining = candidates.sorted {
        ($0.score, -$0.box.minY, -$0.box.minX, -$0.box.width) > ($1.score, -$1.box.minY, -$1.box.minX, -$1.box.width)
    }
    var kept: [FaceDetection] = []
    while let top = remaining.first {
        var group: [FaceDetection] = [top]
        var rest: [FaceDetection] = []
        for d in remaining.dropFirst() {
            if top.box.iou(d.box) > threshold { group.append(d) } else { rest.append(d) }
        }
        var total = 0.0, box = SIMD4<Double>.zero
        var points = [Point](repeating: .zero, count: top.keypoints.count)
        for d in group {
            let w = Double(d.score)
            total += w
            box += w * SIMD4(d.box.minX, d.box.minY, d.box.maxX, d.box.maxY)
            for k in points.indices { points[k] += w * d.keypoints[k] }
        }
        var merged = top
        if total > 0 {
            box /= total
            merged.box = Box(minX: box[0], minY: box[1], maxX: box[2], maxY: box[3])
            merged.keypoints = points.map { $0 / total }
        }
        kept.append(merged)
        remaining = rest
    }
    return kept
}
