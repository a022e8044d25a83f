import Foundation

/// Snow, rain, sparkles, stars, leaves or petals drawn over the scene. Each particle has a
/// depth: near ones are larger and faster, far ones small and slow, and a particle is hidden
/// where the scene at that pixel is nearer than it (snow falls behind the person in front).
/// Positions are a closed-form function of time, so any frame can be drawn alone; in a loop
/// every particle's speed is rounded so that it comes back to where it started.
struct ParticleField: Sendable {
    struct Particle: Sendable {
        var x: Float, y: Float            // start, in output frame widths / heights
        var depth: Float                  // 0 near ... 1 far
        var size: Float                   // output pixels
        var fall: Float                   // frame heights per second (wrapped)
        var drift: Float                  // frame widths per second
        var phase: Float
        var colour: Pixel
    }

    let kind: Particles.Kind
    let particles: [Particle]
    let width: Float, height: Float
    /// Particles leave at the bottom and come back at the top after this many frame heights.
    static let span: Float = 1.2
    let swayPeriod: Float

    init(_ spec: Particles, width: Int, height: Int, loop: Double?, seed: UInt64) {
        kind = spec.kind
        self.width = Float(width)
        self.height = Float(height)
        let scale = Float(width) / 1080
        let area = Float(width * height) / (1080 * 1920)
        var random = SeededRandom(seed: seed ^ 0x9A271C1E)
        func r() -> Float { Float(random.unit()) }
        let base: Float
        switch spec.kind {
        case .snow: base = 600
        case .rain: base = 600
        case .sparkles: base = 140
        case .stars: base = 260
        case .leaves, .petals: base = 55
        }
        let count = max(1, Int(base * Float(spec.density) * max(area, 0.05)))
        let speed = Float(spec.speed)
        swayPeriod = Float(FlowClock(preferred: 3, loop: loop, duration: 1).period)
        var list: [Particle] = []
        list.reserveCapacity(count)
        for _ in 0..<count {
            let depth = r()
            let near = 1 - depth
            var p = Particle(x: r(), y: r() * Self.span - 0.1, depth: depth, size: 1, fall: 0, drift: 0,
                             phase: r() * 2 * .pi, colour: Pixel(1, 1, 1, 1))
            switch spec.kind {
            case .snow:
                p.size = (1.0 + 4.0 * near * near) * scale
                p.fall = (0.04 + 0.12 * near) * speed
                p.colour = Pixel(0.97, 0.98, 1, 0.55 + 0.4 * near)
            case .rain:
                p.size = (0.6 + 1.0 * near) * scale
                p.fall = (0.9 + 0.9 * near) * speed
                p.drift = 0.12 * p.fall
                p.colour = Pixel(0.78, 0.82, 0.88, 0.18 + 0.3 * near)
            case .sparkles:
                p.size = (1.2 + 3.0 * near) * scale
                p.fall = -0.006 * speed
                p.drift = (r() - 0.5) * 0.01 * speed
                p.colour = Pixel(1, 0.9, 0.55, 0.9)
            case .stars:
                p.y = r() * 0.75
                p.depth = 1
                p.size = (0.6 + 1.2 * r() * r()) * scale
                p.colour = Pixel(1, 1, 1, 0.6 + 0.4 * r())
            case .leaves, .petals:
                p.size = (2.5 + 7 * near) * scale
                p.fall = (0.05 + 0.1 * near) * speed
                p.drift = (r() - 0.3) * 0.04 * speed
                let palette: [Pixel] = spec.kind == .leaves
                    ? [Pixel(0.75, 0.42, 0.12, 0.95), Pixel(0.62, 0.25, 0.08, 0.95), Pixel(0.85, 0.62, 0.2, 0.95),
                       Pixel(0.45, 0.52, 0.18, 0.95)]
                    : [Pixel(1, 0.78, 0.85, 0.9), Pixel(1, 0.9, 0.93, 0.9), Pixel(0.96, 0.66, 0.78, 0.9)]
                p.colour = palette[Int(r() * Float(palette.count)) % palette.count]
            }
            if let loop, loop > 0 {
                // Whole trips per loop, so every particle is back where it started.
                let trips = (p.fall * Float(loop) / Self.span).rounded()
                p.fall = trips * Self.span / Float(loop)
                p.drift = (p.drift * Float(loop)).rounded() / Float(loop)
            }
            list.append(p)
        }
        particles = list
    }

