import Foundation

/// How the virtual camera moves over the clip: a zoom and a pan, both eased.
///
/// The foundation's only motion. Later stages add depth parallax on top of the same path.
public struct CameraMove: Codable, Sendable, Equatable {
    /// Magnification at the end relative to the start: 1.15 zooms in by 15%, 1/1.15 zooms out.
    public var zoom: Double
    /// How far the view's centre travels over the clip, as a fraction of the first view's
    /// width (`panX`, negative = to the left) and height (`panY`, negative = up).
    public var panX: Double
    public var panY: Double
    public var easing: Easing
    /// A swing around the subject ("orbit left"): the subject holds still while what lies
    /// behind it slides the other way, as a fraction of the view's width (negative = to the
    /// left). Shown through depth parallax only; the view itself does not travel.
    public var orbit: Double

    public init(zoom: Double = 1, panX: Double = 0, panY: Double = 0, easing: Easing = .easeInOut, orbit: Double = 0) {
        self.zoom = zoom
        self.panX = panX
        self.panY = panY
        self.easing = easing
        self.orbit = orbit
    }

    enum CodingKeys: String, CodingKey { case zoom, panX, panY, easing, orbit }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        zoom = try c.decode(Double.self, forKey: .zoom)
        panX = try c.decode(Double.self, forKey: .panX)
        panY = try c.decode(Double.self, forKey: .panY)
        easing = try c.decode(Easing.self, forKey: .easing)
        orbit = try c.decodeIfPresent(Double.self, forKey: .orbit) ?? 0
    }

    /// The camera stands still.
    public static let still = CameraMove()
    /// The gentle move used when the prompt names none: a slow push in.
    public static let gentle = CameraMove(zoom: 1.08)

    public var isStill: Bool { zoom == 1 && panX == 0 && panY == 0 && orbit == 0 }
}

/// The speed profile of a move over normalised time `t` in 0...1.
public enum Easing: String, Codable, Sendable, CaseIterable {
    /// Constant speed.
    case linear
    /// Starts and ends at rest with a smooth (continuous-acceleration-free) cosine profile.
    case easeInOut

    public func callAsFunction(_ t: Double) -> Double {
        let t = min(max(t, 0), 1)
        switch self {
        case .linear: return t
        case .easeInOut: return 0.5 - 0.5 * cos(Double.pi * t)
        }
    }
}
