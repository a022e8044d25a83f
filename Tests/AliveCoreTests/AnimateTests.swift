@testable import AliveCore
import AliveProbe
import Foundation
import Testing

/// Scene motion on synthetic landscapes whose truth is known: the cinemagraph keeps still
/// what it should, the sky drifts the way it was told, nothing undefined survives, loops
/// close, and the frames do not depend on the number of threads.
@Suite struct AnimateTests {
    static let sea = SyntheticScene(SyntheticScene.recipes[1], width: 720, height: 480)       // overcast sea
    static let boat = SyntheticScene(SyntheticScene.recipes[2], width: 720, height: 480)      // boat on a sea
    static let meadow = SyntheticScene(SyntheticScene.recipes[3], width: 720, height: 480)    // no water

    static func build(_ prompt: String, _ scene: SyntheticScene, width: Int = 270, height: Int = 480,
                      frames: Int = 30, loop: Int? = nil, threads: Int = 2) -> ClipDesign.Built {
        ClipDesign(plan: PromptReader.read(prompt), width: width, height: height, fit: .crop,
                   duration: Double(frames) / 30, loop: loop.map { Double($0) / 30 })
            .build(photo: scene.photo, frameCount: frames, loopFrames: loop, fps: 30, seed: 7,
                   schedule: RenderSchedule(threads: threads))
    }

    static func render(_ built: ClipDesign.Built, _ index: Int, poison: Bool = false) -> FrameBuffer {
        let r = built.renderer
        let frame = FrameBuffer(width: r.framing.outputWidth, height: r.framing.outputHeight,
                                fill: poison ? Pixel(.nan, .nan, .nan, .nan) : Pixel(0, 0, 0, 1))
        r.render(frame: index, into: frame)
        return frame
    }

    /// The mean colour difference of two frames, per pixel.
    static func difference(_ a: FrameBuffer, _ b: FrameBuffer) -> Double {
        a.withPixels { pa in b.withPixels { pb in
            var s = 0.0
            for i in pa.indices { s += colourDifference(pa[i], pb[i]) }
            return s / Double(pa.count)
        } }
    }

    static func grey(_ f: FrameBuffer, rows: Range<Int>? = nil) -> GrayImage {
        let rows = rows ?? 0..<f.height
        var values = [Float]()
        values.reserveCapacity(rows.count * f.width)
        for y in rows {
            for x in 0..<f.width {
                let p = f[x, y]
                values.append(255 * (0.2126 * p.x + 0.7152 * p.y + 0.0722 * p.z))
            }
        }
        return GrayImage(width: f.width, height: rows.count, pixels: values)
    }

    /// Normalised photo coordinates of output pixel (x, y) in frame `index`.
    static func photoPoint(_ built: ClipDesign.Built, _ x: Int, _ y: Int, frame index: Int = 0) -> (x: Double, y: Double) {
        let r = built.renderer
        let m = r.map(forFrame: index)
        let cx = Float(x) + 0.5, cy = Float(y) + 0.5
        return PlateGeometry(plate: r.plate, framing: r.framing)
            .photo(m.a * cx + m.b * cy + m.c, m.d * cx + m.e * cy + m.f)
    }

    // MARK: The plan

    @Test func specificPromptsAnimateOnlyWhatTheyName() {
        let clouds = PromptReader.read("clouds drift slowly to the left")
        #expect(clouds.camera.isStill)
        #expect(clouds.motion.sky?.directionX == -1 && clouds.motion.water == nil && !clouds.motion.automatic)
        #expect(clouds.motion.sky!.speed < Flow.clouds.speed)
        #expect(clouds.ignored.isEmpty, "ignored \(clouds.ignored)")

        let camera = PromptReader.read("the camera moves slowly to the right")
        #expect(camera.camera.panX > 0 && camera.motion.isStill && !camera.motion.automatic)
        #expect(camera.motion.parallax == 1)

        let generic = PromptReader.read("make this photo come alive").resolved(for: Self.sea.summary)
        #expect(generic.motion.sky != nil && generic.motion.water != nil && generic.camera == .gentle)

        let waves = PromptReader.read("waves crash on the shore").resolved(for: Self.meadow.summary)
        #expect(waves.motion.water == nil)
        #expect(waves.notes.contains { $0.contains("no water") }, "notes \(waves.notes)")

        let weather = PromptReader.read("snow falls, fog drifts right, trees sway, orbit left")
        #expect(weather.motion.particles?.kind == .snow && weather.motion.fog?.directionX == 1)
        #expect(weather.motion.foliage != nil && weather.camera.orbit < 0)
        #expect(PromptReader.read("flat, zoom in").motion.parallax == 0)
    }

