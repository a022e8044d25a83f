/// Where plate pixels lie on the photo: plate pixel units (centres at i + 0.5) to the
/// normalised photo coordinates the scene maps use (0...1 across the photo).
public struct PlateGeometry: Sendable {
    let originX: Double, originY: Double       // photo's normalised x, y at plate (0, 0)
    let stepX: Double, stepY: Double           // normalised units per plate pixel

    public init(plate: Plate, framing: Framing) {
        let sx = plate.region.width / Double(plate.buffer.width)
        let sy = plate.region.height / Double(plate.buffer.height)
        let pw = Double(framing.photoWidth), ph = Double(framing.photoHeight)
        originX = (plate.region.minX - framing.photoOrigin.x) / pw
        originY = (plate.region.minY - framing.photoOrigin.y) / ph
        stepX = sx / pw
        stepY = sy / ph
    }

    @inline(__always)
    func photo(_ x: Float, _ y: Float) -> (x: Double, y: Double) {
        (originX + Double(x) * stepX, originY + Double(y) * stepY)
    }

    /// The plate point of a photo point in normalised coordinates: the inverse of `photo`.
    func plate(_ x: Double, _ y: Double) -> SIMD2<Double> {
        SIMD2((x - originX) / stepX, (y - originY) / stepY)
    }

    @inline(__always)
    func isInPhoto(_ p: (x: Double, y: Double)) -> Bool { p.x >= 0 && p.x <= 1 && p.y >= 0 && p.y <= 1 }
}

/// The images one clip's scene motion is drawn from, each made once per clip at the plate's
/// size: the maps (sky, water, foliage, depth in one pixel), the sky and the water each
/// extended behind whatever stands in front of them, and the background with the subject
/// removed, so that layers can slide over one another without smearing their neighbours.
public struct ScenePlates: @unchecked Sendable {
    /// The photo as framed; its alpha holds the sky's coverage when there is no `background`
    /// (it is then the land layer).
    public let photo: FrameBuffer
    /// x sky, y water, z foliage, w depth (0 near ... 1 far).
    public let maps: FrameBuffer
    public let sky: FrameBuffer?
    public let water: FrameBuffer?
    /// The photo with the subject painted out, for parallax that moves the subject apart;
    /// its alpha holds the sky's coverage. Only what the subject covers is painted out:
    /// elsewhere it is the photo.
    public let background: FrameBuffer?
    /// The subject's layer: premultiplied foreground colour, photo - (1 - a) * background,
    /// and its coverage a in alpha, so that `background * (1 - a) + subject` is the photo.
    public let subject: FrameBuffer?
    /// The box (plate pixels) outside which the subject's coverage is zero.
    public let subjectBounds: (minX: Float, minY: Float, maxX: Float, maxY: Float)?

    /// Values below this count as outside a region.
    static let inside: Float = 0.9

