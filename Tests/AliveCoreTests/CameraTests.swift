import AliveCore
import Foundation
import Testing

@Suite struct CameraTests {
    static let moves: [CameraMove] = [
        .still, .gentle, CameraMove(zoom: 1.3), CameraMove(zoom: 1 / 1.3),
        CameraMove(panX: -0.2), CameraMove(panX: 0.25), CameraMove(panY: -0.3), CameraMove(panY: 0.2),
        CameraMove(zoom: 1.2, panX: 0.15, panY: -0.1), CameraMove(zoom: 0.8, panX: -0.3, easing: .linear),
    ]

    /// Every window of every move lies inside the bounds, for landscape, portrait and square
    /// photos, in both framings, with any focus: no frame ever shows outside the photo.
    @Test(arguments: [(4000, 3000), (3000, 4000), (1000, 1000), (640, 427), (100, 2000)])
    func windowsStayInside(photo: (Int, Int)) {
        for fit in Fit.allCases {
            for move in Self.moves {
                for focus in [(0.0, 0.0), (Double(photo.0), Double(photo.1)), (Double(photo.0) / 3, Double(photo.1) / 2)] {
                    let framing = Framing(photoWidth: photo.0, photoHeight: photo.1, outputWidth: 1080, outputHeight: 1920,
                                          fit: fit, move: move, focus: focus)
                    let b = framing.path.bounds
                    for i in 0...60 {
                        let w = framing.path.window(at: Double(i) / 60)
                        #expect(w.minX >= b.minX - 1e-6 && w.minY >= b.minY - 1e-6, "\(fit) \(move) t=\(i)")
                        #expect(w.maxX <= b.maxX + 1e-6 && w.maxY <= b.maxY + 1e-6, "\(fit) \(move) t=\(i)")
                        #expect(abs(w.width / w.height - 1080.0 / 1920.0) < 1e-9)
                    }
                }
            }
        }
    }

    /// Zoom in magnifies by the asked factor, starts and ends at rest (eased), and zoom out
    /// is its mirror.
    @Test func zoomIsEasedAndExact() {
        let path = Framing(photoWidth: 4000, photoHeight: 3000, outputWidth: 1080, outputHeight: 1920,
                           fit: .crop, move: CameraMove(zoom: 1.2)).path
        let w0 = path.window(at: 0).width, w1 = path.window(at: 1).width
        #expect(abs(w0 / w1 - 1.2) < 1e-9)
        let startSpeed = path.window(at: 0).width - path.window(at: 0.01).width
        let middleSpeed = path.window(at: 0.5).width - path.window(at: 0.51).width
        #expect(startSpeed < middleSpeed * 0.05)
        #expect(abs(path.window(at: 0.5).centerX - path.window(at: 0).centerX) < 1e-9)
    }

    /// Pan left moves the view to the left by the asked fraction of its width.
    @Test func panMovesTheView() {
        let path = Framing(photoWidth: 4000, photoHeight: 3000, outputWidth: 1080, outputHeight: 1920,
                           fit: .crop, move: CameraMove(panX: -0.2)).path
        let a = path.window(at: 0), b = path.window(at: 1)
        #expect(abs((b.centerX - a.centerX) / a.width + 0.2) < 1e-9)
        #expect(b.centerY == a.centerY)
    }

    /// The plate is dense enough that the widest view maps 1:1 to the output, and no denser.
    @Test func plateDensityMatchesTheWidestView() {
        let framing = Framing(photoWidth: 8000, photoHeight: 6000, outputWidth: 1080, outputHeight: 1920,
                              fit: .crop, move: CameraMove(zoom: 1.15))
        #expect(abs(framing.plateScale * framing.path.widestWidth - 1080) < 1e-6)
        #expect(abs(framing.requiredPhotoScale - 1080.0 / 3375.0) < 1e-9)   // a 6000-high view 3375 wide
        let size = framing.plateSize
        #expect(size.width <= 1090 && size.height <= 1930)
    }
}

@Suite struct PromptTests {
    @Test func cameraWords() {
        #expect(PromptReader.read("slow zoom in").camera.zoom > 1)
        #expect(PromptReader.read("slow zoom in").camera.zoom < PromptReader.read("zoom in").camera.zoom)
        #expect(PromptReader.read("fast zoom").camera.zoom > PromptReader.read("zoom in").camera.zoom)
        #expect(PromptReader.read("zoom out").camera.zoom < 1)
        #expect(PromptReader.read("pull back slowly").camera.zoom < 1)
        #expect(PromptReader.read("pan left").camera.panX < 0)
        #expect(PromptReader.read("the camera moves right").camera.panX > 0)
        #expect(PromptReader.read("pan up").camera.panY < 0)
        #expect(PromptReader.read("tilt down").camera.panY > 0)
        let both = PromptReader.read("zoom in and pan right")
        #expect(both.camera.zoom > 1 && both.camera.panX > 0)
    }

    @Test func defaultsAndBookkeeping() {
        #expect(PromptReader.read("").camera == .gentle)
        #expect(PromptReader.read("make this photo come alive").camera == .gentle)
        let plan = PromptReader.read("clouds drift left, slow zoom, 8 seconds")
        #expect(plan.camera.zoom > 1 && plan.camera.panX == 0)
        #expect(plan.duration == 8)
        #expect(plan.understood.contains("slow zoom"))
        #expect(plan.understood.contains("clouds drift left") && plan.motion.sky?.directionX == -1)
        #expect(PromptReader.read("giraffes dance, slow zoom").ignored == ["giraffes", "dance"])
    }

    @Test func planRoundTripsThroughJSON() throws {
        let plan = PromptReader.read("fast pan left")
        let data = try JSONEncoder().encode(plan)
        #expect(try JSONDecoder().decode(MotionPlan.self, from: data) == plan)
    }
}

@Suite struct BT709Tests {
    @Test func limitedRangeCodes() {
        let frame = FrameBuffer(width: 4, height: 2)
        frame[0, 0] = Pixel(0, 0, 0, 1); frame[1, 0] = Pixel(0, 0, 0, 1)
        frame[0, 1] = Pixel(0, 0, 0, 1); frame[1, 1] = Pixel(0, 0, 0, 1)
        for (x, y) in [(2, 0), (3, 0), (2, 1), (3, 1)] { frame[x, y] = Pixel(1, 1, 1, 1) }
        let yuv = YUVFrame(width: 4, height: 2)
        BT709.convert(frame, into: yuv, schedule: .serial)
        #expect(yuv.y == [16, 16, 235, 235, 16, 16, 235, 235])
        #expect(yuv.cb == [128, 128] && yuv.cr == [128, 128])
        // Pure red: Y' = 16 + 219 * 0.2126 = 62.6, Cr = 128 + 224 * 0.5 = 240.
        frame.fill(Pixel(1, 0, 0, 1))
        BT709.convert(frame, into: yuv, schedule: .serial)
        #expect(yuv.y[0] == 63 && yuv.cr[0] == 240)
        #expect(abs(Int(yuv.cb[0]) - 102) <= 1)
    }
}