    @Test(arguments: [
        ("le nuvole scorrono lentamente verso sinistra", "clouds drift slowly to the left"),
        ("die Wolken ziehen langsam nach links", "clouds drift slowly to the left"),
        ("las nubes se mueven lentamente hacia la izquierda", "clouds drift slowly to the left"),
        ("les nuages dérivent lentement vers la gauche", "clouds drift slowly to the left"),
        ("as nuvens deslizam devagar para a esquerda", "clouds drift slowly to the left"),
        ("le onde del mare, neve", "the waves of the sea, snow"),
        ("Wellen im Meer, Schnee", "the waves of the sea, snow"),
        ("olas del mar, nieve", "the waves of the sea, snow"),
        ("les vagues de la mer, neige", "the waves of the sea, snow"),
        ("as ondas do mar, neve", "the waves of the sea, snow"),
    ])
    func elementsInSixLanguages(_ prompt: String, _ english: String) {
        let plan = PromptReader.read(prompt), reference = PromptReader.read(english)
        #expect(plan.motion == reference.motion, "\(prompt): \(plan.motion)")
        #expect(plan.camera == reference.camera)
        #expect(plan.ignored.isEmpty, "\(prompt): ignored \(plan.ignored)")
    }

    // MARK: The frames

    /// "clouds drift left": outside the sky nothing changes; inside it, every frame moves left.
    @Test func cinemagraphMovesOnlyTheSkyAndMovesItLeft() {
        let built = Self.build("clouds drift to the left", Self.sea, width: 360, height: 640, frames: 24)
        #expect(built.renderer.animator != nil && built.plan.camera.isStill)
        let frames = (0..<24).map { Self.render(built, $0) }
        let w = frames[0].width, h = frames[0].height
        // Outside the sky mask (and a pixel's margin of its soft edge), pixels hold still.
        var still = [Bool](repeating: false, count: w * h)
        var skyRows = 0..<0
        var rowIsSky = [Bool](repeating: true, count: h)
        for y in 0..<h {
            for x in 0..<w {
                let p = Self.photoPoint(built, x, y)
                still[y * w + x] = built.scene.sky.value(atX: p.x, y: p.y) < 0.25
                if built.scene.sky.value(atX: p.x, y: p.y) < 0.99 { rowIsSky[y] = false }
            }
        }
        if let first = rowIsSky.firstIndex(of: true) {
            let end = rowIsSky[first...].firstIndex(of: false) ?? h
            skyRows = first..<end
        }
        var change = 0.0, count = 0
        for f in frames.dropFirst() {
            for y in 0..<h {
                for x in 0..<w where still[y * w + x] {
                    change += colourDifference(f[x, y], frames[0][x, y])
                    count += 1
                }
            }
        }
        let meanChange = change / Double(max(1, count))
        print("cinemagraph: still pixels \(count / 23), mean change \(meanChange * 255)/255; sky rows \(skyRows)")
        #expect(count > 0 && meanChange <= 1.0 / 255)
        #expect(skyRows.count >= 64, "a band of sky to measure: \(skyRows)")
        // Phase correlation between consecutive frames, on patches of the sky band.
        let band = skyRows.lowerBound..<(skyRows.lowerBound + 64)
        for k in 0..<(frames.count - 1) {
            let a = Self.grey(frames[k], rows: band), b = Self.grey(frames[k + 1], rows: band)
            var dx = 0.0
            let xs = stride(from: 0, through: w - 64, by: 48).map { $0 }
            for x in xs { dx += MotionProbe.shift(reference: a, moving: b, x: x, y: 0).dx }
            dx /= Double(xs.count)
            #expect(dx < -0.05, "frame \(k) -> \(k + 1): sky moved \(dx) px")
        }
    }

