@testable import AliveCore
import Foundation

/// Landscape photos drawn from a recipe, with the truth known for every pixel: a gradient
/// sky with fractal clouds, a tree line with a ragged top, and below the horizon either a sea
/// (darker, bluish, horizontal ripples, a faint mirror of the sky) over a sandy beach, or a
/// meadow. Optionally a red boat on the sea. Seeded, so every run draws the same pixels.
struct SyntheticScene {
    enum Palette: String, Sendable { case sunset, overcast, clear }
    enum Truth: UInt8 { case sky, water, trees, ground, subject }

    struct Recipe: Sendable {
        var name: String
        var palette: Palette
        /// The horizon's height, 0 top ... 1 bottom.
        var horizon: Double
        var hasWater: Bool
        var hasBoat: Bool
        /// Trees stand on the left (true) or the right (false).
        var treesOnLeft: Bool
        var seed: UInt64
    }

    static let recipes: [Recipe] = [
        Recipe(name: "sunset sea", palette: .sunset, horizon: 0.45, hasWater: true, hasBoat: false,
               treesOnLeft: true, seed: 11),
        Recipe(name: "overcast sea", palette: .overcast, horizon: 0.35, hasWater: true, hasBoat: false,
               treesOnLeft: false, seed: 22),
        Recipe(name: "clear sea with boat", palette: .clear, horizon: 0.55, hasWater: true, hasBoat: true,
               treesOnLeft: true, seed: 33),
        Recipe(name: "clear meadow", palette: .clear, horizon: 0.5, hasWater: false, hasBoat: false,
               treesOnLeft: false, seed: 44),
    ]

    let recipe: Recipe
    let photo: Photo
    /// The true class of every photo pixel.
    let truth: [Truth]
    /// The true depth of every photo pixel, 0 nearest ... 1 farthest.
    let depth: [Float]
    /// The true horizon row in photo pixels.
    let horizonRow: Int

