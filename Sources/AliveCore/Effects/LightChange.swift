import Foundation

/// Light and colour that change over the clip: the photo drifts towards golden hour, a
/// sunset, dusk, night or a storm. At the first frame the picture is untouched; by the last
/// it has the whole look. Applied to every frame after the motion, before the label.
///
/// A look is a grade in the photo's own (sRGB-encoded) values: per-channel gains, an
/// exposure factor and a saturation factor about each pixel's luma. It is a fixed 3x3 matrix
/// per frame, so a frame costs one multiply-add per component.
public struct LightChange: Codable, Sendable, Equatable {
    public enum Look: String, Codable, Sendable, CaseIterable {
        case goldenHour = "golden-hour"
        case sunset
        case dusk
        case night
        case storm
    }

    public var look: Look
    /// 0...1.5: how far the look goes by the last frame (1 = the look as designed).
    public var strength: Double

    public init(look: Look, strength: Double = 1) {
        self.look = look
        self.strength = strength
    }

    /// Channel gains, exposure and saturation of the full look.
    var target: (gains: SIMD3<Float>, exposure: Float, saturation: Float) {
        switch look {
        case .goldenHour: (SIMD3(1.10, 1.00, 0.80), 1.03, 1.12)
        case .sunset: (SIMD3(1.18, 0.94, 0.76), 0.94, 1.18)
        case .dusk: (SIMD3(0.92, 0.92, 1.10), 0.70, 0.85)
        case .night: (SIMD3(0.78, 0.88, 1.18), 0.42, 0.60)
        case .storm: (SIMD3(0.96, 0.99, 1.04), 0.74, 0.55)
        }
    }

    /// The grade of the frame at normalised time `t` (0 first frame, 1 last), eased so the
    /// change starts and ends softly.
    public func grade(at t: Double) -> ColourGrade {
        let clamped = min(max(t, 0), 1)
        let eased = Float((1 - cos(clamped * .pi)) / 2 * strength)
        let target = self.target
        let gains = 1 + (target.gains - 1) * eased
        let exposure = 1 + (target.exposure - 1) * eased
        let saturation = 1 + (target.saturation - 1) * eased
        return ColourGrade(gains: gains * exposure, saturation: saturation)
    }
}

/// A per-frame colour transform: `out = gains * (luma + saturation * (in - luma))`, with
/// BT.709 luma weights, clamped to 0...1. The identity grade leaves every pixel unchanged.
public struct ColourGrade: Sendable, Equatable {
    public var gains: SIMD3<Float>
    public var saturation: Float

    public static let identity = ColourGrade(gains: SIMD3(1, 1, 1), saturation: 1)

    public var isIdentity: Bool { self == .identity }

    /// Grades `frame` in place, bands of rows spread over `schedule`'s threads.
    public func apply(to frame: FrameBuffer, schedule: RenderSchedule) {
        if isIdentity { return }
        schedule.forEachBand(rows: frame.height) { rows, _ in apply(to: frame, rows: rows) }
    }

    /// Grades rows `rows` of `frame` in place (a band just drawn, while it is in cache).
    public func apply(to frame: FrameBuffer, rows: Range<Int>) {
        if isIdentity { return }
        let weights = SIMD4<Float>(0.2126, 0.7152, 0.0722, 0)
        let s = saturation
        let g = SIMD4<Float>(gains.x, gains.y, gains.z, 1)
        let keepAlpha = SIMD4<Float>(0, 0, 0, 1)
        for y in rows {
            frame.withMutableRow(y) { row in
                for x in 0..<row.count {
                    let p = row[x]
                    let luma = (p * weights).sum()
                    let graded = g * (SIMD4(repeating: luma) + s * (p - SIMD4(repeating: luma)))
                    // Alpha passes through untouched.
                    let mixed = graded - graded * keepAlpha + p * keepAlpha
                    row[x] = mixed.clampedToUnit
                }
            }
        }
    }
}