    /// A mast too thin for the analysis to see (two pixels wide, dark against the sky) stays
    /// put in a cinemagraph instead of drifting away with the clouds.
    @Test func thinStructuresInTheSkyStayPut() {
        var photo = Self.sea.photo
        let mast = 300
        for y in 20..<(Self.sea.horizonRow - 4) {
            for x in mast..<(mast + 2) {
                let i = (y * photo.width + x) * 4
                (photo.pixels[i], photo.pixels[i + 1], photo.pixels[i + 2]) = (30, 30, 35)
            }
        }
        let built = ClipDesign(plan: PromptReader.read("clouds drift to the left"), width: 360, height: 640, fit: .crop,
                               duration: 1)
            .build(photo: photo, frameCount: 30, loopFrames: nil, fps: 30, seed: 7, schedule: RenderSchedule())
        let first = Self.render(built, 0), last = Self.render(built, 29)
        // The mast's pixels in the output: the darkest column of the sky rows in frame 0.
        var change = 0.0, count = 0
        for y in 60..<200 {
            var darkest = (x: 0, luma: Float.infinity)
            for x in 0..<first.width {
                let p = first[x, y]
                let luma = 0.2126 * p.x + 0.7152 * p.y + 0.0722 * p.z
                if luma < darkest.luma { darkest = (x, luma) }
            }
            change += colourDifference(first[darkest.x, y], last[darkest.x, y])
            count += 1
        }
        let mean = change / Double(count)
        print("mast: mean change over the clip \(mean * 255)/255")
        #expect(mean < 8.0 / 255)
    }

    /// Every pixel of every frame is written: a buffer full of NaN comes out finite, in range.
    @Test(arguments: ["clouds drift left, waves roll in, trees sway, fog, snow, zoom in",
                      "make this photo come alive, sparkles", "pan right with parallax, rain",
                      "orbit left, petals fall", "stars, pull back"])
    func noUndefinedPixelSurvives(_ prompt: String) {
        for scene in [Self.boat, Self.meadow] {
            let built = Self.build(prompt, scene, frames: 12)
            for index in [0, 5, 11] {
                let frame = Self.render(built, index, poison: true)
                var bad = 0
                frame.withPixels { p in
                    for v in p where !(v.x.isFinite && v.y.isFinite && v.z.isFinite && v.w == 1)
                        || v.x < 0 || v.x > 1 || v.y < 0 || v.y > 1 || v.z < 0 || v.z > 1 { bad += 1 }
                }
                #expect(bad == 0, "\(prompt), frame \(index): \(bad) undefined pixels")
            }
        }
    }

    /// The same photo, plan and seed give identical frames on 1 thread and on 2.
    @Test func framesDoNotDependOnThreads() {
        let prompt = "clouds drift left, waves, trees sway, fog, snow, pan right"
        let one = Self.build(prompt, Self.boat, frames: 10, threads: 1)
        let two = Self.build(prompt, Self.boat, frames: 10, threads: 2)
        for index in [0, 4, 9] {
            let a = Self.render(one, index), b = Self.render(two, index)
            dumpFrames("full-\(index)", [a])
            let same = a.withPixels { pa in b.withPixels { pb in pa.elementsEqual(pb) } }
            #expect(same, "frame \(index) differs between 1 and 2 threads")
        }
    }

    /// A looping clip with flowing sky and water: the last frame leads into the first no
    /// harder than any frame into the next, and the frame after the last is the first.
    @Test func flowsLoopSeamlessly() {
        let n = 36
        let built = Self.build("clouds drift right, waves, snow, fog, slow zoom in", Self.sea, frames: n, loop: n)
        let frames = (0...n).map { Self.render(built, $0) }
        let steps = (0..<(n - 1)).map { Self.difference(frames[$0], frames[$0 + 1]) }.sorted()
        let median = steps[steps.count / 2]
        let seam = Self.difference(frames[n - 1], frames[0])
        print("loop: seam \(seam), median step \(median), frame n vs 0: \(Self.difference(frames[n], frames[0]))")
        #expect(seam <= 1.5 * median)
        #expect(Self.difference(frames[n], frames[0]) < 1e-3)
    }

