import Foundation

/// What moves in the scene besides the camera: part of the `MotionPlan`, so `alive plan`
/// prints it and `--plan FILE` reads an edited one back. Each effect is nil when still.
///
/// Speeds are in output frame widths per second, so a plan looks the same at any size.
public struct SceneMotion: Codable, Sendable, Equatable {
    /// Clouds and sky drifting inside the sky.
    public var sky: Flow?
    /// Waves, ripples and shimmer inside the water.
    public var water: Flow?
    /// Trees, grass and leaves swaying where the photo is green and textured.
    public var foliage: Sway?
    /// Fog or mist drifting over the far part of the scene.
    public var fog: Flow?
    /// Snow, rain, sparkles, stars or falling leaves drawn over the scene.
    public var particles: Particles?
    /// How strongly the camera's move shows depth: 0 moves the photo as a flat card, 1 lets
    /// near things move clearly more than far ones. Needs a camera move to show.
    public var parallax: Double
    /// The prompt asked for life without naming what moves: `resolved(for:)` fills in what
    /// the scene offers (sky drifts, water moves, foliage sways).
    public var automatic: Bool
    /// What the prompt asked of every face ("blink", "smile", "keep faces still"); nil when
    /// it named none (then faces are lively when the motion is automatic).
    public var face: FaceMotions? = nil

    public init(sky: Flow? = nil, water: Flow? = nil, foliage: Sway? = nil, fog: Flow? = nil,
                particles: Particles? = nil, parallax: Double = 1, automatic: Bool = false) {
        self.sky = sky
        self.water = water
        self.foliage = foliage
        self.fog = fog
        self.particles = particles
        self.parallax = parallax
        self.automatic = automatic
    }

    /// Nothing in the scene moves by itself.
    public var isStill: Bool { sky == nil && water == nil && foliage == nil && fog == nil && particles == nil }
}

/// A motion in one direction with a texture of its own: clouds drifting, water flowing.
public struct Flow: Codable, Sendable, Equatable {
    /// Screen direction (x right, y down), normalised when used.
    public var directionX: Double
    public var directionY: Double
    /// Output frame widths per second.
    public var speed: Double
    /// 0...1: how much the texture changes shape as it goes (clouds billowing, ripples).
    public var turbulence: Double

    public init(directionX: Double, directionY: Double, speed: Double, turbulence: Double) {
        (self.directionX, self.directionY, self.speed, self.turbulence) = (directionX, directionY, speed, turbulence)
    }

    public static let clouds = Flow(directionX: -1, directionY: 0, speed: 0.02, turbulence: 0.5)
    public static let waves = Flow(directionX: 0, directionY: 1, speed: 0.006, turbulence: 1)
    public static let fog = Flow(directionX: 1, directionY: 0, speed: 0.015, turbulence: 0.5)

    /// The same flow `factor` times as fast.
    func scaled(_ factor: Double) -> Flow {
        var f = self
        f.speed *= factor
        return f
    }
}

/// A back-and-forth motion: branches and grass in the wind.
public struct Sway: Codable, Sendable, Equatable {
    /// Peak displacement in output frame widths.
    public var amplitude: Double
    /// Seconds per swing.
    public var period: Double

    public init(amplitude: Double = 0.003, period: Double = 2.5) {
        self.amplitude = amplitude
        self.period = period
    }
}

/// Small things drawn over the scene, sized and paced by depth.
public struct Particles: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case snow, rain, sparkles, stars, leaves, petals
    }

    public var kind: Kind
    /// 0...2: how many (1 = as designed).
    public var density: Double
    /// 0...2: how fast (1 = as designed).
    public var speed: Double

    public init(kind: Kind, density: Double = 1, speed: Double = 1) {
        self.kind = kind
        self.density = density
        self.speed = speed
    }
}

/// What the scene analysis found, in the few numbers the plan needs: fractions of the photo.
public struct SceneSummary: Sendable, Equatable {
    public var sky: Double
    public var water: Double
    public var foliage: Double
    public var subject: Double
    /// The regions whose extent is a guess (a faint border; water seen with no horizon): "sky", "water".
    public var unsure: Set<String>

    public init(sky: Double, water: Double, foliage: Double, subject: Double, unsure: Set<String> = []) {
        (self.sky, self.water, self.foliage, self.subject) = (sky, water, foliage, subject)
        self.unsure = unsure
    }

    /// Regions smaller than this fraction of the photo are not worth animating.
    public static let present = 0.01
}

extension MotionPlan {
    /// The plan for one photo: scene-aware defaults filled in for a generic prompt, and
    /// effects the photo cannot show dropped with a note saying why. Resolving a resolved
    /// plan changes nothing, so an edited `--plan` file renders as written.
    public func resolved(for scene: SceneSummary) -> MotionPlan {
        var plan = self
        var m = plan.motion
        func unsure(_ region: String, _ what: String) {
            let note = "where the \(region) ends is unsure in this photo (a faint border, or water with no horizon): \(what)"
            if !plan.notes.contains(note) { plan.notes.append(note) }
        }
        if m.automatic {
            // Automatic motion leaves a region still rather than guess where it ends.
            if scene.sky >= SceneSummary.present {
                if scene.unsure.contains("sky") { unsure("sky", "left still") } else { m.sky = m.sky ?? .clouds }
            }
            if scene.water >= SceneSummary.present {
                if scene.unsure.contains("water") { unsure("water", "left still") } else { m.water = m.water ?? .waves }
            }
            if scene.foliage >= SceneSummary.present { m.foliage = m.foliage ?? Sway() }
            m.automatic = false
        }
        func missing(_ what: String, _ region: String) {
            let note = "\(what) asked for, but this photo shows no \(region): left still"
            if !plan.notes.contains(note) { plan.notes.append(note) }
        }
        if m.sky != nil && scene.sky < SceneSummary.present { m.sky = nil; missing("sky motion", "sky") }
        if m.water != nil && scene.water < SceneSummary.present { m.water = nil; missing("water motion", "water") }
        if m.sky != nil && scene.unsure.contains("sky") { unsure("sky", "its motion may spill over or stop short") }
        if m.water != nil && scene.unsure.contains("water") { unsure("water", "its motion may spill over or stop short") }
        if m.foliage != nil && scene.foliage < SceneSummary.present {
            m.foliage = nil
            missing("swaying foliage", "trees or grass")
        }
        if m.particles?.kind == .stars && scene.sky < SceneSummary.present {
            m.particles = nil
            missing("stars", "sky")
        }
        plan.motion = m
        return plan
    }
}
