/// A rectangle of whole pixels in a frame, origin top-left.
public struct BadgeRect: Equatable, Sendable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var box: Box { Box(minX: Double(x), minY: Double(y), maxX: Double(maxX), maxY: Double(maxY)) }

    public func contains(x px: Int, y py: Int) -> Bool {
        px >= x && px < maxX && py >= y && py < maxY
    }

    public var description: String { "\(width)x\(height) at (\(x), \(y))" }
}

/// The parts of a vertical video that Instagram Reels/Stories, TikTok and YouTube Shorts
/// cover with their own interface, as fractions of the frame, rounded outwards from their
/// 9:16 layouts. The same fractions apply to every frame shape: an app that shows another
/// shape still lays its buttons over the picture in the same places.
public enum StoryAppZones {
    /// Progress bar, account name, "Following | For You" tabs, close button.
    public static let top = 0.14
    /// Caption, music ticker, reply/comment bar, navigation bar.
    public static let bottom = 0.20
    /// Like, comment, share, remix buttons and the account avatar.
    public static let right = 0.15

    /// The free area of a `width` x `height` frame, in pixels (fractions, not rounded).
    static func freeArea(width: Int, height: Int) -> (minX: Double, maxX: Double, minY: Double, maxY: Double) {
        let w = Double(width), h = Double(height)
        return (0, w * (1 - right), h * top, h * (1 - bottom))
    }
}

/// Where the badge goes: in the chosen corner of the free area, inset from it a little so
/// it does not touch an app's interface, and never outside the frame.
enum LabelPlacement {
    /// Distance from the frame's left edge, as a fraction of the width: where the apps
    /// start their own caption text, so the badge lines up with it.
    static let sideInset = 0.04
    /// Gap between the badge and a zone's edge, as a fraction of the width (horizontal)
    /// and of the height (vertical).
    static let gap = 0.01

    /// The largest badge the chosen layout allows, in pixels.
    static func room(frameWidth: Int, frameHeight: Int) -> (width: Double, height: Double) {
        let free = StoryAppZones.freeArea(width: frameWidth, height: frameHeight)
        let w = Double(frameWidth), h = Double(frameHeight)
        let width = (free.maxX - w * gap) - w * sideInset
        let height = (free.maxY - h * gap) - (free.minY + h * gap)
        return (max(width, 0), max(height, 0))
    }

    /// The top-left corner of a `width` x `height` badge at `position`, clamped into the frame.
    static func origin(position: LabelPosition, width: Int, height: Int,
                       frameWidth: Int, frameHeight: Int) -> (x: Int, y: Int) {
        let free = StoryAppZones.freeArea(width: frameWidth, height: frameHeight)
        let w = Double(frameWidth), h = Double(frameHeight)
        let x = position.isLeft
            ? (w * sideInset).rounded()
            : (free.maxX - w * gap).rounded(.down) - Double(width)
        let y = position.isTop
            ? (free.minY + h * gap).rounded(.up)
            : (free.maxY - h * gap).rounded(.down) - Double(height)
        let cx = min(max(Int(x), 0), max(frameWidth - width, 0))
        let cy = min(max(Int(y), 0), max(frameHeight - height, 0))
        return (cx, cy)
    }
}