    /// A loop keeps its direction (symmetric bidirectional advection, not a reversal or a
    /// cross-fade in place): over every 10-frame window the sky moves the asked way, and the
    /// seam is no harder than a step; the first frame is the photo.
    @Test func loopsKeepTheirDirection() {
        let n = 120
        let built = Self.build("clouds drift right", Self.sea, width: 360, height: 640, frames: n, loop: n)
        let frames = (0...n).map { Self.render(built, $0) }
        let w = frames[0].width
        var skyRows: [Int] = []
        for y in 0..<frames[0].height where (0..<w).allSatisfy({ x in
            let p = Self.photoPoint(built, x, y)
            return built.scene.sky.value(atX: p.x, y: p.y) > 0.99
        }) { skyRows.append(y) }
        #expect(skyRows.count >= 64, "a band of sky to measure")
        let band = skyRows[0]..<(skyRows[0] + 64)
        // As realcheck.py measures it: the shift that best lines up the band of frame k, moved
        // sideways, with frame k + 10.
        var shifts: [Double] = []
        for k in stride(from: 0, to: n - 10, by: 10) {
            shifts.append(SidewaysShift.best(Self.grey(frames[k], rows: band), Self.grey(frames[k + 10], rows: band)))
        }
        let right = shifts.filter { $0 >= 0.5 }.count
        print("loop drift per 10 frames: \(shifts.map { ($0 * 100).rounded() / 100 })")
        #expect(Double(right) >= 0.8 * Double(shifts.count), "shifts \(shifts)")
        let steps = (0..<(n - 1)).map { Self.difference(frames[$0], frames[$0 + 1]) }.sorted()
        #expect(Self.difference(frames[n - 1], frames[0]) <= 1.5 * steps[steps.count / 2])
        // Frame 0 is the photo: the flat warp of the same plate and window.
        let r = built.renderer
        let flat = FrameBuffer(width: r.framing.outputWidth, height: r.framing.outputHeight)
        BilinearWarp.render(source: r.plate.buffer, map: r.map(forFrame: 0), into: flat, schedule: r.schedule)
        #expect(Self.difference(frames[0], flat) < 1e-4)
    }

    /// Water moves under the water mask; the beach below it stays put.
    @Test func waterMovesAndTheShoreStays() {
        let built = Self.build("the sea ripples", Self.sea, width: 360, height: 640, frames: 16)
        #expect(built.plan.camera.isStill && built.plan.motion.water != nil && built.plan.motion.sky == nil)
        let a = Self.render(built, 0), b = Self.render(built, 15)
        dumpFrames("water", [a, b])
        var water = (0.0, 0), shore = (0.0, 0)
        for y in 0..<a.height {
            for x in 0..<a.width {
                let p = Self.photoPoint(built, x, y)
                let change = colourDifference(a[x, y], b[x, y])
                let inWater = built.scene.water.value(atX: p.x, y: p.y)
                if inWater > 0.99 { water.0 += change; water.1 += 1 }
                if inWater < 0.25 { shore.0 += change; shore.1 += 1 }
            }
        }
        let moved = water.0 / Double(max(1, water.1)), held = shore.0 / Double(max(1, shore.1))
        print("water: mean change \(moved * 255)/255 in the water, \(held * 255)/255 outside")
        #expect(water.1 > 1000 && moved > 1.5 / 255)
        #expect(held <= 1.0 / 255)
    }