    init(_ recipe: Recipe, width: Int = 600, height: Int = 400) {
        self.recipe = recipe
        var random = SeededRandom(seed: recipe.seed)
        let clouds = ValueNoise(seed: random.next()), ripples = ValueNoise(seed: random.next())
        let grain = ValueNoise(seed: random.next()), leaves = ValueNoise(seed: random.next())
        let shore = ValueNoise(seed: random.next())
        let yh = Int(recipe.horizon * Double(height))
        horizonRow = yh
        let colours = Colours(recipe.palette)

        // The tree line: a band on one side, its ragged top above the horizon.
        let treeWidth = Float(width) * 0.42
        func treeTop(_ x: Int) -> Float {
            let along = recipe.treesOnLeft ? Float(x) : Float(width - 1 - x)
            guard along < treeWidth else { return .infinity }
            let taper = min(1, (treeWidth - along) / (Float(width) * 0.08))
            let crowns = 0.5 * leaves.value(Float(x) / 9, 0.5) + 0.3 * leaves.value(Float(x) / 3.5, 7.5)
            let height = Float(height) * (0.05 + 0.05 * shore.value(Float(x) / 60, 3.5)) * taper
            return Float(yh) - height * (0.6 + 0.8 * crowns)
        }
        // The beach line: gently wavy, 60% of the way from the horizon to the bottom.
        let beachBase = Float(yh) + Float(height - yh) * 0.6
        func beachLine(_ x: Int) -> Float {
            beachBase + Float(height) * 0.03 * (shore.value(Float(x) / 80, 11.5) - 0.5)
        }
        // The boat: a red hull with a darker cabin, sitting on the sea.
        let boatX = Float(width) * 0.56, boatLength = Float(width) * 0.11
        let boatWater = Float(yh) + (beachBase - Float(yh)) * 0.55
        let hullHeight = Float(height) * 0.035
        func isBoat(_ x: Int, _ y: Int) -> Bool {
            guard recipe.hasBoat else { return false }
            let fx = Float(x) + 0.5, fy = Float(y) + 0.5
            let t = (fx - boatX) / boatLength
            if fy <= boatWater && fy >= boatWater - hullHeight {
                let inset = (boatWater - fy) / hullHeight   // the hull widens upwards
                return t >= 0.1 * (1 - inset) && t <= 1 - 0.15 * (1 - inset)
            }
            return fy < boatWater - hullHeight && fy >= boatWater - 2.1 * hullHeight && t >= 0.3 && t <= 0.65
        }
        func groundDepth(_ y: Int) -> Float {
            // A plane seen from eye height: distance ~ 1 / (rows below the horizon).
            0.9 * min(1, 1.5 / (Float(y - yh) + 0.5))
        }

        var pixels = [UInt8](repeating: 255, count: width * height * 4)
        var truth = [Truth](repeating: .sky, count: width * height)
        var depth = [Float](repeating: 1, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                let fx = Float(x), fy = Float(y)
                var colour: SIMD3<Float>
                var kind: Truth
                var d: Float = 1
                if isBoat(x, y) {
                    let cabin = fy < boatWater - hullHeight
                    colour = cabin ? SIMD3(150, 25, 30) : SIMD3(200, 35, 30)
                    colour += 12 * (grain.value(fx / 2, fy / 2) - 0.5)
                    kind = .subject
                    d = groundDepth(Int(boatWater))
                } else if y < yh && fy + 0.5 < treeTop(x) || y < yh && treeTop(x) == .infinity {
                    // Sky: gradient to the horizon, clouds stretched along it.
                    let v = fy / Float(yh)
                    colour = colours.skyTop + (colours.skyHorizon - colours.skyTop) * v
                    let cloud = clouds.fractal(fx / 110, fy / 45, octaves: 5)
                    let cover = smoothstep(0.48, 0.72, cloud) * colours.cloudiness
                    let shade = clouds.value(fx / 40 + 17, fy / 20)
                    let cloudColour = colours.cloudLight + (colours.cloudDark - colours.cloudLight) * shade
                    colour += (cloudColour - colour) * cover
                    kind = .sky
                } else if y < yh {
                    colour = colours.trees * (0.7 + 0.6 * leaves.fractal(fx / 4, fy / 4, octaves: 3))
                    kind = .trees
                    d = 0.9
                } else if recipe.hasWater && fy < beachLine(x) {
                    // Sea: ripples whose period grows towards the viewer, a mirror of the sky.
                    let rows = fy - Float(yh) + 0.5
                    let along = ripples.value(fx / 40, rows / 2.2 + rows * rows / 400)
                    let fine = ripples.value(fx / 18 + 50, pow(rows, 0.8))
                    let ripple = 0.6 * along + 0.4 * fine - 0.5
                    let mirrored = colours.skyHorizon + (colours.skyTop - colours.skyHorizon) * min(1, rows / Float(yh))
                    colour = colours.sea + (mirrored - colours.sea) * 0.22
                    colour *= 1 + 0.35 * ripple
                    colour += (colours.seaFar - colour) * max(0, 1 - rows / 25) * 0.5
                    kind = .water
                    d = groundDepth(y)
                } else {
                    // Sand or meadow: isotropic grain (grass blades are upright, if anything).
                    let base = recipe.hasWater ? colours.sand : colours.meadow
                    let texture = recipe.hasWater
                        ? grain.fractal(fx / 2.5, fy / 2.5, octaves: 3)
                        : grain.fractal(fx / 1.5, fy / 5, octaves: 3)
                    colour = base * (0.85 + 0.3 * texture)
                    kind = .ground
                    d = groundDepth(y)
                }
                let i = (y * width + x) * 4
                pixels[i] = UInt8(max(0, min(255, colour.x.rounded())))
                pixels[i + 1] = UInt8(max(0, min(255, colour.y.rounded())))
                pixels[i + 2] = UInt8(max(0, min(255, colour.z.rounded())))
                truth[y * width + x] = kind
                depth[y * width + x] = d
            }
        }
        photo = Photo(width: width, height: height, pixels: pixels, hasAlpha: false)
        self.truth = truth
        self.depth = depth
    }

    /// The true mask of the classes in `kinds` at the analysis size, area-averaged the way the
    /// analysis averages the photo, then thresholded at one half.
    func truthMask(_ kinds: Set<Truth>, analysisSide: Int = 320) -> [Bool] {
        averaged(analysisSide: analysisSide) { kinds.contains(truth[$0]) ? 255 : 0 }.map { $0 >= 0.5 }
    }

    /// The true depth at the analysis size (area average).
    func truthDepth(analysisSide: Int = 320) -> [Float] {
        averaged(analysisSide: analysisSide) { UInt8(depth[$0] * 255) }
    }

    private func averaged(analysisSide: Int, _ value: (Int) -> UInt8) -> [Float] {
        var bytes = [UInt8](repeating: 255, count: photo.width * photo.height * 4)
        for i in 0..<(photo.width * photo.height) {
            let v = value(i)
            bytes[i * 4] = v; bytes[i * 4 + 1] = v; bytes[i * 4 + 2] = v
        }
        let image = AnalysisImage.downscaled(Photo(width: photo.width, height: photo.height, pixels: bytes,
                                                   hasAlpha: false), longestSide: analysisSide)
        return image.red
    }
}

