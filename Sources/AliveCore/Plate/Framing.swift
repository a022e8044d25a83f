import Foundation

/// How the photo meets the output frame.
public enum Fit: String, Codable, Sendable, CaseIterable {
    /// Fill the frame, cropping around the centre of interest: no bars.
    case crop
    /// Show the whole photo over a blurred, dimmed copy of itself.
    case pad
}

/// The layout of one clip: the space the camera may look at, where the photo sits in it,
/// and the camera's path. Units ("layout units") are photo pixels; in pad framing the space
/// is a canvas of the output's aspect with the photo centred in it.
public struct Framing: Sendable {
    public let fit: Fit
    public let photoWidth: Int, photoHeight: Int
    public let outputWidth: Int, outputHeight: Int
    /// Where the photo's top-left corner lies in layout units.
    public let photoOrigin: (x: Double, y: Double)
    public let path: CameraPath
    /// The whole space the plate may cover (the photo, or the padded canvas).
    public let space: CameraWindow
    /// Extra plate around the views, as a fraction of the widest view's width, for motions
    /// that sample beyond the view (drifting clouds come in from outside the frame).
    public let margin: Double

    /// - Parameters:
    ///   - focus: the centre of interest in photo pixels (nil: the photo's centre).
    ///   - inset: room every view keeps from the photo's edge, as a fraction of the view's
    ///     width, so that depth parallax never samples outside the photo.
    ///   - margin: see `margin`.
    public init(photoWidth: Int, photoHeight: Int, outputWidth: Int, outputHeight: Int,
                fit: Fit, move: CameraMove, focus: (x: Double, y: Double)? = nil, inset: Double = 0, margin: Double = 0) {
        self.margin = margin
        self.fit = fit
        self.photoWidth = photoWidth
        self.photoHeight = photoHeight
        self.outputWidth = outputWidth
        self.outputHeight = outputHeight
        let aspect = Double(outputWidth) / Double(outputHeight)
        let w = Double(photoWidth), h = Double(photoHeight)
        let bounds: CameraWindow
        switch fit {
        case .crop:
            bounds = CameraWindow(minX: 0, minY: 0, width: w, height: h)
            photoOrigin = (0, 0)
        case .pad:
            let cw = max(w, h * aspect), ch = max(h, w / aspect)
            bounds = CameraWindow(minX: 0, minY: 0, width: cw, height: ch)
            photoOrigin = ((cw - w) / 2, (ch - h) / 2)
        }
        let f = focus ?? (w / 2, h / 2)
        space = bounds
        var viewBounds = bounds
        if inset > 0 {
            let view = min(bounds.width, bounds.height * aspect)
            let room = min(inset * view, 0.2 * view)
            viewBounds = CameraWindow(minX: bounds.minX + room, minY: bounds.minY + room,
                                      width: bounds.width - 2 * room, height: bounds.height - 2 * room)
        }
        path = CameraPath(move: move, bounds: viewBounds, aspect: aspect,
                          focus: (f.x + photoOrigin.x, f.y + photoOrigin.y))
    }

    /// Plate pixels per layout unit: the widest window spans exactly the output's width, so
    /// the per-frame warp never shrinks the plate (no aliasing) and enlarges it at most by the zoom.
    public var plateScale: Double { Double(outputWidth) / path.widestWidth }

    /// The fraction of the photo's full resolution the plate needs (for decoding at reduced
    /// scale): at most 1.
    public var requiredPhotoScale: Double { min(1, plateScale) }

    /// The part of layout space the plate covers: every window plus a two-pixel margin.
    ///
    /// Its edges fall on the grid of plate pixels that starts at the first view's corner, so
    /// plates of the same photo, scale and first view sample the photo at the same points
    /// whatever their margins: a clip whose scene moves starts on exactly the pixels of the
    /// same clip with nothing moving (frame 0 is the photo).
    public var plateRegion: CameraWindow {
        let s = plateScale
        let margin = 2 / s + self.margin * path.widestWidth
        let u = path.union, b = space, o = path.window(at: 0)
        let x0 = max(b.minX, u.minX - margin), y0 = max(b.minY, u.minY - margin)
        let x1 = min(b.maxX, u.maxX + margin), y1 = min(b.maxY, u.maxY + margin)
        // Whole plate pixels from the first view's corner, inwards.
        func snap(_ v: Double, _ origin: Double) -> Double {
            let n = (v - origin) * s
            return origin + (n >= 0 ? (n + 1e-6).rounded(.down) : (n - 1e-6).rounded(.up)) / s
        }
        let sx0 = snap(x0, o.minX), sy0 = snap(y0, o.minY), sx1 = snap(x1, o.minX), sy1 = snap(y1, o.minY)
        guard sx1 > sx0 && sy1 > sy0 else { return CameraWindow(minX: x0, minY: y0, width: x1 - x0, height: y1 - y0) }
        return CameraWindow(minX: sx0, minY: sy0, width: sx1 - sx0, height: sy1 - sy0)
    }

    public var plateSize: (width: Int, height: Int) {
        let r = plateRegion
        return (max(2, Int((r.width * plateScale).rounded())), max(2, Int((r.height * plateScale).rounded())))
    }
}

