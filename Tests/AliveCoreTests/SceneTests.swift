@testable import AliveCore
import Foundation
import Testing

/// Scene understanding (sky, water, subject, depth) against synthetic landscapes whose truth
/// is known pixel by pixel, and sanity checks on the real sample photos.
@Suite struct SceneTests {
    /// Synthetic scenes are drawn once per process: drawing is the slow part of these tests.
    static let scenes: [SyntheticScene] = SyntheticScene.recipes.map { SyntheticScene($0) }
    static let maps: [SceneMaps] = scenes.map { SceneAnalysis.analyze($0.photo) }

    @Test(arguments: 0..<SyntheticScene.recipes.count)
    func skyMatchesTheTruth(_ index: Int) {
        let scene = Self.scenes[index], maps = Self.maps[index]
        let iou = intersectionOverUnion(maps.sky, scene.truthMask([.sky]))
        print("scene '\(scene.recipe.name)': sky IoU \(format(iou))")
        dump(scene, maps)
        #expect(iou >= 0.95, "sky IoU \(iou) in '\(scene.recipe.name)'")
    }

    @Test(arguments: 0..<SyntheticScene.recipes.count)
    func waterMatchesTheTruth(_ index: Int) {
        let scene = Self.scenes[index], maps = Self.maps[index]
        if scene.recipe.hasWater {
            let iou = intersectionOverUnion(maps.water, scene.truthMask([.water]))
            print("scene '\(scene.recipe.name)': water IoU \(format(iou))")
            #expect(iou >= 0.95, "water IoU \(iou) in '\(scene.recipe.name)'")
        } else {
            let area = fraction(maps.water)
            print("scene '\(scene.recipe.name)': water area \(format(area)) (no water in it)")
            #expect(area < 0.01, "water where there is none in '\(scene.recipe.name)': \(area)")
        }
    }

    /// Foliage (what sways) covers the tree line and never the sky, the sea or the sand.
    @Test(arguments: 0..<SyntheticScene.recipes.count)
    func foliageIsTheTrees(_ index: Int) {
        let scene = Self.scenes[index], maps = Self.maps[index]
        func covered(_ kinds: Set<SyntheticScene.Truth>) -> Double {
            let truth = scene.truthMask(kinds)
            let inside = truth.indices.filter { truth[$0] }
            return Double(inside.filter { maps.foliage.values[$0] >= 0.5 }.count) / Double(max(1, inside.count))
        }
        let trees = covered([.trees]), elsewhere = covered(scene.recipe.hasWater ? [.sky, .water, .ground] : [.sky])
        print("scene '\(scene.recipe.name)': foliage covers \(format(trees)) of the trees, \(format(elsewhere)) of the rest")
        #expect(trees >= 0.6 && elsewhere <= 0.05)
    }

    @Test(arguments: 0..<SyntheticScene.recipes.count)
    func depthOrdersTheScene(_ index: Int) {
        let scene = Self.scenes[index], maps = Self.maps[index]
        let truth = scene.truthDepth()
        let rho = spearman(maps.depth.values, truth)
        print("scene '\(scene.recipe.name)': depth Spearman \(format(rho))")
        #expect(rho > 0.8, "depth rank correlation \(rho) in '\(scene.recipe.name)'")

        let sky = meanDepth(maps.depth, where: scene.truthMask([.sky]))
        let ground = scene.truthMask([.ground])
        // The bottom tenth of the photo: the nearest beach or meadow.
        let w = maps.depth.width, h = maps.depth.height
        let bottom = (0..<(w * h)).map { ground[$0] && $0 / w >= h * 9 / 10 }
        let near = meanDepth(maps.depth, where: bottom)
        #expect(sky > near)
        if scene.recipe.hasWater {
            let water = meanDepth(maps.depth, where: scene.truthMask([.water]))
            #expect(sky > water, "sky \(sky) should be deeper than water \(water)")
            #expect(water > near, "water \(water) should be deeper than the beach \(near)")
        }
    }

