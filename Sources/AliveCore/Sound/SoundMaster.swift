import Foundation

/// Mastering: what turns a raw bed, or the user's own file, into the clip's soundtrack of
/// exactly the right length. Loudness to the target by `LoudnessMeter`, peaks under the
/// ceiling by `Limiter`, and either fades at both ends or, for a loop, a seam you cannot
/// hear: the bed is rendered longer than the clip and its tail crossfaded into its head,
/// so the sample after the last is the natural continuation of the last.
public enum SoundMaster {
    /// Seconds of fade in and out (at most a quarter of the clip each).
    public static let fadeIn = 0.5, fadeOut = 1.0
    /// Seconds of the loop's crossfade (at most a third of the clip).
    public static let loopCrossfade = 1.0

    /// The bed for a clip of `count` samples per channel, mastered: integrated loudness at
    /// the bed's target, sample peaks under `Limiter.standard`, faded or looped.
    public static func bed(_ bed: SoundBed, count: Int, seed: UInt64, loop: Bool,
                           sampleRate: Int = StereoAudio.standardRate) -> StereoAudio {
        guard count > 0 else { return StereoAudio(sampleRate: sampleRate, count: 0) }
        var audio: StereoAudio
        if loop {
            let overlap = crossfadeLength(count: count, sampleRate: sampleRate)
            audio = bed.synthesize(count: count + overlap, seed: seed, sampleRate: sampleRate)
            crossfadeTailIntoHead(&audio, clip: count)
        } else {
            audio = bed.synthesize(count: count, seed: seed, sampleRate: sampleRate)
        }
        // Fades first, so the loudness measured is the loudness heard.
        if !loop { fade(&audio) }
        normalise(&audio, to: bed.targetLoudness, circular: loop)
        return audio
    }

    /// The user's own sound fitted to the clip: trimmed, or repeated with a short
    /// crossfade at each join; then faded (or, for a loop, its tail crossfaded into its
    /// head when it is long enough), and peaks kept under the ceiling. Its level is the
    /// user's: only peaks over the ceiling are touched.
    public static func fit(_ source: StereoAudio, count: Int, loop: Bool) -> StereoAudio {
        let rate = source.sampleRate
        guard count > 0, source.count > 0 else { return StereoAudio(sampleRate: rate, count: count) }
        let overlap = loop ? crossfadeLength(count: count, sampleRate: rate) : 0
        let needed = count + overlap
        var audio = StereoAudio(sampleRate: rate, count: needed)
        // Joins of a repeated file: 50 ms equal-power crossfades (or less for a tiny file).
        let join = min(Int(0.05 * Double(rate)), source.count / 4)
        var at = 0
        while at < needed {
            for i in 0..<source.count where at + i < needed {
                var (l, r) = (source.left[i], source.right[i])
                if at > 0 && i < join {
                    let (fadeInGain, _) = equalPower(i, join)
                    l *= fadeInGain
                    r *= fadeInGain
                }
                if source.count - i <= join && at + source.count - join < needed {
                    let (_, fadeOutGain) = equalPower(join - (source.count - i), join)
                    l *= fadeOutGain
                    r *= fadeOutGain
                }
                audio.left[at + i] += l
                audio.right[at + i] += r
            }
            at += source.count - join
        }
        if loop {
            crossfadeTailIntoHead(&audio, clip: count)
        } else {
            fade(&audio)
        }
        Limiter.standard.apply(to: &audio, circular: loop)
        return audio
    }

    static func crossfadeLength(count: Int, sampleRate: Int) -> Int {
        min(Int(loopCrossfade * Double(sampleRate)), count / 3)
    }

    /// Equal-power gains (rising, falling) at step `i` of `n`: sin and cos of a quarter turn,
    /// so uncorrelated sound keeps its level through the crossfade.
    @inline(__always) static func equalPower(_ i: Int, _ n: Int) -> (Float, Float) {
        let x = (Double(i) + 0.5) / Double(max(n, 1)) * Double.pi / 2
        return (Float(sin(x)), Float(cos(x)))
    }

    /// `audio` holds `clip` samples and then `overlap` more; the extra samples are mixed
    /// over the head (falling as the head rises) and dropped. Afterwards the first sample
    /// continues from the last: the head starts as what followed the clip's end.
    static func crossfadeTailIntoHead(_ audio: inout StereoAudio, clip: Int) {
        let overlap = audio.count - clip
        for i in 0..<overlap {
            let (rising, falling) = equalPower(i, overlap)
            audio.left[i] = audio.left[i] * rising + audio.left[clip + i] * falling
            audio.right[i] = audio.right[i] * rising + audio.right[clip + i] * falling
        }
        audio.left.removeLast(overlap)
        audio.right.removeLast(overlap)
    }

    /// Gain to `target` LUFS, then the limiter; once more if limiting cost more than half a
    /// decibel, so peaky beds (crickets, fire) still reach their loudness.
    static func normalise(_ audio: inout StereoAudio, to target: Double, circular: Bool) {
        for _ in 0..<3 {
            let measured = LoudnessMeter.integratedLoudness(audio)
            guard measured.isFinite, abs(measured - target) > 0.5 else { return }
            let gain = Float(pow(10, (target - measured) / 20))
            for i in 0..<audio.count {
                audio.left[i] *= gain
                audio.right[i] *= gain
            }
            Limiter.standard.apply(to: &audio, circular: circular)
        }
    }

    /// Raised-cosine fades in and out.
    static func fade(_ audio: inout StereoAudio) {
        let n = audio.count
        let rate = Double(audio.sampleRate)
        let fadeInCount = min(Int(fadeIn * rate), n / 4), fadeOutCount = min(Int(fadeOut * rate), n / 4)
        for i in 0..<fadeInCount {
            let g = Float(0.5 - 0.5 * cos(Double.pi * Double(i) / Double(fadeInCount)))
            audio.left[i] *= g
            audio.right[i] *= g
        }
        for i in 0..<fadeOutCount {
            let g = Float(0.5 - 0.5 * cos(Double.pi * Double(i + 1) / Double(fadeOutCount + 1)))
            audio.left[n - 1 - i] *= g
            audio.right[n - 1 - i] *= g
        }
    }
}
