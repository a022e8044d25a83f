/// The people's blinks, smiles, head motion and breath (`FaceLife`): not a picture of its own
/// but a deformation of the rigid layers (the land and the subject), applied to the plate
/// positions they sample after the camera and parallax.
///
/// Plan: `MotionPlan.faces` (planned in `Direct/FaceMotion.swift`); `ClipDesign.faceLife`
/// makes the `FaceLife` from the people found. Plates: none of its own. Margin: none.
struct FaceLayer: SceneLayer {
    let life: FaceLife

    static func make(_ clip: LayerClip) -> FaceLayer? { clip.faces.map(FaceLayer.init) }

    /// The faces' poses in one frame.
    struct Deformation {
        let life: FaceLife
        let poses: [FaceLife.Pose]

        /// Moves each plate position of a row to where it samples with the faces in this pose.
        @inline(__always)
        func displace(xs: UnsafeMutablePointer<Float>, ys: UnsafeMutablePointer<Float>, count: Int) {
            life.displace(xs: xs, ys: ys, count: count, poses: poses)
        }
    }

    /// Publishes this frame's deformation (none when every face is at rest); draws nothing itself.
    func frame(_ input: LayerFrameInput, lattices: [CoordinateGrid]) -> (any LayerFrame)? {
        let poses = life.poses(at: input.seconds)
        input.faces = poses.contains { !$0.isRest } ? Deformation(life: life, poses: poses) : nil
        return nil
    }
}