    @Test func subjectIsTheBoat() throws {
        let index = try #require(SyntheticScene.recipes.firstIndex { $0.hasBoat })
        let scene = Self.scenes[index], maps = Self.maps[index]
        let iou = intersectionOverUnion(maps.subject, scene.truthMask([.subject]))
        print("scene '\(scene.recipe.name)': subject IoU \(format(iou))")
        #expect(iou >= 0.6, "subject IoU \(iou)")
        // The boat stands in front of the water behind it (a few rows above its top).
        let boatTruth = scene.truthMask([.subject]), waterTruth = scene.truthMask([.water])
        let boat = meanDepth(maps.depth, where: boatTruth)
        let w = maps.depth.width
        let top = (boatTruth.firstIndex(of: true) ?? 0) / w
        let behind = meanDepth(maps.depth, where: waterTruth.indices.map { waterTruth[$0] && $0 / w == top - 3 })
        #expect(boat < behind, "boat depth \(boat), water behind it \(behind)")
    }

    @Test(arguments: 0..<SyntheticScene.recipes.count)
    func skyEdgeFollowsTheHorizonAndTreeLine(_ index: Int) {
        let scene = Self.scenes[index], sky = Self.maps[index].sky
        let truth = scene.truthMask([.sky])
        let w = sky.width, h = sky.height
        var sharp = 0, columns = 0
        for x in 0..<w {
            var boundary = 0
            while boundary < h && truth[boundary * w + x] { boundary += 1 }
            guard boundary >= 3 && boundary + 3 < h else { continue }
            columns += 1
            if sky[x, boundary - 3] >= 0.9 && sky[x, boundary + 3] <= 0.1 { sharp += 1 }
        }
        let share = Double(sharp) / Double(max(1, columns))
        print("scene '\(scene.recipe.name)': sky edge within 3 px in \(format(share)) of columns")
        #expect(share >= 0.9, "sharp sky edge in only \(share) of columns")
    }

    @Test(arguments: 0..<SyntheticScene.recipes.count)
    func horizonIsFound(_ index: Int) throws {
        let scene = Self.scenes[index], maps = Self.maps[index]
        let horizon = try #require(maps.horizon)
        let truth = Double(scene.horizonRow) / Double(scene.photo.height)
        #expect(abs(horizon - truth) < 0.03, "horizon \(horizon), truth \(truth)")
    }

    @Test func analysisIsDeterministic() {
        let scene = Self.scenes[0]
        let a = SceneAnalysis.analyze(scene.photo), b = SceneAnalysis.analyze(scene.photo)
        #expect(a.sky == b.sky && a.water == b.water && a.subject == b.subject && a.depth == b.depth)
        #expect(a.horizon == b.horizon)
    }

    @Test func masksSampleAndExport() {
        let mask = SceneMask(width: 2, height: 1, values: [0, 1])
        #expect(mask.value(atX: 0, y: 0.5) == 0)
        #expect(mask.value(atX: 0.5, y: 0.5) == 0.5)
        #expect(mask.value(atX: 1, y: 0.5) == 1)
        let big = mask.upsampled(width: 8, height: 3)
        #expect(big.width == 8 && big.height == 3)
        #expect(big[0, 0] == 0 && big[7, 2] == 1 && big[3, 1] < big[4, 1])
        #expect(mask.bytes() == [0, 255])
    }

