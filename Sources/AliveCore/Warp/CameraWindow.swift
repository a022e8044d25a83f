/// The part of the source that the camera sees in one frame: an axis-aligned rectangle in
/// source pixel units (continuous; pixel (0, 0) covers [0, 1) x [0, 1)).
public struct CameraWindow: Sendable, Equatable, Codable {
    public var minX: Double
    public var minY: Double
    public var width: Double
    public var height: Double

    public init(minX: Double, minY: Double, width: Double, height: Double) {
        (self.minX, self.minY, self.width, self.height) = (minX, minY, width, height)
    }

    public init(centerX: Double, centerY: Double, width: Double, height: Double) {
        self.init(minX: centerX - width / 2, minY: centerY - height / 2, width: width, height: height)
    }

    public var centerX: Double { minX + width / 2 }
    public var centerY: Double { minY + height / 2 }
    public var maxX: Double { minX + width }
    public var maxY: Double { minY + height }

    /// The smallest rectangle holding both.
    public func union(_ other: CameraWindow) -> CameraWindow {
        let x0 = min(minX, other.minX), y0 = min(minY, other.minY)
        return CameraWindow(minX: x0, minY: y0,
                            width: max(maxX, other.maxX) - x0, height: max(maxY, other.maxY) - y0)
    }
}