    /// - Parameters:
    ///   - skyLayer: the sky gets a plate of its own (it drifts, or lies far behind a camera move).
    ///   - layered: the subject is a layer of its own (depth parallax and a subject).
    public init(plate: Plate, framing: Framing, scene: SceneMaps, motion: SceneMotion, skyLayer: Bool, layered: Bool,
                schedule: RenderSchedule) {
        let geometry = PlateGeometry(plate: plate, framing: framing)
        let w = plate.buffer.width, h = plate.buffer.height
        let maps = FrameBuffer(width: w, height: h)
        var subject = [Float](repeating: 0, count: layered ? w * h : 0)
        maps.withMutablePixels { m in
            subject.withUnsafeMutableBufferPointer { subject in
                schedule.forEachBand(rows: h) { rows, _ in
                    for y in rows {
                        for x in 0..<w {
                            let p = geometry.photo(Float(x) + 0.5, Float(y) + 0.5)
                            guard geometry.isInPhoto(p) else {
                                m[y * w + x] = Pixel(0, 0, 0, 1)
                                continue
                            }
                            // Soft, at the analysis size: `refineMattes` puts the edges where the
                            // photo's are, at the plate's density.
                            m[y * w + x] = Pixel(scene.sky.value(atX: p.x, y: p.y),
                                                 scene.water.value(atX: p.x, y: p.y),
                                                 scene.foliage.value(atX: p.x, y: p.y),
                                                 scene.depth.value(atX: p.x, y: p.y))
                            if layered { subject[y * w + x] = scene.subject.value(atX: p.x, y: p.y) }
                        }
                    }
                }
            }
        }
        Self.refineMattes(maps, subject: &subject, photo: plate.buffer, sky: skyLayer, water: motion.water != nil)
        Self.keepStructuresOnLand(maps, photo: plate.buffer)
        self.maps = maps
        photo = plate.buffer
        // A layer's own plate keeps only what is surely its own (the mask well inside, a few
        // pixels clear of anything else) and fills the rest: no rocket, tree or shore pixel
        // can drift with the sky or the water.
        let clearance = max(2, w / 150)
        func known(_ channel: (Pixel) -> Float) -> [Float] {
            let outside = maps.withPixels { m in m.map { channel($0) >= Self.inside ? Float(0) : 1 } }
            return SceneMask(width: w, height: h, values: outside).dilated(radius: clearance).values.map { 1 - $0 }
        }
        sky = skyLayer ? Inpainting.fill(plate.buffer, known: known { $0.x }) : nil
        water = motion.water == nil ? nil : Inpainting.fill(plate.buffer, known: known { $0.y })
        if layered {
            // Paint out the subject and a margin round it (its soft edge would otherwise leave
            // a ghost outline behind when it moves).
            // What the margin keeps of the photo travels with the subject as part of its
            // premultiplied colour, so nothing of it is left behind either.
            let grown = SceneMask(width: w, height: h, values: subject).dilated(radius: max(2, w / 200))
            let fill = Inpainting.fill(plate.buffer, known: grown.values.map { $0 > 0.002 ? 0 : 1 })
            let layer = FrameBuffer(width: w, height: h, fill: Pixel(0, 0, 0, 0))
            var box: (minX: Float, minY: Float, maxX: Float, maxY: Float)?
            plate.buffer.withPixels { p in
                fill.withPixels { f in
                    layer.withMutablePixels { l in
                        for i in 0..<p.count {
                            let a = subject[i]
                            guard grown.values[i] > 0.002 else { continue }
                            var v = p[i] - f[i] * (1 - a)
                            v.w = a
                            l[i] = v
                            let x = Float(i % w), y = Float(i / w)
                            let b = box ?? (x, y, x + 1, y + 1)
                            box = (min(b.minX, x), min(b.minY, y), max(b.maxX, x + 1), max(b.maxY, y + 1))
                        }
                    }
                }
            }
            background = fill
            self.subject = layer
            subjectBounds = box.map { ($0.minX - 2, $0.minY - 2, $0.maxX + 2, $0.maxY + 2) }
        } else {
            background = nil
            self.subject = nil
            subjectBounds = nil
        }
        // The land layer carries the sky's coverage in its alpha.
        (background ?? plate.buffer).withMutablePixels { p in
            maps.withPixels { m in
                for i in 0..<p.count { p[i].w = m[i].x }
            }
        }
    }
}

extension ScenePlates {
    /// The layers' coverage as soft mattes at the plate's density: each analysis-size map
    /// through a guided filter (He, Sun and Tang) with the plate's colours as guide, so an
    /// edge is as sharp as the photo's own edge there (a horizon, a cloud's outline) and as
    /// soft as the photo where it is soft (haze, a blurred shore), instead of a hard mask
    /// with an edge rule.
    static func refineMattes(_ maps: FrameBuffer, subject: inout [Float], photo: FrameBuffer, sky: Bool, water: Bool) {
        let w = maps.width, h = maps.height
        guard w >= 8 && h >= 8 && (sky || water || !subject.isEmpty) else { return }
        var red = [Float](repeating: 0, count: w * h), green = red, blue = red
        var skyValues = red, waterValues = red
        photo.withPixels { p in
            maps.withPixels { m in
                for i in 0..<(w * h) {
                    (red[i], green[i], blue[i]) = (p[i].x, p[i].y, p[i].z)
                    (skyValues[i], waterValues[i]) = (m[i].x, m[i].y)
                }
            }
        }
        let guide = AnalysisImage(width: w, height: h, red: red, green: green, blue: blue, lightness: [],
                                  greenRed: [], blueYellow: [])
        let filter = GuidedFilter(guide: guide, radius: max(2, w / 240), epsilon: 0.002)
        if sky { skyValues = filter.apply(skyValues) }
        if water { waterValues = filter.apply(waterValues) }
        if !subject.isEmpty { subject = filter.apply(subject) }
        maps.withMutablePixels { m in
            for i in 0..<(w * h) {
                // Specks of coverage under a percent are noise of the fit, not the layer.
                func clean(_ v: Float) -> Float { v < 0.01 ? 0 : min(1, v) }
                m[i].x = clean(skyValues[i])
                m[i].y = clean(waterValues[i])
            }
        }
        subject = subject.map { $0 < 0.01 ? 0 : min(1, $0) }
    }