    /// A sideways camera move shows depth: the near ground slides further than the far ground.
    @Test func parallaxMovesNearThingsMore() {
        let built = Self.build("the camera moves right", Self.meadow, width: 360, height: 640, frames: 30)
        #expect(built.renderer.animator?.parallax != nil)
        // Across the middle of the move, where it is fastest (a few pixels: the probe's range).
        let a = Self.render(built, 13), b = Self.render(built, 16)
        let h = a.height
        func shift(_ rows: Range<Int>) -> Double {
            let ga = Self.grey(a, rows: rows), gb = Self.grey(b, rows: rows)
            let xs = Array(stride(from: 40, through: a.width - 104, by: 40))
            return xs.map { MotionProbe.shift(reference: ga, moving: gb, x: $0, y: 0).dx }.reduce(0, +) / Double(xs.count)
        }
        let near = shift((h - 80)..<(h - 16)), far = shift((h / 2 + 20)..<(h / 2 + 84))
        print("parallax: near ground moved \(near) px, far ground \(far) px")
        #expect(near < 0 && far < 0, "a move to the right slides the scene left")
        #expect(abs(near) > 1.25 * abs(far))
    }

    /// Falling snow: near flakes larger and faster than far ones, specks that move down.
    @Test func snowFallsAndIsSizedByDepth() {
        let built = Self.build("snow", Self.sea, width: 540, height: 960, frames: 10)
        #expect(built.plan.camera.isStill)
        let field = built.renderer.animator!.particles!
        func mean(_ list: [ParticleField.Particle], _ value: (ParticleField.Particle) -> Float) -> Float {
            list.map(value).reduce(0, +) / Float(max(1, list.count))
        }
        let near = field.particles.filter { $0.depth < 0.3 }, far = field.particles.filter { $0.depth > 0.7 }
        #expect(mean(near, \.size) > 2 * mean(far, \.size))
        #expect(mean(near, \.fall) > 1.5 * mean(far, \.fall))
        // The specks alone: each frame against the same photo with nothing moving.
        let still = ClipDesign(plan: MotionPlan(camera: .still, motion: SceneMotion(parallax: 0)), width: 540,
                               height: 960, fit: .crop)
            .build(photo: Self.sea.photo, frameCount: 10, loopFrames: nil, fps: 30, seed: 7, schedule: RenderSchedule())
        let background = Self.render(still, 0)
        func specks(_ index: Int) -> GrayImage {
            let f = Self.render(built, index)
            var values = [Float](repeating: 0, count: f.pixelCount)
            for y in 0..<f.height { for x in 0..<f.width {
                let d = f[x, y] - background[x, y]
                values[y * f.width + x] = 255 * max(0, (d.x + d.y + d.z) / 3)
            } }
            return GrayImage(width: f.width, height: f.height, pixels: values)
        }
        #expect(specks(0).pixels.allSatisfy { $0 < 1 }, "frame 0 is the photo: no particles yet")
        let a = specks(8), b = specks(9)
        let covered = a.pixels.filter { $0 > 25 }.count
        // The vertical shift that best lines the specks of one frame up with the next.
        var best = (shift: 0, score: -Double.infinity)
        for shift in -8...8 {
            var score = 0.0
            for y in max(0, -shift)..<min(a.height, a.height - shift) {
                for x in 0..<a.width { score += Double(a[x, y]) * Double(b[x, y + shift]) }
            }
            if score > best.score { best = (shift, score) }
        }
        print("snow: \(covered) speck pixels, falling \(best.shift) px a frame")
        #expect(covered > 500)
        #expect(best.shift > 0)
    }
}

/// With SCENE_DUMP=DIR set, writes frames as PPM files there, to look at.
func dumpFrames(_ name: String, _ frames: [FrameBuffer]) {
    guard let directory = ProcessInfo.processInfo.environment["SCENE_DUMP"] else { return }
    for (k, f) in frames.enumerated() {
        var bytes = Array("P6\n\(f.width) \(f.height)\n255\n".utf8)
        f.withPixels { p in
            for v in p { bytes += [v.x, v.y, v.z].map { UInt8(max(0, min(1, $0)) * 255 + 0.5) } }
        }
        try? Data(bytes).write(to: URL(fileURLWithPath: directory).appendingPathComponent("\(name)-\(k).ppm"))
    }
}

/// Mean absolute difference of the colour components, 0...1.
func colourDifference(_ a: Pixel, _ b: Pixel) -> Double {
    Double(Swift.abs(a.x - b.x) + Swift.abs(a.y - b.y) + Swift.abs(a.z - b.z)) / 3
}

extension SyntheticScene {
    var summary: SceneSummary { SceneAnalysis.analyze(photo).summary }
}
