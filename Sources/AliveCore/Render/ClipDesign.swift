/// How one clip is put together, from a plan, an output size and a fit: decided before the
/// photo is decoded (the framing sets how much of the photo the plate needs), then `build`
/// takes the decoded photo through Understand and Frame to a `FrameRenderer`.
///
/// Depth parallax keeps every view clear of the photo's edge by the largest displacement it
/// can add; moving skies, water and fog get plate beyond the views, since they sample
/// upstream of what is shown.
public struct ClipDesign: Sendable {
    /// The plan as the prompt (or plan file) gave it, before the photo is seen.
    public let plan: MotionPlan
    public let width: Int, height: Int
    public let fit: Fit
    /// The parallax strength this clip can show: none for a still camera or a padded photo.
    public let parallax: Double
    let inset: Double, margin: Double
    let duration: Double, loop: Double?

    /// - Parameters:
    ///   - duration: the clip's length in seconds; `loop`: seconds per loop cycle, nil if none.
    public init(plan: MotionPlan, width: Int, height: Int, fit: Fit, duration: Double = 6, loop: Double? = nil) {
        self.plan = plan
        self.width = width
        self.height = height
        self.fit = fit
        self.duration = duration
        self.loop = loop
        parallax = fit == .crop && !plan.camera.isStill ? max(0, plan.motion.parallax) : 0
        inset = parallax > 0 ? DepthParallax.margin(for: plan.camera, strength: parallax) : 0
        // What the scene's layers ask beyond the views: the farthest a flow's texture travels
        // from where it shows (the whole clip, or a whole loop cycle).
        margin = SceneLayers.framingMargin(for: plan.motion, span: loop ?? duration)
    }

    /// This design with another camera move (the rest of the plan as it was).
    public func replacingCamera(_ move: CameraMove) -> ClipDesign {
        var p = plan
        p.camera = move
        return ClipDesign(plan: p, width: width, height: height, fit: fit, duration: duration, loop: loop)
    }

    public func framing(photoWidth: Int, photoHeight: Int, focus: (x: Double, y: Double)? = nil) -> Framing {
        Framing(photoWidth: photoWidth, photoHeight: photoHeight, outputWidth: width, outputHeight: height, fit: fit,
                move: plan.camera, focus: focus, inset: inset, margin: margin)
    }

    /// The fraction of its full size a photo must be decoded at.
    public func requiredPhotoScale(photoWidth: Int, photoHeight: Int) -> Double {
        framing(photoWidth: photoWidth, photoHeight: photoHeight).requiredPhotoScale
    }

    /// What a decoded photo becomes: the plan for this photo (scene-aware defaults, notes on
    /// what it cannot show) and the renderer of its frames.
    public struct Built: Sendable {
        public let plan: MotionPlan
        public let renderer: FrameRenderer
        public let scene: SceneMaps
    }

    /// Understand: what `photo` shows (the people in it kept whole), the plan resolved for
    /// it, the point the crop centres on, and the design that frames it (this one, or with
    /// its camera move eased so that every head stays whole).
    public func understand(photo: Photo, people: ScenePeople? = nil)
        -> (scene: SceneMaps, plan: MotionPlan, focus: (x: Double, y: Double), design: ClipDesign) {
        let scene = SceneAnalysis.analyze(photo)
        guard let people, !people.isEmpty else {
            return (scene, plan.resolved(for: scene.summary), CentreOfInterest.estimate(photo), self)
        }
        let fitted = PeopleFraming.fit(self, people: people, photoWidth: photo.width, photoHeight: photo.height)
        let kept = scene.keepingWhole(people)
        var resolved = fitted.design.plan.withFaces(people.faces.map { $0.planBox.map { $0 * people.fileScale } }).resolved(for: kept.summary)
        let count = people.heads.count
        resolved.notes.append("\(count) \(count == 1 ? "person" : "people") found: kept whole (no sky, water or foliage "
                              + "motion on them; parallax moves them whole)")
        if fitted.design.plan.camera != plan.camera {
            resolved.notes.append(String(format: "camera move eased to %.0f%% of what was asked so that every face stays whole",
                                         fitted.easing * 100))
        } else if !fitted.allWhole {
            resolved.notes.append("the crop cannot hold every face whole: it keeps the ones it shows whole")
        }
        return (kept, resolved, fitted.focus, fitted.design)
    }

