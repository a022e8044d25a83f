import Testing

@testable import AliveCore

/// Light that changes over the clip: untouched at the start, the whole look at the end,
/// in between a smooth, monotonic change.
@Suite struct LightTests {
    static func grey(_ v: Float = 0.5) -> FrameBuffer {
        FrameBuffer(width: 64, height: 48, fill: Pixel(v, v, v, 1))
    }

    static func mean(_ f: FrameBuffer) -> Pixel {
        var sum = Pixel(0, 0, 0, 0)
        f.withPixels { for p in $0 { sum += p } }
        return sum / Float(f.pixelCount)
    }

    @Test func firstFrameIsUntouched() {
        for look in LightChange.Look.allCases {
            #expect(LightChange(look: look).grade(at: 0).isIdentity)
        }
        let frame = TestImages.random(width: 37, height: 23, seed: 5)
        let before = frame.copy()
        ColourGrade.identity.apply(to: frame, schedule: .serial)
        #expect(frame.withPixels { Array($0) } == before.withPixels { Array($0) })
    }

    @Test func looksGoWhereTheirNamesSay() {
        func end(_ look: LightChange.Look) -> Pixel {
            let f = Self.grey()
            LightChange(look: look).grade(at: 1).apply(to: f, schedule: .serial)
            return Self.mean(f)
        }
        let golden = end(.goldenHour), sunset = end(.sunset), night = end(.night), dusk = end(.dusk)
        #expect(golden.x / golden.z > 1.25 && sunset.x / sunset.z > 1.4, "warmer: \(golden) \(sunset)")
        #expect(night.z > night.x, "night is blue: \(night)")
        let luma = { (p: Pixel) in 0.2126 * p.x + 0.7152 * p.y + 0.0722 * p.z }
        #expect(luma(night) < 0.5 * luma(Self.grey().withPixels { $0[0] }), "night is dark: \(night)")
        #expect(luma(dusk) < luma(golden))
    }

    @Test func changeIsMonotonicAndKeepsAlpha() {
        var last: Float = 0
        for i in 0...10 {
            let f = FrameBuffer(width: 8, height: 8, fill: Pixel(0.5, 0.5, 0.5, 0.25))
            LightChange(look: .sunset).grade(at: Double(i) / 10).apply(to: f, schedule: .serial)
            let p = f[3, 3]
            #expect(p.w == 0.25)
            #expect(p.x / p.z >= last)
            last = p.x / p.z
        }
    }

    @Test func scheduleDoesNotChangePixels() {
        let a = TestImages.random(width: 301, height: 97, seed: 9)
        let b = a.copy()
        let grade = LightChange(look: .dusk).grade(at: 0.6)
        grade.apply(to: a, schedule: .serial)
        grade.apply(to: b, schedule: RenderSchedule(threads: 3, rowsPerBand: 7))
        #expect(a.withPixels { Array($0) } == b.withPixels { Array($0) })
    }

    @Test(arguments: [
        ("golden hour", LightChange.Look.goldenHour), ("ora dorata", .goldenHour), ("goldene Stunde", .goldenHour),
        ("hora dorada", .goldenHour), ("heure dorée", .goldenHour), ("hora dourada", .goldenHour),
        ("sunset", .sunset), ("tramonto", .sunset), ("Sonnenuntergang", .sunset), ("atardecer", .sunset),
        ("night falls", .night), ("la notte cala", .night), ("Nacht", .night), ("noche", .night), ("la nuit tombe", .night),
        ("noite", .night), ("dusk", .dusk), ("crepuscolo", .dusk), ("Dämmerung", .dusk), ("crépuscule", .dusk),
        ("storm", .storm), ("Gewitter", .storm), ("tormenta", .storm), ("orage", .storm), ("tempestade", .storm),
    ])
    func lightWordsInEveryLanguage(prompt: String, look: LightChange.Look) {
        let plan = PromptReader.read(prompt)
        #expect(plan.light?.look == look)
        #expect(plan.camera == .still, "a light change alone moves nothing else")
        #expect(plan.ignored.isEmpty, "ignored \(plan.ignored)")
    }

    /// In a loop, time goes 0 -> 1 -> 0 over each cycle, and the frame after a cycle is
    /// its first frame again.
    @Test func loopTimeGoesOutAndBack() {
        let framing = Framing(photoWidth: 64, photoHeight: 64, outputWidth: 16, outputHeight: 16, fit: .crop, move: .gentle)
        let plate = Plate(buffer: FrameBuffer(width: 16, height: 16), region: framing.plateRegion)
        let looping = FrameRenderer(plate: plate, framing: framing, frameCount: 40, schedule: .serial, loopFrames: 20)
        #expect(looping.time(ofFrame: 0) == 0 && looping.time(ofFrame: 10) == 1 && looping.time(ofFrame: 20) == 0)
        #expect(looping.time(ofFrame: 5) == looping.time(ofFrame: 15) && looping.time(ofFrame: 25) == looping.time(ofFrame: 5))
        let once = FrameRenderer(plate: plate, framing: framing, frameCount: 40, schedule: .serial)
        #expect(once.time(ofFrame: 0) == 0 && once.time(ofFrame: 39) == 1)
    }

    @Test(arguments: ["seamless loop", "in loop", "als Schleife", "en bucle", "en boucle", "loop perfetto"])
    func loopWords(_ prompt: String) {
        let plan = PromptReader.read("zoom in, " + prompt)
        #expect(plan.loop != nil && plan.ignored.isEmpty, "\(prompt): \(plan.ignored)")
    }

    @Test func lightAndCameraTogether() {
        let plan = PromptReader.read("slow zoom in while night falls")
        #expect(plan.light?.look == .night && plan.camera.zoom > 1)
        #expect(PromptReader.read("zoom in").light == nil)
    }
}
