import Foundation

/// A minimal radix-2 complex FFT for the motion probe's square patches (power-of-two sizes).
struct Complex {
    var re: Double
    var im: Double
    static func * (a: Complex, b: Complex) -> Complex {
        Complex(re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re)
    }
    static func + (a: Complex, b: Complex) -> Complex { Complex(re: a.re + b.re, im: a.im + b.im) }
    var conjugate: Complex { Complex(re: re, im: -im) }
    var magnitude: Double { (re * re + im * im).squareRoot() }
}

enum FFT {
    /// In-place 1-D transform of `n` values spaced `stride` apart. `inverse` omits the 1/n scale.
    static func transform(_ data: UnsafeMutablePointer<Complex>, n: Int, stride: Int, inverse: Bool) {
        var j = 0
        for i in 0..<(n - 1) {
            if i < j { swap(&data[i * stride], &data[j * stride]) }
            var m = n >> 1
            while m >= 1 && j & m != 0 { j ^= m; m >>= 1 }
            j |= m
        }
        var len = 2
        while len <= n {
            let angle = (inverse ? 2.0 : -2.0) * Double.pi / Double(len)
            let wl = Complex(re: cos(angle), im: sin(angle))
            var i = 0
            while i < n {
                var w = Complex(re: 1, im: 0)
                for k in 0..<(len / 2) {
                    let u = data[(i + k) * stride]
                    let v = data[(i + k + len / 2) * stride] * w
                    data[(i + k) * stride] = u + v
                    data[(i + k + len / 2) * stride] = Complex(re: u.re - v.re, im: u.im - v.im)
                    w = w * wl
                }
                i += len
            }
            len <<= 1
        }
    }

    /// 2-D transform of an n x n array, rows then columns.
    static func transform2D(_ data: inout [Complex], n: Int, inverse: Bool) {
        data.withUnsafeMutableBufferPointer { p in
            for r in 0..<n { transform(p.baseAddress! + r * n, n: n, stride: 1, inverse: inverse) }
            for c in 0..<n { transform(p.baseAddress! + c, n: n, stride: n, inverse: inverse) }
        }
    }
}
