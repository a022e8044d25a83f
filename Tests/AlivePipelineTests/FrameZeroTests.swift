import AliveCore
import Foundation
import Testing

@testable import AlivePipeline

/// Frame 0 is the photo: on the real photos of Tests/RealPhotos (downscaled copies), the
/// layered composite at the first frame, where nothing is displaced yet, reproduces the flat
/// warp of the same plate through the same camera window, with each photo's own prompt, with
/// the default prompt (scene motion, parallax), with a busy prompt (fog, particles, light),
/// once and as a loop.
@Suite struct FrameZeroTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("RealPhotos")

    static var photos: [(name: String, prompt: String?)] {
        let data = try? Data(contentsOf: folder.appendingPathComponent("regions.json"))
        let regions = data.flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] } ?? [:]
        return regions.keys.filter { !$0.hasPrefix("_") }.sorted().map { name in
            (name, (regions[name] as? [String: Any])?["prompt"] as? String)
        }
    }

    static func psnr(_ a: FrameBuffer, _ b: FrameBuffer) -> Double {
        a.withPixels { pa in b.withPixels { pb in
            var sum = 0.0
            for i in pa.indices {
                // As the PNGs quantise them.
                func q(_ v: Float) -> Double { Double((max(0, min(1, v)) * 255).rounded()) }
                let d = [q(pa[i].x) - q(pb[i].x), q(pa[i].y) - q(pb[i].y), q(pa[i].z) - q(pb[i].z)]
                sum += d.map { $0 * $0 }.reduce(0, +)
            }
            let mse = sum / Double(3 * pa.count)
            return 10 * log10(255 * 255 / max(mse, 1e-9))
        } }
    }

    @Test func firstFrameIsThePhoto() throws {
        let list = Self.photos
        #expect(list.count >= 13, "the real photos and their regions")
        var worst = (db: Double.infinity, what: "")
        for (name, own) in list {
            let prompts = [own, "", "fog drifts, snow, trees sway, waves, sunset, slow zoom in"].compactMap { $0 }
            for prompt in prompts {
                for loop in [false, true] {
                    var options = RenderOptions(photo: Self.folder.appendingPathComponent(name).path)
                    options.prompt = prompt
                    options.width = 480
                    options.height = 300
                    options.duration = 2
                    options.loop = loop
                    options.label = nil
                    options.seed = 7
                    let clip = try Clip.prepare(options)
                    let layered = FrameBuffer(width: clip.width, height: clip.height)
                    clip.render(frame: 0, into: layered)
                    let r = clip.renderer
                    let flat = FrameBuffer(width: clip.width, height: clip.height)
                    BilinearWarp.render(source: r.plate.buffer, map: r.map(forFrame: 0), into: flat, schedule: r.schedule)
                    let db = Self.psnr(layered, flat)
                    if db < worst.db { worst = (db, "\(name) \"\(prompt)\"\(loop ? " loop" : "")") }
                    #expect(db >= 45, "\(name) \"\(prompt)\"\(loop ? " loop" : ""): frame 0 is \(db) dB from the flat render")
                }
            }
        }
        print("frame 0: worst \(worst.db) dB (\(worst.what))")
    }
}
