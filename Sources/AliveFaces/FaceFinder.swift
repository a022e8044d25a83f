public import AliveCore
import Foundation

/// How hard `FaceFinder` looks, and how sure it must be.
public struct FaceFinderOptions: Sendable, Equatable {
    /// The smallest face, in photo pixels across, that the search is made to find.
    public var minimumFaceSize: Double = 40
    /// Detector input pixels the finest level may have before the search goes finer only on
    /// evidence (faces found near the smallest size the levels so far can see). About 180,000
    /// pixels is an 800x600 photo searched down to 40-pixel faces; larger photos start
    /// coarser, which keeps a 12-megapixel portrait near 110 ms on one core.
    public var detectorPixelBudget: Int = 180_000
    /// The most detector input pixels one search may use, evidence or not.
    public var maximumDetectorPixels: Int = 5_000_000
    /// A candidate must score this much from the detector (MediaPipe's own threshold is 0.5;
    /// higher keeps face-like things, a loudspeaker, a rock, from becoming faces).
    public var minimumConfidence: Double = 0.65
    /// And the landmark model must agree this much that its window holds a face.
    public var minimumPresence: Double = 0.9

    public init() {}
}

/// Finds the faces in a photo: where each is (box), its 468 landmarks, and how sure the
/// models are. Pure Swift; deterministic (the same photo gives the same faces, bit for bit,
/// on any machine with IEEE floats); runs on the calling thread.
///
/// The steps: the short-range BlazeFace detector over a pyramid of the photo
/// (`FaceDetector`), MediaPipe's weighted non-maximum suppression, then Face Mesh on each
/// candidate twice (`FaceLandmarker`), keeping the candidates both models believe, and the
/// mouth corners found where the photo shows the lips' line end (`MouthCorner`).
public struct FaceFinder: Sendable {
    public var options: FaceFinderOptions
    let detector: FaceDetector
    let landmarker: FaceLandmarker

    public init(options: FaceFinderOptions = FaceFinderOptions()) throws(ModelError) {
        self.options = options
        detector = FaceDetector(interpreter: try FaceModel.detector.interpreter())
        landmarker = FaceLandmarker(interpreter: try FaceModel.landmarks.interpreter())
    }

    /// The faces, largest first (ties by position).
    public func find(in photo: Photo) -> [Face] {
        guard let e = try? landmarker.interpreter.execution(height: FaceLandmarker.inputSize, width: FaceLandmarker.inputSize)
        else { return [] }
        var search = Search(finder: self, photo: photo)
        var verified: [Face] = []
        // Each candidate is checked once, however often the suppression hands it back.
        var checked: [SIMD4<Double>: Face?] = [:]
        while true {
            let candidates = weightedNonMaximumSuppression(search.candidates, threshold: FaceDetector.suppressionThreshold)
            verified = []
            for d in candidates where Double(d.score) >= options.minimumConfidence {
                // A candidate mostly inside a face already verified is a part of that face (the
                // detector at another level): the suppression below would drop it anyway.
                if verified.contains(where: { $0.box.intersection(d.box) > 0.7 * d.box.area }) { continue }
                let key = SIMD4(d.box.minX, d.box.minY, d.box.maxX, d.box.maxY)
                if let known = checked[key] {
                    if let f = known { verified.append(f) }
                    continue
                }
                let f = verify(d, photo: photo, execution: e)
                checked[key] = f
                if let f { verified.append(f) }
            }
            // Go finer while faces were found near the smallest size the finest level sees:
            // a group of small faces suggests smaller ones.
            let smallest = FaceDetector.comfortableFace / search.finest
            guard verified.contains(where: { max($0.box.width, $0.box.height) < 2.5 * smallest }), search.descend() else { break }
        }
        // Two candidates can settle on one face (a face and a part of it): keep the surer.
        verified.sort { ($0.confidence * $0.presence, $0.box.width) > ($1.confidence * $1.presence, $1.box.width) }
        var kept: [Face] = []
        for f in verified where !kept.contains(where: { $0.box.iou(f.box) > 0.4 || $0.box.intersection(f.box) > 0.7 * f.box.area }) {
            kept.append(f)
        }
        return kept.sorted { ($0.box.area, -$0.box.minX, -$0.box.minY) > ($1.box.area, -$1.box.minX, -$1.box.minY) }
    }

