/// The camera's move seen in depth (2.5D parallax): near things slide and grow more than
/// far ones. For a pan the scene shifts by the camera's travel times how much nearer than
/// the focus it is; for a push-in it is magnified about the view's centre by more the
/// nearer it is; for an orbit the subject holds still and the rest swings about it.
///
/// The background plate (the subject painted out) takes this displacement from a smooth
/// depth map, so nothing tears; the subject is a layer of its own that moves rigidly at its
/// own depth, so its outline never smears into what lies behind it.
public struct DepthParallax: Sendable {
    /// How strongly each move shows depth, per unit of nearness difference.
    static let panGain: Float = 0.8, zoomGain: Float = 1.0, orbitGain: Float = 1.0

    public let strength: Float
    /// Nearness (1 - depth) that moves exactly with the camera: the subject's, or the scene's middle.
    public let focus: Float

    public init(strength: Double, focus: Float) {
        self.strength = Float(strength)
        self.focus = focus
    }

    /// The camera's state at one moment, in plate pixels.
    public struct Moment: Sendable {
        public var travel: SIMD2<Float>     // view centre minus the first view's centre
        public var centre: SIMD2<Float>     // view centre
        public var magnification: Float     // first view's width / this view's width
        public var orbit: Float             // orbit travel

        public init(travel: SIMD2<Float>, centre: SIMD2<Float>, magnification: Float, orbit: Float) {
            (self.travel, self.centre, self.magnification, self.orbit) = (travel, centre, magnification, orbit)
        }
    }

    @inline(__always)
    func source(_ q: SIMD2<Float>, nearness: Float, at m: Moment) -> SIMD2<Float> {
        let relative = (nearness - focus) * strength
        let shifted = q + (m.travel * Self.panGain + SIMD2(m.orbit * Self.orbitGain, 0)) * relative
        let grow = 1 + Self.zoomGain * (m.magnification - 1) * relative
        return m.centre + (shifted - m.centre) / max(grow, 0.2)
    }

    /// The largest extra displacement, as a fraction of the view's width, for a camera move:
    /// the margin the view must keep from the photo's edge.
    ///
    /// A push in needs none while the farthest layer (sky, at nearness 0) still samples inside
    /// the first view: the view narrows by the magnification m while that layer spreads by
    /// 1 / (1 - (m - 1) * strength * focus), so with a focus of at most `focusBound` a gentle
    /// push in keeps the first view whole, and its first frame is exactly the flat camera's.
    public static func margin(for move: CameraMove, strength: Double) -> Double {
        let pan = (move.panX * move.panX + move.panY * move.panY).squareRoot()
        let zoom: Double
        if move.zoom >= 1 {
            let spread = 1 - (move.zoom - 1) * strength * Double(zoomGain) * focusBound
            zoom = spread > 0.2 ? max(0, 1 / (move.zoom * spread) - 1) * 0.5 : abs(move.zoom - 1) * strength * 0.6
        } else {
            zoom = strength * Double(zoomGain) * abs(1 / move.zoom - 1) * 0.6
        }
        return strength * Double(panGain) * pan + zoom + Double(orbitGain) * abs(move.orbit)
    }

    /// The largest focus (nearness held still) a push in's margin allows for; a nearer focus
    /// may sample a sliver past the photo's edge at the end of the move (clamped to the edge).
    static let focusBound = 0.9
}
