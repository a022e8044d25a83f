public import AliveCore
import AliveMedia
import Foundation

/// `alive plan --maps DIR`: the scene analysis written as four 8-bit grayscale PNGs at the
/// photo's upright size, so a creator can see why the video moves as it does: `sky.png`,
/// `water.png`, `subject.png` (255 = inside) and `depth.png` (0 = nearest, 255 = farthest).
public enum SceneMapsJob {
    public static let names = ["sky", "water", "subject", "depth"]

    @discardableResult
    public static func write(photo path: String, directory: String, maxPixels: Int) throws -> SceneMaps {
        var options = DecodeOptions()
        options.maxPixels = maxPixels
        // The analysis works on about 320 pixels; decoding at 1/8 or more keeps a large JPEG cheap.
        options.requiredScale = { w, h in min(1, 1280 / Double(max(w, h))) }
        let decoded = try PhotoDecoder.decode(path: path, options: options)
        let maps = SceneAnalysis.analyze(decoded.photo)
        try OutputFile.makeFolder(directory)
        let (w, h) = (decoded.fullWidth, decoded.fullHeight)
        for (name, mask) in zip(names, [maps.sky, maps.water, maps.subject, maps.depth]) {
            try OutputFile.replace((directory as NSString).appendingPathComponent(name + ".png"), input: path) {
                try PNGWriter.write(mask.upsampled(width: w, height: h).bytes(), width: w, height: h, channels: 1, to: $0)
            }
        }
        return maps
    }
}