    /// Face Mesh twice on a candidate; the face if the model agrees both times.
    private func verify(_ d: FaceDetection, photo: Photo, execution e: Execution) -> Face? {
        let first = landmarker.run(photo, window: FaceLandmarker.window(from: d), execution: e)
        guard first.presence >= options.minimumPresence else { return nil }
        let second = landmarker.run(photo, window: FaceLandmarker.window(from: first.points), execution: e)
        guard second.presence >= options.minimumPresence else { return nil }
        return face(from: second, detection: d, photo: photo)
    }

    private func face(from r: FaceLandmarker.Result, detection d: FaceDetection, photo: Photo) -> Face {
        let points = r.points.map { Point($0.x, $0.y) }
        let oval = FaceMesh.faceOval.map { points[$0] }
        var lo = oval[0], hi = oval[0]
        for p in oval { lo = pointwiseMin(lo, p); hi = pointwiseMax(hi, p) }
        let right = mean(FaceMesh.rightEyeUpperLid.map { points[$0] }), left = mean(FaceMesh.leftEyeUpperLid.map { points[$0] })
        let irises = [(FaceMesh.rightEyeUpperLid, FaceMesh.rightEyeLowerLid), (FaceMesh.leftEyeUpperLid, FaceMesh.leftEyeLowerLid)]
            .compactMap { upper, lower in EyeCentre.iris(in: photo, contour: (upper + lower.reversed()).map { points[$0] }) }
        var face = Face(box: Box(minX: lo.x, minY: lo.y, maxX: hi.x, maxY: hi.y), detectionBox: d.box,
                        confidence: Double(d.score), presence: r.presence, landmarks: points, depths: r.points.map(\.z),
                        roll: atan2(left.y - right.y, left.x - right.x), irises: irises.count == 2 ? irises : [])
        face.lipCorners = MouthCorner.refined(in: photo, landmarks: points, eyeDistance: face.interocularDistance)
        return face
    }

    /// The finest scale the detector runs at before any evidence (coarser levels halve it
    /// until the whole photo fits in 128 pixels), and the finest it may go on evidence.
    func scales(width: Int, height: Int) -> (planned: Double, floor: Double) {
        let floor = FaceDetector.comfortableFace / max(options.minimumFaceSize, 1)
        let budget = (Double(options.detectorPixelBudget) / Double(width * height)).squareRoot()
        let whole = 128 / Double(max(width, height))
        return (min(floor, max(budget, whole)), floor)
    }

    /// Candidates over the pyramid, suppressed (without going finer on evidence).
    func detect(in photo: Photo) -> [FaceDetection] {
        weightedNonMaximumSuppression(Search(finder: self, photo: photo).candidates, threshold: FaceDetector.suppressionThreshold)
    }

    /// The detector's runs over one photo: the planned levels at once, finer ones on request.
    struct Search {
        let finder: FaceFinder
        let photo: Photo
        let floor: Double
        var candidates: [FaceDetection] = []
        var used = 0
        var finest = 0.0

        init(finder: FaceFinder, photo: Photo) {
            self.finder = finder
            self.photo = photo
            let (planned, floor) = finder.scales(width: photo.width, height: photo.height)
            self.floor = floor
            // The finest planned level is made from the photo once; each coarser one is its
            // 2x2 mean, down to the level where the whole photo fits in 128 pixels.
            var level = PhotoPyramid.level(of: photo, scale: planned)
            finest = level.scale
            run(level)
            while max(level.width, level.height) > 128 {
                level = PhotoPyramid.halved(level)
                run(level)
            }
        }

        private mutating func run(_ level: PhotoPyramid.Level) {
            used += ((level.width + 15) / 16 * 16) * ((level.height + 15) / 16 * 16)
            if let found = try? finder.detector.candidates(in: level, minimumScore: FaceDetector.minimumScore) {
                candidates += found
            }
        }

        /// Runs the next finer level if the floor and the pixel cap allow; false if not.
        mutating func descend() -> Bool {
            guard finest < floor * 0.99 else { return false }
            // Doubling, or straight to the floor when it is barely further (one level, not two).
            let next = floor <= finest * 2.5 ? floor : finest * 2
            let cost = Double(photo.width * photo.height) * next * next
            guard Double(used) + cost <= Double(finder.options.maximumDetectorPixels) else { return false }
            let level = PhotoPyramid.level(of: photo, scale: next)
            run(level)
            finest = level.scale
            return true
        }
    }
}

extension FaceFinder {
    /// The people in a photo, one per face found, largest face first.
    public func people(in photo: Photo) -> [Person] {
        find(in: photo).map { Person(face: $0, photoWidth: photo.width, photoHeight: photo.height) }
    }
}
