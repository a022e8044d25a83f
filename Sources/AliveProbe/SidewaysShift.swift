/// The sideways shift that best lines one picture up with another, as realcheck.py's
/// `best_dx` measures drift: `a` moved by each shift in quarter-pixel steps over -8...8 px
/// (linear interpolation), compared with `b` by mean absolute difference, with `border`
/// columns left out on each side.
public enum SidewaysShift {
    public static func best(_ a: GrayImage, _ b: GrayImage, border: Int = 24) -> Double {
        var best = (shift: 0.0, error: Double.infinity)
        for step in -32...32 {
            let s = Double(step) / 4
            var error = 0.0
            for y in 0..<a.height {
                for x in border..<(a.width - border) {
                    let source = Double(x) - s, x0 = Int(source.rounded(.down)), t = Float(source - Double(x0))
                    let moved = a[x0, y] * (1 - t) + a[x0 + 1, y] * t
                    error += Double(abs(moved - b[x, y]))
                }
            }
            if error < best.error { best = (s, error) }
        }
        return best.shift
    }
}