    /// Thin things the analysis size cannot resolve (a lattice tower, wires, a mast, bare
    /// branches against the sky) stay with the land: where the photo has a thin line inside
    /// the sky mask, the sky's coverage is taken away (and a pixel round it), so they neither
    /// drift with the clouds nor leave a hole the clouds show through.
    ///
    /// A line, not an edge: a pixel is on a line when, along some direction, the pixels
    /// `reach` away on both sides are both brighter (a dark wire) or both darker (a lit one)
    /// than it. A cloud's outline is a step (one side is like the pixel) and its inside a
    /// broad, soft shape, so clouds keep their coverage and drift whole.
    static func keepStructuresOnLand(_ maps: FrameBuffer, photo: FrameBuffer) {
        let w = maps.width, h = maps.height
        let reach = 3
        guard w > 2 * reach && h > 2 * reach else { return }
        var luma = [Float](repeating: 0, count: w * h)
        photo.withPixels { p in
            let weights = SIMD4<Float>(0.2126, 0.7152, 0.0722, 0)
            for i in 0..<(w * h) { luma[i] = (p[i] * weights).sum() }
        }
        var edge = [Float](repeating: 0, count: w * h)
        maps.withPixels { m in
            let offsets = [(reach, 0), (0, reach), (reach, reach), (reach, -reach)]
            for y in reach..<(h - reach) {
                for x in reach..<(w - reach) {
                    let i = y * w + x
                    guard m[i].x > 0.01 else { continue }
                    let v = luma[i]
                    var line: Float = 0
                    for (dx, dy) in offsets {
                        let before = luma[i - dy * w - dx], after = luma[i + dy * w + dx]
                        line = max(line, min(before - v, after - v), min(v - before, v - after))
                    }
                    let t = min(1, max(0, (line - 0.05) / 0.07))
                    edge[i] = t * t * (3 - 2 * t)
                }
            }
        }
        Self.keepLinesReachingLand(&edge, maps: maps)
        let grown = SceneMask(width: w, height: h, values: edge).dilated(radius: 1)
        maps.withMutablePixels { m in
            for i in 0..<m.count where grown.values[i] > 0 { m[i].x *= 1 - grown.values[i] }
        }
    }
}

extension ScenePlates {
    /// Keeps only the lines that reach the land or the plate's edge through other line pixels
    /// (8-connected): a mast, a tower, wires, a bridge's cables, branches stand on the land or
    /// hang from something that does, in the picture or beyond its edge, while the texture of
    /// clouds (bright rims, dark folds: short lines in the middle of the sky) does not, and
    /// must drift with the clouds.
    static func keepLinesReachingLand(_ edge: inout [Float], maps: FrameBuffer) {
        let w = maps.width, h = maps.height
        var reached = [Bool](repeating: false, count: w * h)
        var stack: [Int] = []
        maps.withPixels { m in
            // Seeds: line pixels within two pixels of the land (sky coverage under a half), or
            // near the plate's edge (lines are found from three pixels in).
            let land = SceneMask(width: w, height: h, values: m.map { $0.x < 0.5 ? 1 : 0 }).dilated(radius: 2)
            let border = 6
            for i in 0..<(w * h) where edge[i] > 0 {
                let x = i % w, y = i / w
                let nearEdge = x < border || y < border || x >= w - border || y >= h - border
                guard nearEdge || land.values[i] > 0 else { continue }
                reached[i] = true
                stack.append(i)
            }
        }
        while let i = stack.popLast() {
            let x = i % w, y = i / w
            for dy in -1...1 {
                for dx in -1...1 {
                    let nx = x + dx, ny = y + dy
                    guard nx >= 0 && nx < w && ny >= 0 && ny < h else { continue }
                    let j = ny * w + nx
                    if !reached[j] && edge[j] > 0 {
                        reached[j] = true
                        stack.append(j)
                    }
                }
            }
        }
        for i in 0..<(w * h) where !reached[i] { edge[i] = 0 }
    }
}

extension SceneMask {
    /// The maximum over a square of side 2 * radius + 1 (separable), growing the mask.
    ///
    /// Each line's running maximum is van Herk's: the line cut into blocks of the window's
    /// length, with each block's maxima from its start and from its end, so any window is the
    /// larger of two lookups and the cost does not grow with the radius.
    func dilated(radius r: Int) -> SceneMask {
        var out = values
        let window = 2 * r + 1
        let padded = ((max(width, height) + 2 * r + window - 1) / window) * window
        var line = [Float](repeating: 0, count: padded)
        var ahead = line, behind = line
        // Rows, then columns: the maximum over a window along each line of `count` values `step` apart.
        for (lines, count, lineStride, step) in [(height, width, width, 1), (width, height, 1, width)] {
            for l in 0..<lines {
                let base = l * lineStride
                // Zeros beyond the ends (masks are 0 or more).
                for j in 0..<padded { line[j] = 0 }
                for i in 0..<count { line[i + r] = out[base + i * step] }
                var start = 0
                while start < padded {
                    let end = start + window
                    ahead[start] = line[start]
                    for j in (start + 1)..<end { ahead[j] = max(ahead[j - 1], line[j]) }
                    behind[end - 1] = line[end - 1]
                    for j in stride(from: end - 2, through: start, by: -1) { behind[j] = max(behind[j + 1], line[j]) }
                    start = end
                }
                for i in 0..<count { out[base + i * step] = max(0, max(behind[i], ahead[i + window - 1])) }
            }
        }
        return SceneMask(width: width, height: height, values: out)
    }
}