/// The photo resampled once per clip into the float buffer the camera looks at.
public struct Plate: Sendable {
    public let buffer: FrameBuffer
    /// The layout-space rectangle the buffer covers.
    public let region: CameraWindow

    public init(buffer: FrameBuffer, region: CameraWindow) {
        self.buffer = buffer
        self.region = region
    }

    /// The backward map that shows `window` (layout units) on a `width` x `height` output.
    public func map(showing window: CameraWindow, width: Int, height: Int) -> AffineMap {
        let sx = Double(buffer.width) / region.width, sy = Double(buffer.height) / region.height
        let inPlate = CameraWindow(minX: (window.minX - region.minX) * sx, minY: (window.minY - region.minY) * sy,
                                   width: window.width * sx, height: window.height * sy)
        return AffineMap(window: inPlate, outputWidth: width, outputHeight: height)
    }

    /// Builds the plate for `framing` from `photo` (which must have the framing's photo size).
    ///
    /// Crop: the plate region of the photo, filtered. Pad: the photo with exact soft edges
    /// over a heavily blurred, dimmed copy of itself scaled to cover the canvas.
    public static func build(_ photo: Photo, framing: Framing, background: Pixel = Pixel(1, 1, 1, 1),
                             schedule: RenderSchedule = RenderSchedule()) -> Plate {
        precondition(photo.width == framing.photoWidth && photo.height == framing.photoHeight)
        let region = framing.plateRegion
        let (pw, ph) = framing.plateSize
        let inPhoto = CameraWindow(minX: region.minX - framing.photoOrigin.x, minY: region.minY - framing.photoOrigin.y,
                                   width: region.width, height: region.height)
        switch framing.fit {
        case .crop:
            let buffer = PlateResampler.resample(photo, region: inPhoto, width: pw, height: ph,
                                                 edge: .clamp, background: .color(background), schedule: schedule)
            return Plate(buffer: buffer, region: region)
        case .pad:
            let under = blurredCover(photo, framing: framing, region: region, width: pw, height: ph,
                                     background: background, schedule: schedule)
            let buffer = PlateResampler.resample(photo, region: inPhoto, width: pw, height: ph,
                                                 edge: .transparent, background: .frame(under), schedule: schedule)
            return Plate(buffer: buffer, region: region)
        }
    }

    /// The photo scaled to cover the whole canvas, blurred and dimmed, for `region` of it.
    static func blurredCover(_ photo: Photo, framing: Framing, region: CameraWindow, width: Int, height: Int,
                             background: Pixel, schedule: RenderSchedule) -> FrameBuffer {
        let canvas = framing.space
        let w = Double(photo.width), h = Double(photo.height)
        let cover = max(canvas.width / w, canvas.height / h)
        let coverRegion = CameraWindow(minX: (region.minX - canvas.centerX) / cover + w / 2,
                                       minY: (region.minY - canvas.centerY) / cover + h / 2,
                                       width: region.width / cover, height: region.height / cover)
        // Blur at 1/16 of the plate's size: cheap, and the blur hides the low resolution.
        let sw = max(2, width / 16), sh = max(2, height / 16)
        let small = PlateResampler.resample(photo, region: coverRegion, width: sw, height: sh,
                                            edge: .clamp, background: .color(background), schedule: .serial)
        BoxBlur.apply(small, radius: max(1, min(sw, sh) / 12), passes: 3)
        small.withMutablePixels { p in
            for i in p.indices { p[i] = Pixel(p[i].x * 0.6, p[i].y * 0.6, p[i].z * 0.6, 1) }
        }
        let under = FrameBuffer(width: width, height: height)
        let map = AffineMap(window: CameraWindow(minX: 0, minY: 0, width: Double(sw), height: Double(sh)),
                            outputWidth: width, outputHeight: height)
        BilinearWarp.render(source: small, map: map, into: under, schedule: schedule)
        return under
    }
}

/// A separable box blur, repeated to approach a Gaussian. Edges are clamped.
public enum BoxBlur {
    public static func apply(_ image: FrameBuffer, radius: Int, passes: Int) {
        let w = image.width, h = image.height
        var line = [Pixel](repeating: Pixel(), count: max(w, h))
        image.withMutablePixels { p in
            for _ in 0..<passes {
                for y in 0..<h { blurLine(p.baseAddress! + y * w, count: w, stride: 1, radius: radius, scratch: &line) }
                for x in 0..<w { blurLine(p.baseAddress! + x, count: h, stride: w, radius: radius, scratch: &line) }
            }
        }
    }

    static func blurLine(_ p: UnsafeMutablePointer<Pixel>, count n: Int, stride: Int, radius r: Int,
                         scratch: inout [Pixel]) {
        for i in 0..<n { scratch[i] = p[i * stride] }
        let norm = 1 / Float(2 * r + 1)
        var acc = Pixel()
        for k in -r...r { acc += scratch[min(max(k, 0), n - 1)] }
        for i in 0..<n {
            p[i * stride] = acc * norm
            acc += scratch[min(i + r + 1, n - 1)] - scratch[max(i - r, 0)]
        }
    }
}