    @Test func areaDownscaleAveragesExactly() {
        // A 3:1 downscale of a column pattern 0, 0, 255 averages to 85 everywhere.
        let photo = TestImages.photo(width: 30, height: 9) { x, _ in
            x % 3 == 2 ? SIMD4(255, 255, 255, 255) : SIMD4(0, 0, 0, 255)
        }
        let image = AnalysisImage.downscaled(photo, longestSide: 10)
        #expect(image.width == 10 && image.height == 3)
        for v in image.red { #expect(abs(v - 1.0 / 3.0) < 1e-5) }
    }

    /// The occlusion cue: a box standing on a floor in front of a wall, and a post at the
    /// frame's left edge. The box is enclosed by floor and wall, so it is in front of both;
    /// the post touches the border, so it gets no pull.
    @Test func enclosedRegionIsInFront() {
        let photo = TestImages.photo(width: 160, height: 120) { x, y in
            if x < 12 { return SIMD4(60, 90, 160, 255) }                            // post
            if (60..<100).contains(x) && (40..<90).contains(y) { return SIMD4(200, 40, 30, 255) }  // box
            return y < 70 ? SIMD4(130, 165, 110, 255) : SIMD4(120, 120, 115, 255)   // green wall, floor
        }
        let image = AnalysisImage.downscaled(photo, longestSide: 160)
        let enclosure = Enclosure.find(in: image)
        let box = enclosure[65 * 160 + 80], post = enclosure[60 * 160 + 5]
        let wall = enclosure[20 * 160 + 80], floor = enclosure[110 * 160 + 80]
        print("enclosure: box \(format(box)), post \(format(post)), wall \(format(wall)), floor \(format(floor))")
        #expect(box > 0.9 && post < 0.05 && wall < 0.05 && floor < 0.05)

        let depth = SceneAnalysis.analyze(photo, analysisSide: 160).depth
        // The box's top half is level with the wall, its foot with the floor: nearer than both.
        #expect(depth[80, 45] < depth[80, 30], "box \(depth[80, 45]) should be nearer than the wall above it")
        #expect(depth[80, 85] < depth[80, 95], "box \(depth[80, 85]) should be nearer than the floor below it")
    }

    // MARK: Real photos

    @Test func rocketHasSkyAboveAndTheTowerIsNotSky() throws {
        let photo = try decodeSample("rocket.jpg")
        let maps = SceneAnalysis.analyze(photo)
        dump(named: "rocket", maps)
        let sky = maps.sky, w = sky.width, h = sky.height
        var top = 0
        for y in 0..<(h / 3) { for x in 0..<w where sky[x, y] >= 0.5 { top += 1 } }
        let topShare = Double(top) / Double(w * (h / 3))
        print("rocket.jpg: sky in the top third \(format(topShare)), horizon \(maps.horizon.map(format) ?? "none")")
        #expect(topShare > 0.6)
        // The rocket stands at 48-52% of the width from 35% of the height down; the left tower
        // fills the left 3-8% from the top. Neither is sky.
        let rocket = meanValue(sky, x: 0.485...0.515, y: 0.45...0.85)
        let tower = meanValue(sky, x: 0.0...0.06, y: 0.5...0.8)
        print("rocket.jpg: sky on the rocket \(format(rocket)), on the left tower \(format(tower))")
        #expect(rocket < 0.2)
        #expect(tower < 0.5)
    }

    @Test func catCloseUpHasNoSkyNoWater() throws {
        let maps = SceneAnalysis.analyze(try decodeSample("chelsea.png"))
        dump(named: "chelsea", maps)
        print("chelsea.png: sky \(format(fraction(maps.sky))), water \(format(fraction(maps.water)))")
        #expect(fraction(maps.sky) < 0.05)
        #expect(fraction(maps.water) < 0.05)
    }

    /// A cup on a wooden table: the smooth brown wood behind it is not sky.
    @Test func tableTopIsNotSky() throws {
        let maps = SceneAnalysis.analyze(try decodeSample("coffee.png"))
        #expect(fraction(maps.sky) < 0.05)
        #expect(fraction(maps.water) < 0.05)
    }

    /// Known gap: a plain grey studio backdrop looks like an overcast sky, and the dark table
    /// under the astronaut like still water. This flips (and fails as "known issue was not
    /// recorded") once the analysis tells them apart.
    @Test func studioBackdropIsNotSky() throws {
        let maps = SceneAnalysis.analyze(try decodeSample("astronaut.png"))
        withKnownIssue("a grey studio backdrop reads as overcast sky") {
            #expect(fraction(maps.sky) < 0.05)
            #expect(fraction(maps.water) < 0.05)
        }
    }

    @Test(arguments: ["coffee.png", "astronaut.png"])
    func otherSamplesAnalyse(_ name: String) throws {
        let maps = SceneAnalysis.analyze(try decodeSample(name))
        dump(named: name, maps)
        print("\(name): sky \(format(fraction(maps.sky))), water \(format(fraction(maps.water))), "
              + "subject \(format(fraction(maps.subject))), horizon \(maps.horizon.map(format) ?? "none")")
        #expect(maps.sky.width == 320 || maps.sky.height == 320)
    }
}

// MARK: Measures

private func fraction(_ mask: SceneMask) -> Double {
    Double(mask.values.filter { $0 >= 0.5 }.count) / Double(mask.values.count)
}

private func intersectionOverUnion(_ mask: SceneMask, _ truth: [Bool]) -> Double {
    var both = 0, either = 0
    for i in truth.indices {
        let m = mask.values[i] >= 0.5
        if m && truth[i] { both += 1 }
        if m || truth[i] { either += 1 }
    }
    return either == 0 ? 1 : Double(both) / Double(either)
}

private func meanDepth(_ depth: SceneMask, where member: [Bool]) -> Float {
    var sum: Float = 0, count: Float = 0
    for i in member.indices where member[i] { sum += depth.values[i]; count += 1 }
    return count == 0 ? .nan : sum / count
}

private func meanValue(_ mask: SceneMask, x: ClosedRange<Double>, y: ClosedRange<Double>) -> Float {
    var sum: Float = 0, count: Float = 0
    for j in 0..<mask.height {
        for i in 0..<mask.width {
            let u = (Double(i) + 0.5) / Double(mask.width), v = (Double(j) + 0.5) / Double(mask.height)
            if x.contains(u) && y.contains(v) { sum += mask[i, j]; count += 1 }
        }
    }
    return sum / max(count, 1)
}

/// Spearman's rank correlation, ties given their average rank.
func spearman(_ a: [Float], _ b: [Float]) -> Double {
    func ranks(_ v: [Float]) -> [Double] {
        let order = v.indices.sorted { v[$0] < v[$1] }
        var r = [Double](repeating: 0, count: v.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && v[order[j + 1]] == v[order[i]] { j += 1 }
            let average = Double(i + j) / 2
            for k in i...j { r[order[k]] = average }
            i = j + 1
        }
        return r
    }
    let ra = ranks(a), rb = ranks(b)
    let n = Double(a.count)
    let ma = ra.reduce(0, +) / n, mb = rb.reduce(0, +) / n
    var sab = 0.0, saa = 0.0, sbb = 0.0
    for i in ra.indices {
        sab += (ra[i] - ma) * (rb[i] - mb); saa += (ra[i] - ma) * (ra[i] - ma); sbb += (rb[i] - mb) * (rb[i] - mb)
    }
    return sab / (saa * sbb).squareRoot()
}

private func format(_ v: Double) -> String { String(format: "%.3f", v) }
private func format(_ v: Float) -> String { format(Double(v)) }

// MARK: Samples and debugging output

/// With SCENE_DUMP=DIR set, writes the maps as PGM files there, to look at.
private func dump(_ scene: SyntheticScene, _ maps: SceneMaps) {
    dump(named: scene.recipe.name.replacingOccurrences(of: " ", with: "-"), maps)
}

func dump(named name: String, _ maps: SceneMaps) {
    guard let directory = ProcessInfo.processInfo.environment["SCENE_DUMP"] else { return }
    for (kind, mask) in [("sky", maps.sky), ("water", maps.water), ("subject", maps.subject), ("depth", maps.depth)] {
        let header = Array("P5\n\(mask.width) \(mask.height)\n255\n".utf8)
        let url = URL(fileURLWithPath: directory).appendingPathComponent("\(name)-\(kind).pgm")
        try? Data(header + mask.bytes()).write(to: url)
    }
}
