import Foundation

/// `alive plan --preview FILE.png`: one picture a creator reads at a glance. On the left, the
/// photo with the sky tinted blue, the water teal, foliage green and the subject orange,
/// with an arrow for each flow where it happens and one for the camera; on the right, the
/// depth map (dark near, light far). Captions name each motion; a legend under both shows
/// each map's colour with its name and the depth ramp.
public enum PlanPreview {
    static let skyTint = SIMD3<Float>(0.25, 0.55, 1)
    static let waterTint = SIMD3<Float>(0, 0.85, 0.75)
    static let foliageTint = SIMD3<Float>(0.35, 0.9, 0.2)
    static let subjectTint = SIMD3<Float>(1, 0.55, 0.1)

    /// Draws the preview for `photo` (any size; it is shown with its longest side `side`).
    public static func draw(photo: Photo, scene: SceneMaps, plan: MotionPlan, side: Int = 720) -> FrameBuffer {
        let scale = Double(side) / Double(max(photo.width, photo.height))
        let pw = max(16, Int(Double(photo.width) * scale)), ph = max(16, Int(Double(photo.height) * scale))
        let picture = PlateResampler.resample(photo, region: CameraWindow(minX: 0, minY: 0, width: Double(photo.width),
                                                                          height: Double(photo.height)),
                                              width: pw, height: ph, schedule: .serial)
        let legendHeight = max(16, ph / 6)
        let canvas = FrameBuffer(width: pw * 2, height: ph + legendHeight, fill: Pixel(0, 0, 0, 1))
        for y in 0..<ph {
            for x in 0..<pw {
                let u = (Double(x) + 0.5) / Double(pw), v = (Double(y) + 0.5) / Double(ph)
                var c = SIMD3<Float>(picture[x, y].x, picture[x, y].y, picture[x, y].z)
                for (mask, tint) in [(scene.sky, skyTint), (scene.water, waterTint), (scene.foliage, foliageTint),
                                     (scene.subject, subjectTint)] {
                    let a = mask.value(atX: u, y: v) * 0.45
                    c += (tint - c) * a
                }
                canvas[x, y] = Pixel(c.x, c.y, c.z, 1)
                let d = scene.depth.value(atX: u, y: v)
                canvas[pw + x, y] = Pixel(d, d, d, 1)
            }
        }
        let unit = Float(min(pw, ph))
        var captions: [String] = []
        func centroid(_ mask: SceneMask) -> SIMD2<Float> {
            var sum = SIMD2<Float>.zero, weight: Float = 0
            for j in 0..<mask.height {
                for i in 0..<mask.width {
                    let m = mask[i, j]
                    sum += SIMD2(Float(i) + 0.5, Float(j) + 0.5) * m
                    weight += m
                }
            }
            let c = weight > 0 ? sum / weight : SIMD2(Float(mask.width) / 2, Float(mask.height) / 2)
            return SIMD2(c.x / Float(mask.width) * Float(pw), c.y / Float(mask.height) * Float(ph))
        }
        func flowArrow(_ flow: Flow, in mask: SceneMask, colour: SIMD3<Float>, name: String) {
            let d = SkyDrift.direction(flow)
            let length = unit * Float(min(0.35, max(0.12, flow.speed * 8)))
            let c = centroid(mask)
            arrow(on: canvas, from: c - d * length / 2, to: c + d * length / 2, colour: colour, width: unit / 90)
            captions.append(name)
        }
        let m = plan.motion
        if let sky = m.sky { flowArrow(sky, in: scene.sky, colour: SIMD3(1, 1, 1), name: "sky drifts") }
        if let water = m.water { flowArrow(water, in: scene.water, colour: SIMD3(0.7, 1, 0.95), name: "water moves") }
        if let fog = m.fog {
            flowArrow(fog, in: SceneMask(width: 1, height: 1, filling: 1), colour: SIMD3(0.9, 0.9, 0.9), name: "fog drifts")
        }
        if m.foliage != nil { captions.append("foliage sways") }
        if let p = m.particles { captions.append(p.kind.rawValue) }
        // The camera: arrows out from the centre for a push in, in for a pull out, across for a pan.
        let cam = plan.camera
        let centre = SIMD2(Float(pw) / 2, Float(ph) / 2)
        let yellow = SIMD3<Float>(1, 0.85, 0.1)
        if cam.zoom != 1 {
            for corner in [SIMD2<Float>(-1, -1), SIMD2(1, -1), SIMD2(-1, 1), SIMD2(1, 1)] {
                let inner = centre + corner * unit * 0.12, outer = centre + corner * unit * 0.24
                cam.zoom > 1 ? arrow(on: canvas, from: inner, to: outer, colour: yellow, width: unit / 110)
                    : arrow(on: canvas, from: outer, to: inner, colour: yellow, width: unit / 110)
            }
            captions.append(cam.zoom > 1 ? "camera pushes in" : "camera pulls out")
        }
        if cam.panX != 0 || cam.panY != 0 {
            let d = SIMD2(Float(cam.panX), Float(cam.panY))
            let n = d / max(1e-6, (d * d).sum().squareRoot())
            arrow(on: canvas, from: centre - n * unit * 0.2, to: centre + n * unit * 0.2, colour: yellow, width: unit / 70)
            captions.append("camera moves")
        }
        if cam.orbit != 0 {
            let s: Float = cam.orbit > 0 ? 1 : -1
            arrow(on: canvas, from: centre + SIMD2(-s * unit * 0.2, unit * 0.3), to: centre + SIMD2(s * unit * 0.2, unit * 0.3),
                  colour: yellow, width: unit / 80)
            captions.append("camera orbits")
        }
        if let light = plan.light { captions.append(light.look.rawValue) }
        if captions.isEmpty { captions.append("still") }
        if plan.motion.parallax > 0 && !cam.isStill { captions.append("with depth") }
        let picturePart = FrameBuffer(width: canvas.width, height: ph)
        for y in 0..<ph { for x in 0..<canvas.width { picturePart[x, y] = canvas[x, y] } }
        LabelRenderer(style: LabelStyle(text: captions.joined(separator: " · "), position: .bottomLeft, showsIcon: false),
                      frameWidth: picturePart.width, frameHeight: picturePart.height).draw(on: picturePart)
        for y in 0..<ph { for x in 0..<canvas.width { canvas[x, y] = picturePart[x, y] } }
        drawLegend(on: canvas, top: ph, height: legendHeight)
        return canvas
    }

