import AliveCore
import Foundation

/// Finds face candidates with MediaPipe's short-range BlazeFace model, run fully
/// convolutionally over a pyramid of the photo.
///
/// The model was made for 128x128 inputs in which a face fills a good part of the frame; it
/// finds faces from about 20 to 110 of its input pixels. Its layers are all convolutions and
/// pooling, so on a larger input it is the same detector slid over every position at once
/// (its anchors repeat every 8 and 16 pixels), with no overlap computed twice, unlike
/// tiling. Each level of the pyramid is half the size of the one before, so the bands of
/// face sizes the levels see overlap by a factor of two.
struct FaceDetector {
    /// Faces this many input pixels across are found reliably (measured: scores over 0.9
    /// from 20 to 96 px on grace_hopper).
    static let comfortableFace = 24.0
    /// MediaPipe's short-range settings (face_detection_short_range.pbtxt).
    static let minimumScore: Float = 0.5
    static let suppressionThreshold = 0.3

    let interpreter: TFLiteInterpreter

    /// Decoded candidates (before suppression) from one level, in photo coordinates.
    func candidates(in level: PhotoPyramid.Level, minimumScore: Float) throws(ModelError) -> [FaceDetection] {
        // Pad to whole 16-pixel cells, so the anchors' grid is the network's (the padding is
        // mid-grey: 0 in the model's -1...1 range, as MediaPipe's letterbox is).
        let h = max(16, (level.height + 15) / 16 * 16), w = max(16, (level.width + 15) / 16 * 16)
        let e = try interpreter.execution(height: h, width: w)
        e.withInput { input in
            input.update(repeating: 0)
            level.rgb.withUnsafeBufferPointer { src in
                for y in 0..<level.height {
                    let s = src.baseAddress! + y * level.width * 3, d = input.baseAddress! + y * w * 3
                    for i in 0..<level.width * 3 { d[i] = s[i] * 2 - 1 }
                }
            }
        }
        e.invoke()
        let regressors = e.output(0), scores = e.output(1)
        // Anchors: a 2-per-cell grid every 8 pixels, then a 6-per-cell grid every 16 pixels
        // (SsdAnchorsCalculator with fixed_anchor_size: the regressors are in input pixels).
        var found: [FaceDetection] = []
        var index = 0
        let toPhoto = 1 / level.scale
        for (stride, perCell) in [(8, 2), (16, 6)] {
            let gh = (h + stride - 1) / stride, gw = (w + stride - 1) / stride
            for gy in 0..<gh {
                for gx in 0..<gw {
                    for _ in 0..<perCell {
                        defer { index += 1 }
                        let logit = min(max(scores[index], -100), 100)
                        let score = Float(1 / (1 + exp(-Double(logit))))
                        guard score >= minimumScore else { continue }
                        let ax = (Double(gx) + 0.5) * Double(stride), ay = (Double(gy) + 0.5) * Double(stride)
                        let r = regressors.baseAddress! + index * 16
                        let cx = Double(r[0]) + ax, cy = Double(r[1]) + ay
                        let bw = Double(r[2]), bh = Double(r[3])
                        guard bw > 0, bh > 0, cx.isFinite, cy.isFinite, bw.isFinite, bh.isFinite else { continue }
                        let box = Box(minX: (cx - bw / 2) * toPhoto, minY: (cy - bh / 2) * toPhoto,
                                      maxX: (cx + bw / 2) * toPhoto, maxY: (cy + bh / 2) * toPhoto)
                        let points = (0..<6).map { k in
                            Point((Double(r[4 + 2 * k]) + ax) * toPhoto, (Double(r[5 + 2 * k]) + ay) * toPhoto)
                        }
                        found.append(FaceDetection(score: score, box: box, keypoints: points))
                    }
                }
            }
        }
        return found
    }
}