    /// Understand → Frame: analyses `photo`, resolves the plan for it, builds the plate and,
    /// when the scene moves, the layers and the animator.
    /// - Parameters:
    ///   - frameCount: frames in the clip; `loopFrames`: frames per loop cycle, nil if none.
    ///   - people: the people found in `photo` (its pixels): kept whole, and framed.
    public func build(photo: Photo, frameCount: Int, loopFrames: Int?, fps: Int, seed: UInt64,
                      schedule: RenderSchedule, people: ScenePeople? = nil) -> Built {
        let (scene, resolved, focus, design) = understand(photo: photo, people: people)
        return design.frame(photo: photo, scene: scene, resolved: resolved, focus: focus, frameCount: frameCount,
                            loopFrames: loopFrames, fps: fps, seed: seed, schedule: schedule, people: people)
    }

    /// Frame: the plate, the layers and the animator for an understood photo.
    func frame(photo: Photo, scene: SceneMaps, resolved: MotionPlan, focus: (x: Double, y: Double), frameCount: Int,
               loopFrames: Int?, fps: Int, seed: UInt64, schedule: RenderSchedule, people: ScenePeople? = nil) -> Built {
        let framing = framing(photoWidth: photo.width, photoHeight: photo.height, focus: focus)
        let plate = Plate.build(photo, framing: framing, schedule: schedule)
        let loop = loopFrames.map { Double($0) / Double(fps) }, duration = Double(frameCount) / Double(fps)
        let faces = faceLife(people: people, plan: resolved, plate: plate, framing: framing, loop: loop,
                             duration: duration, seed: seed)
        var animator: SceneAnimator?
        if !resolved.motion.isStill || parallax > 0 || faces != nil {
            let layered = SubjectLayer.isLayered(parallax: parallax, summary: scene.summary)
            let skyLayer = SkyLayer.needsPlate(motion: resolved.motion, parallax: parallax, summary: scene.summary)
            let plates = ScenePlates(plate: plate, framing: framing, scene: scene, motion: resolved.motion,
                                     skyLayer: skyLayer, layered: layered, schedule: schedule)
            let focus = layered ? scene.subjectNearness : scene.meanNearness
            // Plate pixels per output frame width (at the first view).
            let unit = Float(framing.path.window(at: 0).width * Double(plate.buffer.width) / plate.region.width)
            animator = SceneAnimator(plates: plates, geometry: PlateGeometry(plate: plate, framing: framing),
                                     scene: scene, motion: resolved.motion,
                                     parallax: parallax > 0 ? DepthParallax(strength: parallax, focus: focus) : nil,
                                     plateUnit: unit, outputWidth: width, outputHeight: height,
                                     loop: loop, duration: duration, seed: seed, faces: faces)
        }
        let renderer = FrameRenderer(plate: plate, framing: framing, frameCount: frameCount, schedule: schedule,
                                     loopFrames: loopFrames, animator: animator, fps: fps)
        return Built(plan: resolved, renderer: renderer, scene: scene)
    }

    /// The face motion of `plan`'s faces (matched to `people`'s by index), in plate pixels;
    /// nil when no face moves.
    func faceLife(people: ScenePeople?, plan: MotionPlan, plate: Plate, framing: Framing, loop: Double?,
                  duration: Double, seed: UInt64) -> FaceLife? {
        guard let people, let planned = plan.faces else { return nil }
        let geometry = PlateGeometry(plate: plate, framing: framing)
        let (pw, ph) = (Double(framing.photoWidth), Double(framing.photoHeight))
        let faces = planned.compactMap { face in
            people.faces.indices.contains(face.index) ? (people.faces[face.index], face.motions, face.index) : nil
        }
        func toPlate(_ p: SIMD2<Double>) -> SIMD2<Double> { geometry.plate(p.x / pw, p.y / ph) }
        return FaceLife(faces: faces, toPlate: toPlate,
                        plate: plate.buffer,
                        loop: loop, duration: duration, seed: seed)
    }
}