    /// The legend under the picture: a swatch of each map's own colour with its name, and the
    /// depth map's ramp from near (dark) to far (light).
    static func drawLegend(on canvas: FrameBuffer, top: Int, height: Int) {
        let entries: [(String, SIMD3<Float>?)] = [("sky", skyTint), ("water", waterTint), ("foliage", foliageTint),
                                                  ("subject", subjectTint), ("depth: near to far", nil)]
        let cell = canvas.width / entries.count
        for (k, (name, tint)) in entries.enumerated() {
            let part = FrameBuffer(width: cell, height: height, fill: Pixel(0, 0, 0, 1))
            for y in 0..<height {
                for x in 0..<cell {
                    let inSwatch = y >= height / 8 && y < height - height / 8 && x >= 4 && x < cell - 4
                    guard inSwatch else { continue }
                    if let tint {
                        // The tint over mid grey, as the picture shows it on a region.
                        let c = SIMD3<Float>(repeating: 0.5) + (tint - SIMD3<Float>(repeating: 0.5)) * 0.75
                        part[x, y] = Pixel(c.x, c.y, c.z, 1)
                    } else {
                        let d = Float(x - 4) / Float(max(1, cell - 9))
                        part[x, y] = Pixel(d, d, d, 1)
                    }
                }
            }
            LabelRenderer(style: LabelStyle(text: name, position: .topLeft, showsIcon: false),
                          frameWidth: cell, frameHeight: height).draw(on: part)
            for y in 0..<height { for x in 0..<cell { canvas[k * cell + x, top + y] = part[x, y] } }
        }
    }

    /// An anti-aliased arrow with a dark outline, so it reads on any picture.
    static func arrow(on canvas: FrameBuffer, from a: SIMD2<Float>, to b: SIMD2<Float>, colour: SIMD3<Float>,
                      width: Float) {
        let d = b - a
        let length = max(1e-3, (d * d).sum().squareRoot())
        let n = d / length, side = SIMD2(-n.y, n.x)
        let head = min(length * 0.45, width * 5)
        let segments = [(a, b - n * head * 0.5), (b, b - n * head + side * head * 0.6), (b, b - n * head - side * head * 0.6)]
        for (shade, grow) in [(SIMD3<Float>(0, 0, 0), Float(1.8)), (colour, Float(0))] {
            for (p, q) in segments { segment(on: canvas, p, q, radius: width / 2 + grow, colour: shade) }
        }
    }

    static func segment(on canvas: FrameBuffer, _ p: SIMD2<Float>, _ q: SIMD2<Float>, radius: Float, colour: SIMD3<Float>) {
        let x0 = max(0, Int(min(p.x, q.x) - radius - 1)), x1 = min(canvas.width - 1, Int(max(p.x, q.x) + radius + 1))
        let y0 = max(0, Int(min(p.y, q.y) - radius - 1)), y1 = min(canvas.height - 1, Int(max(p.y, q.y) + radius + 1))
        guard x0 <= x1, y0 <= y1 else { return }
        let d = q - p
        let dd = max(1e-6, (d * d).sum())
        for y in y0...y1 {
            for x in x0...x1 {
                let c = SIMD2(Float(x) + 0.5, Float(y) + 0.5)
                let t = max(0, min(1, ((c - p) * d).sum() / dd))
                let e = c - (p + d * t)
                let cover = max(0, min(1, radius + 0.5 - (e * e).sum().squareRoot()))
                if cover > 0 {
                    let old = canvas[x, y]
                    let mixed = SIMD3(old.x, old.y, old.z) + (colour - SIMD3(old.x, old.y, old.z)) * cover
                    canvas[x, y] = Pixel(mixed.x, mixed.y, mixed.z, 1)
                }
            }
        }
    }
}
