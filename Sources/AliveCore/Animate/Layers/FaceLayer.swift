/// The people's blinks, smiles, head motion and breath (`FaceLife`): not a picture of its own
/// but a deformation of the rigid layers (the land and the subject), applied to the plate
/// positions they sample after the camera and parallax.
///
/// The smooth part (head, breath, smile) moves the nodes of the rigid layers' lattices, so
/// the pixels between them cost nothing more; the blink lays a lid over the pixels inside the eyes, sampled from the layer's own plate.
///
/// Plan: `MotionPlan.faces` (planned in `Direct/FaceMotion.swift`); `ClipDesign.faceLife`
/// makes the `FaceLife` from the people found. Plates: none of its own. Margin: none.
/// Lattices: the land's and the subject's nodes through the smooth motions.
struct FaceLayer: SceneLayer {
    let life: FaceLife

    static func make(_ clip: LayerClip) -> FaceLayer? { clip.faces.map(FaceLayer.init) }

    var latticeCount: Int { 2 }

    /// The faces' poses in one frame.
    struct Deformation {
        let life: FaceLife
        let poses: [FaceLife.Pose]
        /// Where the land and the subject sample at each node with the smooth motions, nil
        /// when those are at rest this frame.
        let land: CoordinateGrid?, subject: CoordinateGrid?

        /// Fills `target` with each node of the plate positions `body(i, j)` gives, through
        /// the smooth motions.
        func fill(_ target: CoordinateGrid, schedule: RenderSchedule,
                  _ body: (Int, Int) -> SIMD2<Float>) {
            let (life, poses) = (self.life, self.poses)
            target.fill(schedule: schedule) { i, j in
                let s = life.smoothSource(body(i, j), poses: poses)
                return (s.x, s.y)
            }
        }

        /// Lays the closing lids over a row sampled from `plate` at `xs`, `ys` into `out`.
        @inline(__always)
        func blink(xs: UnsafePointer<Float>, ys: UnsafePointer<Float>, count: Int, plate: FrameBuffer,
                   into out: UnsafeMutablePointer<Pixel>) {
            life.blink(xs: xs, ys: ys, count: count, poses: poses, plate: plate, into: out)
        }
    }

    /// Publishes this frame's deformation (none when every face is at rest); draws nothing itself.
    func frame(_ input: LayerFrameInput, lattices: [CoordinateGrid]) -> (any LayerFrame)? {
        let poses = life.poses(at: input.seconds)
        let smooth = poses.contains { $0.movesSmoothly }
        input.faces = poses.contains { !$0.isRest }
            ? Deformation(life: life, poses: poses, land: smooth ? lattices[0] : nil, subject: smooth ? lattices[1] : nil)
            : nil
        return nil
    }
}
