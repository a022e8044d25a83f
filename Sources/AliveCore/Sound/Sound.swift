/// What a plan asks to hear: a bed by name, or silence. In JSON a bare string, the bed's
/// name or `"none"`, so an edited plan reads as it sounds. A plan without one gets the
/// scene-aware default (`SoundBed.choose`).
public enum Sound: Codable, Sendable, Equatable {
    case bed(SoundBed)
    /// No audio stream at all ("senza audio", "no sound").
    case silent

    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        if name == "none" {
            self = .silent
        } else if let bed = SoundBed(rawValue: name) {
            self = .bed(bed)
        } else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "sound \"\(name)\" is not one of none, \(SoundBed.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .bed(let bed): try container.encode(bed.rawValue)
        case .silent: try container.encode("none")
        }
    }
}

extension SoundBed {
    /// The scene-aware default when neither the prompt, the plan nor a flag names a sound:
    /// what the picture and the plan's light suggest.
    ///
    /// - storm light: rain (with its wind);
    /// - water: waves, or a stream when the water is a small part of the picture;
    /// - night or dusk: crickets;
    /// - golden hour with sky: birds; a sunset with sky: wind;
    /// - other open sky: wind;
    /// - no sky (indoors, close-ups): quiet room tone.
    ///
    /// `waterFraction` and `skyFraction` are the covered fractions of the photo
    /// (`SceneMaps.water.mean`, `.sky.mean`); `horizon` is the horizon's height (0 top ...
    /// 1 bottom), nil when there is no sky.
    public static func choose(plan: MotionPlan, waterFraction: Double, skyFraction: Double, horizon: Double?) -> SoundBed {
        let look = plan.light?.look
        if look == .storm || plan.motion.particles?.kind == .rain { return .rain }
        if waterFraction >= 0.12 { return .waves }
        if waterFraction >= 0.02 { return .stream }
        if look == .night || look == .dusk { return .crickets }
        let open = skyFraction >= 0.08 || (horizon != nil && skyFraction >= 0.03)
        if look == .goldenHour && open { return .birds }
        if open { return .wind }
        if look == .goldenHour || look == .sunset { return .birds }
        return .room
    }
}
