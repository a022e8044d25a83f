/// An axis-aligned rectangle in pixels (x right, y down), from its corners: a face's box, a
/// head, a badge. The one place the overlap of two rectangles is worked out.
public struct Box: Equatable, Sendable, Codable {
    public var minX: Double, minY: Double, maxX: Double, maxY: Double

    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX; self.minY = minY; self.maxX = maxX; self.maxY = maxY
    }

    public var width: Double { maxX - minX }
    public var height: Double { maxY - minY }
    public var centre: SIMD2<Double> { SIMD2((minX + maxX) / 2, (minY + maxY) / 2) }
    public var area: Double { max(0, width) * max(0, height) }

    /// The area the two boxes share, 0 when they do not meet.
    public func intersection(_ o: Box) -> Double {
        max(0, min(maxX, o.maxX) - max(minX, o.minX)) * max(0, min(maxY, o.maxY) - max(minY, o.minY))
    }

    /// Intersection over union, 0 when either box is empty.
    public func iou(_ o: Box) -> Double {
        let i = intersection(o)
        let u = area + o.area - i
        return u > 0 ? i / u : 0
    }

    /// The box shifted by `(dx, dy)`.
    public func offset(_ dx: Double, _ dy: Double) -> Box {
        Box(minX: minX + dx, minY: minY + dy, maxX: maxX + dx, maxY: maxY + dy)
    }

    /// The box clipped to `0...width x 0...height`.
    public func clipped(width: Double, height: Double) -> Box {
        Box(minX: max(0, minX), minY: max(0, minY), maxX: min(width, maxX), maxY: min(height, maxY))
    }
}
