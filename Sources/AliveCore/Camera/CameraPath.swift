import Foundation

/// The camera's window for every moment of the clip, solved once so that every window lies
/// inside `bounds`.
///
/// Nothing is clamped per frame (clamping would put kinks into the motion). Instead the
/// first window is shrunk by the least factor `k >= 1` that lets the whole move fit, and the
/// move is placed as close to the centre of interest as the bounds allow.
public struct CameraPath: Sendable, Equatable {
    public let move: CameraMove
    /// The area windows may cover (the photo, or the padded canvas), in source units.
    public let bounds: CameraWindow
    /// The window at t = 0.
    public let start: CameraWindow

    /// - Parameters:
    ///   - aspect: output width / height; every window has this aspect.
    ///   - focus: the point the move centres on (clamped into what the bounds allow).
    public init(move: CameraMove, bounds: CameraWindow, aspect: Double, focus: (x: Double, y: Double)) {
        precondition(move.zoom > 0 && aspect > 0)
        self.move = move
        self.bounds = bounds
        // The largest window of this aspect inside the bounds.
        var baseW = bounds.width, baseH = bounds.width / aspect
        if baseH > bounds.height { baseH = bounds.height; baseW = bounds.height * aspect }
        // Extent of the start and end windows relative to the start centre for k = 1.
        // Window edges along an eased move are convex/concave in the ease parameter, so the
        // union of all windows is the union of the first and the last.
        let endW = baseW / move.zoom, endH = baseH / move.zoom
        let dx = move.panX * baseW, dy = move.panY * baseH
        let left = min(-baseW / 2, dx - endW / 2), right = max(baseW / 2, dx + endW / 2)
        let top = min(-baseH / 2, dy - endH / 2), bottom = max(baseH / 2, dy + endH / 2)
        let k = max(1, (right - left) / bounds.width, (bottom - top) / bounds.height)
        func place(_ focus: Double, _ lo: Double, _ hi: Double, _ bMin: Double, _ bMax: Double) -> Double {
            // Centre the union of windows on the focus, inside the bounds.
            let (l, h) = (lo / k, hi / k)
            let wanted = focus - (l + h) / 2
            let low = bMin - l, high = bMax - h
            return low > high ? (low + high) / 2 : min(max(wanted, low), high)
        }
        let cx = place(focus.x, left, right, bounds.minX, bounds.maxX)
        let cy = place(focus.y, top, bottom, bounds.minY, bounds.maxY)
        start = CameraWindow(centerX: cx, centerY: cy, width: baseW / k, height: baseH / k)
    }

    /// The window at normalised time `t` in 0...1.
    public func window(at t: Double) -> CameraWindow {
        let e = move.easing(t)
        let m = pow(move.zoom, e)
        return CameraWindow(centerX: start.centerX + move.panX * start.width * e,
                            centerY: start.centerY + move.panY * start.height * e,
                            width: start.width / m, height: start.height / m)
    }

    /// The area every window lies in.
    public var union: CameraWindow { window(at: 0).union(window(at: 1)) }

    /// The widest window's width (the one that decides how dense the plate must be).
    public var widestWidth: Double { max(window(at: 0).width, window(at: 1).width) }
}
