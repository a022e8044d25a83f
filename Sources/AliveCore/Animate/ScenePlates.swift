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

    @inline(__always)
    func isInPhoto(_ p: (x: Double, y: Double)) -> Bool { p.x >= 0 && p.x <= 1 && p.y >= 0 && p.y <= 1 }
}

/// The images one clip's scene motion is drawn from, each made once per clip at the plate's
/// size: the maps (sky, water, foliage, depth in one pixel), the sky and the water each
/// extended behind whatever stands in front of them, and the background with the subject
/// removed, so that layers can slide over one another without smearing their neighbours.
public struct ScenePlates: @unchecked Sendable {
    /// The photo as framed; its alpha holds the subject's coverage when `background` exists,
    /// else the sky's (it is then the land layer).
    public let photo: FrameBuffer
    /// x sky, y water, z foliage, w depth (0 near ... 1 far).
    public let maps: FrameBuffer
    public let sky: FrameBuffer?
    public let water: FrameBuffer?
    /// The photo with the subject painted out, for parallax that moves the subject apart;
    /// its alpha holds the sky's coverage.
    public let background: FrameBuffer?
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
                            // A little contrast: the analysis-size maps are soft; the layers want a
                            // decisive edge a pixel or two wide.
                            func sharp(_ v: Float) -> Float { min(1, max(0, (v - 0.5) * 1.6 + 0.5)) }
                            m[y * w + x] = Pixel(sharp(scene.sky.value(atX: p.x, y: p.y)),
                                                 sharp(scene.water.value(atX: p.x, y: p.y)),
                                                 scene.foliage.value(atX: p.x, y: p.y),
                                                 scene.depth.value(atX: p.x, y: p.y))
                            if layered { subject[y * w + x] = sharp(scene.subject.value(atX: p.x, y: p.y)) }
                        }
                    }
                }
            }
        }
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
            let grown = SceneMask(width: w, height: h, values: subject).dilated(radius: max(2, w / 200))
            background = Inpainting.fill(plate.buffer, known: grown.values.map { $0 > 0.05 ? 0 : 1 })
            var box: (minX: Float, minY: Float, maxX: Float, maxY: Float)?
            plate.buffer.withMutablePixels { p in
                for i in 0..<p.count {
                    p[i].w = subject[i]
                    guard subject[i] > 0.002 else { continue }
                    let x = Float(i % w), y = Float(i / w)
                    let b = box ?? (x, y, x + 1, y + 1)
                    box = (min(b.minX, x), min(b.minY, y), max(b.maxX, x + 1), max(b.maxY, y + 1))
                }
            }
            subjectBounds = box.map { ($0.minX - 2, $0.minY - 2, $0.maxX + 2, $0.maxY + 2) }
        } else {
            background = nil
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
    /// Thin, sharp things the analysis size cannot resolve (a lattice tower, wires, bare
    /// branches against the sky) stay with the land: where the photo has a strong edge inside
    /// the sky mask, the sky's coverage is taken away (and a pixel round it), so they neither
    /// drift with the clouds nor leave a hole the clouds show through. Cloud edges are soft
    /// at plate density and keep their coverage.
    static func keepStructuresOnLand(_ maps: FrameBuffer, photo: FrameBuffer) {
        let w = maps.width, h = maps.height
        guard w > 2 && h > 2 else { return }
        var edge = [Float](repeating: 0, count: w * h)
        photo.withPixels { p in
            maps.withPixels { m in
                let weights = SIMD4<Float>(0.2126, 0.7152, 0.0722, 0)
                for y in 1..<(h - 1) {
                    for x in 1..<(w - 1) {
                        let i = y * w + x
                        guard m[i].x > 0.01 else { continue }
                        let gx = ((p[i + 1] - p[i - 1]) * weights).sum(), gy = ((p[i + w] - p[i - w]) * weights).sum()
                        let g = max(abs(gx), abs(gy)) / 2
                        let t = min(1, max(0, (g - 0.04) / 0.06))
                        edge[i] = t * t * (3 - 2 * t)
                    }
                }
            }
        }
        let grown = SceneMask(width: w, height: h, values: edge).dilated(radius: 1)
        maps.withMutablePixels { m in
            for i in 0..<m.count where grown.values[i] > 0 { m[i].x *= 1 - grown.values[i] }
        }
    }
}

extension SceneMask {
    /// The maximum over a square of side 2 * radius + 1 (separable), growing the mask.
    func dilated(radius r: Int) -> SceneMask {
        var out = values
        var line = [Float](repeating: 0, count: max(width, height))
        // Rows, then columns: the maximum over a window along each line of `count` values `step` apart.
        for (lines, count, lineStride, step) in [(height, width, width, 1), (width, height, 1, width)] {
            for l in 0..<lines {
                let base = l * lineStride
                for i in 0..<count { line[i] = out[base + i * step] }
                for i in 0..<count {
                    var m: Float = 0
                    for k in max(0, i - r)...min(count - 1, i + r) { m = max(m, line[k]) }
                    out[base + i * step] = m
                }
            }
        }
        return SceneMask(width: width, height: height, values: out)
    }
}
