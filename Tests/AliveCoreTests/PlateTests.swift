import AliveCore
import Foundation
import Testing

@Suite struct PlateTests {
    /// A flat colour stays exactly that colour through any resampling.
    @Test func flatColourIsPreserved() {
        let photo = TestImages.photo(width: 123, height: 77) { _, _ in SIMD4(200, 100, 50, 255) }
        for (w, h) in [(40, 30), (123, 77), (300, 211)] {
            let plate = PlateResampler.resample(photo, region: CameraWindow(minX: 3.5, minY: 1, width: 100, height: 70),
                                                width: w, height: h)
            plate.withPixels { p in
                for px in p {
                    #expect(abs(px.x - 200 / 255) < 1e-4 && abs(px.y - 100 / 255) < 1e-4 && abs(px.z - 50 / 255) < 1e-4)
                }
            }
        }
    }

    /// Shrinking a one-pixel checkerboard 7.3x gives flat grey: the filter integrates what each
    /// output pixel covers instead of picking samples (which would alias into a pattern).
    @Test func shrinkingDoesNotAlias() {
        let photo = TestImages.photo(width: 730, height: 365) { x, y in (x + y) % 2 == 0 ? SIMD4(255, 255, 255, 255) : SIMD4(0, 0, 0, 255) }
        let plate = PlateResampler.resample(photo, region: CameraWindow(minX: 0, minY: 0, width: 730, height: 365),
                                            width: 100, height: 50)
        var lo: Float = 1, hi: Float = 0
        plate.withPixels { p in for px in p { lo = min(lo, px.x); hi = max(hi, px.x) } }
        #expect(hi - lo < 0.03, "range \(lo)...\(hi)")
        #expect(abs((lo + hi) / 2 - 0.5) < 0.03)
    }

    /// Transparent pixels are composited over the background, premultiplied (no dark fringes).
    @Test func alphaCompositesOverBackground() {
        let photo = TestImages.photo(width: 20, height: 20, alpha: true) { x, _ in x < 10 ? SIMD4(255, 0, 0, 0) : SIMD4(0, 0, 255, 128) }
        let plate = PlateResampler.resample(photo, region: CameraWindow(minX: 0, minY: 0, width: 20, height: 20),
                                            width: 20, height: 20, background: .color(Pixel(1, 1, 1, 1)))
        #expect(difference(plate[2, 5], Pixel(1, 1, 1, 1)) < 1e-4)      // fully transparent red: white
        let blend = plate[17, 5]                                           // half blue over white
        #expect(abs(blend.x - (1 - 128 / 255)) < 0.01 && abs(blend.z - 1) < 0.01)
    }

    /// Pad framing shows the whole photo inside the frame, over a blurred background.
    @Test func padShowsTheWholePhoto() {
        let photo = TestImages.photo(width: 300, height: 200) { x, y in ((x / 20) + (y / 20)) % 2 == 0 ? SIMD4(250, 250, 250, 255) : SIMD4(10, 10, 10, 255) }
        let framing = Framing(photoWidth: 300, photoHeight: 200, outputWidth: 108, outputHeight: 192, fit: .pad, move: .still)
        let plate = Plate.build(photo, framing: framing, schedule: .serial)
        let frame = FrameBuffer(width: 108, height: 192)
        let renderer = FrameRenderer(plate: plate, framing: framing, frameCount: 1, schedule: .serial)
        renderer.render(frame: 0, into: frame)
        // The photo spans the full width (108 px for 300 photo px): rows 60...130 hold it.
        // Above and below, the blurred dimmed copy: no pure black bars, no full-contrast squares.
        let photoRows = (192 - 72) / 2
        var bandMax: Float = 0, bandMin: Float = 1
        for y in 5..<(photoRows - 5) { for x in 0..<108 { bandMax = max(bandMax, frame[x, y].x); bandMin = min(bandMin, frame[x, y].x) } }
        #expect(bandMin > 0.05, "background is not a black bar")
        #expect(bandMax - bandMin < 0.5, "background is blurred")
        var inside: Float = 0, insideMin: Float = 1
        for y in (photoRows + 5)..<(photoRows + 60) { for x in 5..<100 { inside = max(inside, frame[x, y].x); insideMin = min(insideMin, frame[x, y].x) } }
        #expect(inside - insideMin > 0.8, "the photo itself keeps its contrast")
    }
}
