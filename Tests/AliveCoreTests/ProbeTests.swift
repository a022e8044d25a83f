import AliveCore
import AliveProbe
import Foundation
import Testing

@Suite struct ProbeTests {
    static func gray(_ frame: FrameBuffer) -> GrayImage {
        var px = [Float](repeating: 0, count: frame.pixelCount)
        frame.withPixels { p in for i in p.indices { px[i] = 255 * (0.2126 * p[i].x + 0.7152 * p[i].y + 0.0722 * p[i].z) } }
        return GrayImage(width: frame.width, height: frame.height, pixels: px)
    }

    static func shifted(_ source: FrameBuffer, dx: Float, dy: Float, width: Int, height: Int) -> GrayImage {
        let out = FrameBuffer(width: width, height: height)
        BilinearWarp.render(source: source, map: AffineMap(a: 1, b: 0, c: 20 - dx, d: 0, e: 1, f: 20 - dy), into: out, schedule: .serial)
        return gray(out)
    }

    /// The probe measures known sub-pixel shifts to within 0.02 px.
    @Test func measuresKnownShifts() {
        let photo = TestImages.texture(width: 300, height: 300)
        let plate = PlateResampler.resample(photo, region: CameraWindow(minX: 0, minY: 0, width: 300, height: 300), width: 300, height: 300)
        let reference = Self.shifted(plate, dx: 0, dy: 0, width: 200, height: 200)
        for (dx, dy) in [(0.3, 0.0), (-1.45, 0.7), (2.2, -3.1), (0.05, 0.02)] {
            let moved = Self.shifted(plate, dx: Float(dx), dy: Float(dy), width: 200, height: 200)
            let d = MotionProbe.shift(reference: reference, moving: moved, x: 60, y: 60)
            #expect(abs(d.dx - dx) < 0.02 && abs(d.dy - dy) < 0.02, "asked (\(dx), \(dy)), measured \(d)")
        }
    }

    /// A zoom rendered with sub-pixel windows is smooth; the same zoom with windows rounded to
    /// whole pixels (what ffmpeg's zoompan does) is caught as shake.
    @Test func catchesWholePixelStepping() {
        let photo = TestImages.texture(width: 900, height: 1200)
        let framing = Framing(photoWidth: 900, photoHeight: 1200, outputWidth: 270, outputHeight: 480,
                              fit: .crop, move: CameraMove(zoom: 1.2))
        let plate = Plate.build(photo, framing: framing, schedule: .serial)
        let renderer = FrameRenderer(plate: plate, framing: framing, frameCount: 40, schedule: RenderSchedule())
        func measure(_ rounded: Bool) -> Double {
            var previous: GrayImage?
            var motions: [MotionProbe.FrameMotion] = []
            let frame = FrameBuffer(width: 270, height: 480)
            for i in 0..<40 {
                var map = renderer.map(forFrame: i)
                if rounded { map.c = map.c.rounded(); map.f = map.f.rounded() }
                BilinearWarp.render(source: plate.buffer, map: map, into: frame, schedule: .serial)
                let g = Self.gray(frame)
                if let previous { motions.append(MotionProbe.frameMotion(from: previous, to: g, columns: 3, rows: 4)) }
                previous = g
            }
            return Jitter.residualRMS(motions, width: 270, height: 480)
        }
        let smooth = measure(false), stepped = measure(true)
        #expect(smooth < 0.05, "sub-pixel zoom jitter \(smooth) px")
        #expect(stepped > 0.15, "whole-pixel zoom jitter \(stepped) px")
    }
}