/// The colours of one palette, sRGB 0...255.
private struct Colours {
    var skyTop, skyHorizon, cloudLight, cloudDark: SIMD3<Float>
    var cloudiness: Float
    var sea, seaFar, sand, meadow, trees: SIMD3<Float>

    init(_ palette: SyntheticScene.Palette) {
        sand = SIMD3(205, 185, 145)
        meadow = SIMD3(85, 130, 50)
        trees = SIMD3(32, 62, 34)
        switch palette {
        case .sunset:
            skyTop = SIMD3(70, 62, 135); skyHorizon = SIMD3(250, 150, 75)
            cloudLight = SIMD3(255, 185, 150); cloudDark = SIMD3(150, 90, 120); cloudiness = 0.8
            sea = SIMD3(38, 42, 82); seaFar = SIMD3(70, 60, 95)
        case .overcast:
            skyTop = SIMD3(150, 155, 165); skyHorizon = SIMD3(200, 202, 206)
            cloudLight = SIMD3(225, 226, 228); cloudDark = SIMD3(115, 118, 128); cloudiness = 1
            sea = SIMD3(72, 90, 102); seaFar = SIMD3(110, 120, 130)
        case .clear:
            skyTop = SIMD3(40, 100, 200); skyHorizon = SIMD3(165, 205, 238)
            cloudLight = SIMD3(248, 248, 252); cloudDark = SIMD3(190, 200, 215); cloudiness = 0.6
            sea = SIMD3(20, 72, 122); seaFar = SIMD3(60, 110, 150)
        }
    }
}

/// Smooth value noise on the integer lattice, and its fractal sum (octaves of halving
/// amplitude and doubling frequency), from a seed.
struct ValueNoise {
    let seed: UInt64

    private func lattice(_ x: Int, _ y: Int) -> Float {
        var z = UInt64(bitPattern: Int64(x)) &* 0x9E37_79B9_7F4A_7C15
        z ^= UInt64(bitPattern: Int64(y)) &* 0xC2B2_AE3D_27D4_EB4F ^ seed
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Float(z >> 40) / Float(1 << 24)
    }

    /// 0...1, smooth (smoothstep-interpolated lattice values).
    func value(_ x: Float, _ y: Float) -> Float {
        let x0 = Int(x.rounded(.down)), y0 = Int(y.rounded(.down))
        let tx = x - Float(x0), ty = y - Float(y0)
        let sx = tx * tx * (3 - 2 * tx), sy = ty * ty * (3 - 2 * ty)
        let top = lattice(x0, y0) + (lattice(x0 + 1, y0) - lattice(x0, y0)) * sx
        let bottom = lattice(x0, y0 + 1) + (lattice(x0 + 1, y0 + 1) - lattice(x0, y0 + 1)) * sx
        return top + (bottom - top) * sy
    }

    /// 0...1, the normalised sum of `octaves` octaves.
    func fractal(_ x: Float, _ y: Float, octaves: Int) -> Float {
        var sum: Float = 0, amplitude: Float = 1, total: Float = 0, frequency: Float = 1
        for octave in 0..<octaves {
            sum += amplitude * value(x * frequency + Float(octave) * 31.7, y * frequency)
            total += amplitude; amplitude *= 0.5; frequency *= 2
        }
        return sum / total
    }
}

private func smoothstep(_ edge0: Float, _ edge1: Float, _ x: Float) -> Float {
    let t = min(1, max(0, (x - edge0) / (edge1 - edge0)))
    return t * t * (3 - 2 * t)
}