    /// Draws every particle that touches `rows` of `frame`. `depth` holds the scene's depth for
    /// those rows (row `rows.lowerBound` first), to hide particles behind nearer things.
    /// `presence` (0...1) scales every particle's opacity: none at the first frame.
    func draw(rows: Range<Int>, of pixels: UnsafeMutablePointer<Pixel>, depth: UnsafePointer<Float>, seconds: Double,
              presence: Float = 1) {
        guard presence > 0 else { return }
        let w = Int(width)
        let t = Float(seconds)
        for p in particles {
            var y = p.y + p.fall * t
            y = y + 0.1 - (((y + 0.1) / Self.span).rounded(.down)) * Self.span - 0.1
            var x = p.x + p.drift * t
            x -= x.rounded(.down)
            var alpha = p.colour.w * presence
            var rx = p.size, ry = p.size
            var streak: Float = 0
            switch kind {
            case .snow:
                x += 0.008 * sin(2 * .pi * t / swayPeriod + p.phase)
            case .rain:
                streak = p.fall * height / 30 * 1.5
            case .sparkles, .stars:
                let twinkle = 0.5 + 0.5 * sin(2 * .pi * t / swayPeriod * (kind == .stars ? 1 : 2) + p.phase)
                alpha *= kind == .stars ? 0.45 + 0.55 * twinkle : twinkle * twinkle
            case .leaves, .petals:
                x += 0.02 * sin(2 * .pi * t / swayPeriod + p.phase)
                rx = p.size * max(0.25, abs(cos(2 * .pi * t / swayPeriod * 2 + p.phase)))
                ry = p.size * 0.6
            }
            let cx = x * width, cy = y * height
            let reachY = ry + streak + 2, reachX = rx + streak * 0.15 + 2
            let y0 = max(rows.lowerBound, Int(cy - reachY)), y1 = min(rows.upperBound - 1, Int(cy + reachY))
            if y0 > y1 { continue }
            let x0 = max(0, Int(cx - reachX)), x1 = min(w - 1, Int(cx + reachX))
            if x0 > x1 { continue }
            // A particle hides behind scene parts nearer than itself (stars only show in the sky).
            let depthLimit = kind == .stars ? Float(0.97) : p.depth * 0.9
            let colour = SIMD4<Float>(p.colour.x, p.colour.y, p.colour.z, 1)
            for py in y0...y1 {
                let dy = Float(py) + 0.5 - cy
                for px in x0...x1 {
                    let index = (py - rows.lowerBound) * w + px
                    let sceneDepth = depth[index]
                    if sceneDepth < depthLimit { continue }
                    let dx = Float(px) + 0.5 - cx
                    var cover: Float
                    if streak > 0 {
                        // Distance to a slanted segment of length `streak` ending at the centre.
                        let ax = -0.12 * streak, ay = -streak
                        let along = max(0, min(1, (dx * ax + dy * ay) / (ax * ax + ay * ay)))
                        let ex = dx - ax * along, ey = dy - ay * along
                        cover = rx + 0.5 - (ex * ex + ey * ey).squareRoot()
                    } else {
                        let d = ((dx / rx) * (dx / rx) + (dy / ry) * (dy / ry)).squareRoot() * min(rx, ry)
                        cover = min(rx, ry) + 0.5 - d
                    }
                    if kind == .sparkles {
                        let d = (dx * dx + dy * dy).squareRoot()
                        cover = max(cover, 0.6 * exp(-d / (rx * 1.5)))
                    }
                    cover = min(1, max(0, cover)) * alpha
                    if cover <= 0 { continue }
                    let q = pixels + py * w + px
                    q.pointee = q.pointee + (colour - q.pointee) * cover
                }
            }
        }
    }
}
