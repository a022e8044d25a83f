import AliveCore
import AliveMedia
import Foundation

/// Which sound a video gets (`--no-audio`, `--audio FILE`, or the plan's and the scene's).
public enum AudioChoice: Sendable, Equatable {
    /// The sound the plan asks for ("with the sound of waves", "senza audio"), else the
    /// scene-aware default bed (`SoundBed.choose`).
    case automatic
    /// No audio stream (`--no-audio`).
    case none
    /// The user's own WAV or FLAC (`--audio FILE`), fitted to the clip.
    case file(String)
}

/// The clip's soundtrack: a synthesised bed or the user's file, mastered to the clip's
/// exact length (`SoundMaster`), ready for `VideoEncoder`.
enum Soundtrack {
    /// What was decided, for the result and the manifest.
    struct Decision {
        var audio: StereoAudio?
        /// The plan's sound as rendered: the bed, `.silent`, or nil for the user's file.
        var sound: Sound?
    }

    /// The user's file, decoded before anything is rendered so a bad one fails first; nil
    /// unless `--audio` was given. Decodes no more than the clip (and a loop's crossfade)
    /// needs.
    static func userSound(_ options: RenderOptions, plan: MotionPlan) throws -> StereoAudio? {
        guard case .file(let path) = options.audio else { return nil }
        let count = StereoAudio.sampleCount(frames: options.frameCount(for: plan), fps: options.fps)
        return try AudioFileDecoder.decode(path: path, maxSamples: count + StereoAudio.standardRate * 2)
    }

    /// The soundtrack for a clip of `frameCount` frames. `scene` is asked only when the
    /// default bed must be chosen from the picture.
    static func decide(_ options: RenderOptions, plan: MotionPlan, frameCount: Int, userSound: StereoAudio?,
                       scene: () throws -> SceneMaps) throws -> Decision {
        let count = StereoAudio.sampleCount(frames: frameCount, fps: options.fps)
        let loop = plan.loop != nil
        switch options.audio {
        case .none:
            return Decision(audio: nil, sound: .silent)
        case .file:
            guard let userSound else { preconditionFailure("userSound decodes --audio first") }
            return Decision(audio: SoundMaster.fit(userSound, count: count, loop: loop), sound: nil)
        case .automatic:
            let bed: SoundBed
            switch plan.sound {
            case .silent?: return Decision(audio: nil, sound: .silent)
            case .bed(let named)?: bed = named
            case nil:
                let maps = try scene()
                bed = SoundBed.choose(plan: plan, waterFraction: Double(maps.water.mean),
                                      skyFraction: Double(maps.sky.mean), horizon: maps.horizon)
            }
            return Decision(audio: SoundMaster.bed(bed, count: count, seed: options.seed, loop: loop), sound: .bed(bed))
        }
    }
}
