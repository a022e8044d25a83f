import Foundation

/// The ambient sound beds alive synthesises: procedural, from the seed, with no sample
/// files. Each bed is one file (`WavesBed.swift`, `CricketsBed.swift`, ...): its voices,
/// its parameters and its per-sample loop.
public enum SoundBed: String, Codable, Sendable, CaseIterable {
    /// Surf: swells of pink noise whose brightness follows each wave's rise and crash, and foam.
    case waves
    /// Band-passed noise in gusts, a low rumble and a faint whistle.
    case wind
    /// A steady hiss with hundreds of drops a second (modal grains), and some wind.
    case rain
    /// A babbling stream or river: bubbling band-passed noise and rising bubbles.
    case stream
    /// Birds at dawn: sweeping, trilled syllables in songs, over a soft breeze.
    case birds
    /// Crickets at night: pulsed chirps near 4-5 kHz, a distant chorus, still air.
    case crickets
    /// A crackling fire: a soft roar, hiss, and bursts of one-millisecond crackles.
    case fire
    /// City hum: a low rumble and cars passing from side to side.
    case city
    /// Quiet room tone: low, soft, steady air.
    case room

    /// Samples between retunings of filters and envelopes (0.67 ms at 48 kHz).
    static let controlBlock = 32

    /// The integrated loudness each bed is mastered to (LUFS): about -18 for most, a little
    /// lower for the beds that should stay in the background.
    public var targetLoudness: Double {
        switch self {
        case .room: -22
        case .crickets, .birds: -19
        default: -18
        }
    }

    /// The raw bed, `count` samples per channel, before mastering: the same `seed` always
    /// gives identical samples.
    public func synthesize(count: Int, seed: UInt64, sampleRate: Int = StereoAudio.standardRate) -> StereoAudio {
        // Each bed has its own streams of the seed: "waves" and "wind" at seed 0 differ in
        // more than their filters.
        let seed = seed ^ (UInt64(Self.allCases.firstIndex(of: self)!) &+ 1) &* 0xA24B_AED4_963E_E407
        let rate = Float(sampleRate)
        var audio = StereoAudio(sampleRate: sampleRate, count: count)
        switch self {
        case .waves: Self.run(WavesBed(seed: seed, sampleRate: rate), into: &audio)
        case .wind: Self.run(WindBed(seed: seed, sampleRate: rate), into: &audio)
        case .rain: Self.run(RainBed(seed: seed, sampleRate: rate), into: &audio)
        case .stream: Self.run(StreamBed(seed: seed, sampleRate: rate), into: &audio)
        case .birds: Self.run(BirdsBed(seed: seed, sampleRate: rate), into: &audio)
        case .crickets: Self.run(CricketsBed(seed: seed, sampleRate: rate), into: &audio)
        case .fire: Self.run(FireBed(seed: seed, sampleRate: rate), into: &audio)
        case .city: Self.run(CityBed(seed: seed, sampleRate: rate), into: &audio)
        case .room: Self.run(RoomToneBed(seed: seed, sampleRate: rate), into: &audio)
        }
        return audio
    }

    /// Drives a voice over the whole buffer in control blocks; generic, so each bed's loop
    /// is specialised and nothing is allocated per block.
    private static func run<Voice: BedVoice>(_ voice: Voice, into audio: inout StereoAudio) {
        var voice = voice
        let total = audio.count
        audio.left.withUnsafeMutableBufferPointer { left in
            audio.right.withUnsafeMutableBufferPointer { right in
                guard let l = left.baseAddress, let r = right.baseAddress else { return }
                var offset = 0
                while offset < total {
                    let n = min(controlBlock, total - offset)
                    voice.render(left: l + offset, right: r + offset, count: n)
                    offset += n
                }
            }
        }
    }
}

/// One bed's generator: renders the next block of at most `SoundBed.controlBlock` samples,
/// overwriting `left` and `right`. Control values (filter cut-offs, envelopes) are updated
/// once per block.
protocol BedVoice {
    init(seed: UInt64, sampleRate: Float)
    mutating func render(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, count: Int)
}

/// Equal-power pan gains for `pan` in -1 (left) ... 1 (right).
@inline(__always) func panGains(_ pan: Float) -> (left: Float, right: Float) {
    ((0.5 * (1 - pan)).squareRoot(), (0.5 * (1 + pan)).squareRoot())
}
