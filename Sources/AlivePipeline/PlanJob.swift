public import AliveCore
import AliveMedia
import Foundation

/// `alive plan`: the plan a prompt gives for one photo (scene-aware defaults filled in,
/// requests the photo cannot honour noted), and on request what alive sees in the photo:
/// `--maps DIR` writes `sky.png`, `water.png`, `subject.png`, `foliage.png` (255 = inside) and
/// `depth.png` (0 = nearest, 255 = farthest), 8-bit grayscale at the photo's upright size,
/// and the faces found (`faces.json`) with the people estimated from them (`person.png`);
/// `--preview FILE.png` draws the photo with its regions tinted, the flows and the camera as
/// arrows, and the depth map beside it.
public enum PlanJob {
    public static let mapNames = ["sky", "water", "subject", "foliage", "depth"]

    public static func run(photo path: String, plan prompted: MotionPlan, maxPixels: Int, maps: String?,
                           preview: String?) throws -> MotionPlan {
        var options = DecodeOptions()
        options.maxPixels = maxPixels
        // The analysis works on about 320 pixels; decoding at 1/8 or more keeps a large JPEG cheap.
        options.requiredScale = { w, h in min(1, 1280 / Double(max(w, h))) }
        let decoded = try PhotoDecoder.decode(path: path, options: options)
        decoded.warnings.forEach { PipelineWarning.emit(path, $0) }
        let faces = PeopleFinding.faces(in: decoded.photo)
        // As the clip sees it: the people kept whole in the maps, and the plan's note on them.
        let design = ClipDesign(plan: prompted, width: 1080, height: 1920, fit: .crop)
        let (scene, plan, _, _) = design.understand(photo: decoded.photo,
                                                 people: PeopleFinding.people(faces, in: decoded.photo,
                                                                                     fullWidth: decoded.fullWidth))
        if let maps {
            try OutputFile.makeFolder(maps)
            let (w, h) = (decoded.fullWidth, decoded.fullHeight)
            for (name, mask) in zip(mapNames, [scene.sky, scene.water, scene.subject, scene.foliage, scene.depth]) {
                try OutputFile.replace((maps as NSString).appendingPathComponent(name + ".png"), input: path) {
                    try PNGWriter.write(mask.upsampled(width: w, height: h).bytes(), width: w, height: h, channels: 1,
                                        to: $0)
                }
            }
            try FacesMap.write(faces, photo: decoded.photo, fullWidth: w, fullHeight: h, folder: maps, input: path)
        }
        if let preview {
            let picture = PlanPreview.draw(photo: decoded.photo, scene: scene, plan: plan)
            try OutputFile.replace(preview, input: path) { try PNGWriter.write(picture, to: $0) }
        }
        return plan
    }
}
