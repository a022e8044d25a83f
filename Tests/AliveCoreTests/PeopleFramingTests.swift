import Testing

@testable import AliveCore

/// The crop keeps heads whole and the badge keeps clear of them (the heads stand for what
/// AliveFaces finds; here they are placed where a centred crop would cut them).
@Suite struct PeopleFramingTests {
    static let (photoWidth, photoHeight) = (3000, 2000)

    static func people(_ heads: [ScenePeople.Head]) -> ScenePeople {
        ScenePeople(heads: heads, photoWidth: photoWidth, photoHeight: photoHeight) { w, h in [UInt8](repeating: 0, count: w * h) }
    }

    /// How much of each head the views at the start and the end of the move show: 1 is whole.
    static func shown(_ people: ScenePeople, _ framing: Framing) -> [Double] {
        [0.0, 1.0].flatMap { t in
            let v = framing.path.window(at: t)
            return people.heads.map { head in
                let ix = min(v.maxX, head.maxX) - max(v.minX, head.minX)
                let iy = min(v.maxY, head.maxY) - max(v.minY, head.minY)
                return max(0, ix) * max(0, iy) / (head.width * head.height)
            }
        }
    }

    @Test(arguments: ["slow zoom in", "zoom out", "pan right", "flat zoom in"])
    func aHeadBesideTheCentreStaysWhole(_ prompt: String) throws {
        // A landscape photo cut to 9:16: the view is 1125 wide. A head whose left edge lies
        // just right of where a centred view ends would be cut by a crop around the centre.
        let design = ClipDesign(plan: PromptReader.read(prompt), width: 1080, height: 1920, fit: .crop)
        let head = ScenePeople.Head(minX: 1900, minY: 500, maxX: 2200, maxY: 900)
        let people = Self.people([head])
        let centred = design.framing(photoWidth: Self.photoWidth, photoHeight: Self.photoHeight, focus: (1500, 1000))
        #expect(Self.shown(people, centred).contains { $0 > 0 && $0 < 1 }, "the centred crop cuts the head (the case is real)")
        let found = PeopleFraming.focus(for: people, design: design, photoWidth: Self.photoWidth, photoHeight: Self.photoHeight)
        let framing = design.framing(photoWidth: Self.photoWidth, photoHeight: Self.photoHeight, focus: found.focus)
        #expect(found.allWhole && Self.shown(people, framing).allSatisfy { $0 > 0.999 }, "\(prompt): \(Self.shown(people, framing))")
    }

    @Test func aGroupTooWideForTheViewIsNotCut() throws {
        // Three heads across 2400 pixels: no 9:16 view holds all of them; none may be cut.
        let design = ClipDesign(plan: PromptReader.read("slow zoom in"), width: 1080, height: 1920, fit: .crop)
        let heads = [300.0, 1350, 2500].map { ScenePeople.Head(minX: $0, minY: 600, maxX: $0 + 260, maxY: 950) }
        let people = Self.people(heads)
        let fitted = PeopleFraming.fit(design, people: people, photoWidth: Self.photoWidth, photoHeight: Self.photoHeight)
        #expect(!fitted.allWhole && fitted.design.plan.camera == design.plan.camera, "no easing holds them all: the move stays")
        let framing = design.framing(photoWidth: Self.photoWidth, photoHeight: Self.photoHeight, focus: fitted.focus)
        let shown = Self.shown(people, framing)
        #expect(shown.allSatisfy { $0 < 0.001 || $0 > 0.999 }, "\(shown)")
        #expect(shown.filter { $0 > 0.999 }.count >= 2, "the middle head at least, in both views: \(shown)")
    }

    @Test func aZoomIsEasedWhenItsLastViewCannotHoldBothHeads() throws {
        // Two heads side by side, 1000 wide together: the first 9:16 view (1125 wide) holds
        // them, the last view of a strong zoom in (1125 / 1.4) does not.
        let design = ClipDesign(plan: PromptReader.read("fast zoom in"), width: 1080, height: 1920, fit: .crop)
        #expect(design.plan.camera.zoom > 1.2)
        let heads = [1000.0, 1500].map { ScenePeople.Head(minX: $0, minY: 700, maxX: $0 + 500, maxY: 1300) }
        let people = Self.people(heads)
        #expect(!PeopleFraming.focus(for: people, design: design, photoWidth: Self.photoWidth,
                                     photoHeight: Self.photoHeight).allWhole, "the case is real")
        let fitted = PeopleFraming.fit(design, people: people, photoWidth: Self.photoWidth, photoHeight: Self.photoHeight)
        #expect(fitted.allWhole && fitted.easing < 1 && fitted.easing > 0, "eased, not dropped: \(fitted.easing)")
        #expect(fitted.design.plan.camera.zoom < design.plan.camera.zoom && fitted.design.plan.camera.zoom > 1)
        let framing = fitted.design.framing(photoWidth: Self.photoWidth, photoHeight: Self.photoHeight, focus: fitted.focus)
        #expect(Self.shown(people, framing).allSatisfy { $0 > 0.999 })
    }

    @Test func theBadgeMovesToACornerClearOfTheHeads() throws {
        let style = LabelStyle()
        let badge = LabelRenderer(style: style, frameWidth: 1080, frameHeight: 1920).badgeRect
        // A head right over the default (top-left) badge.
        let head = BadgeRect(x: badge.x + 10, y: badge.y - 40, width: 300, height: 380)
        let moved = style.clear(of: [head], frameWidth: 1080, frameHeight: 1920)
        #expect(style.position == .topLeft && moved.position == .topRight)
        let rect = LabelRenderer(style: moved, frameWidth: 1080, frameHeight: 1920).badgeRect
        #expect(rect.maxX <= head.x || rect.x >= head.maxX || rect.maxY <= head.y || rect.y >= head.maxY)
        // Heads across the whole top: a bottom corner.
        let wide = BadgeRect(x: 0, y: 0, width: 1080, height: 700)
        #expect(style.clear(of: [wide], frameWidth: 1080, frameHeight: 1920).position == .bottomLeft)
        // No heads: the style as it was.
        #expect(style.clear(of: [], frameWidth: 1080, frameHeight: 1920).position == .topLeft)
    }

    @Test func facesTakeNoSkyAndOneDepth() {
        let w = 40, h = 30
        let maps = SceneMaps(sky: SceneMask(width: w, height: h, filling: 1),
                             water: SceneMask(width: w, height: h, filling: 0.5),
                             subject: SceneMask(width: w, height: h, filling: 0),
                             depth: SceneMask(width: w, height: h, values: (0..<(w * h)).map { Float($0 % w) / Float(w) }),
                             horizon: 0.5, foliage: SceneMask(width: w, height: h, filling: 1))
        // A person over columns 10..<20, every row.
        let people = ScenePeople(heads: [ScenePeople.Head(minX: 10, minY: 0, maxX: 20, maxY: 10)], photoWidth: w, photoHeight: h) { mw, mh in
            (0..<(mw * mh)).map { ($0 % mw) >= mw / 4 && ($0 % mw) < mw / 2 ? 255 : 0 }
        }
        let kept = maps.keepingWhole(people)
        for y in 0..<h {
            for x in 10..<20 {
                #expect(kept.sky[x, y] == 0 && kept.water[x, y] == 0 && kept.foliage[x, y] == 0)
                #expect(kept.subject[x, y] == 1)
                #expect(kept.depth[x, y] == kept.depth[10, 0], "one depth over the person")
            }
            #expect(kept.sky[5, y] == 1 && kept.depth[30, y] == maps.depth[30, y], "the rest unchanged")
        }
    }
}
