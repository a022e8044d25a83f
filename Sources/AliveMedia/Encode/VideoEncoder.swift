public import AliveCore
internal import CFFmpeg

/// Encodes `YUVFrame`s into an MP4 file: H.264 (libx264, High profile) in yuv420p with
/// BT.709 primaries, transfer and matrix and limited range, tagged in both the H.264 VUI
/// and the MP4 `colr` box; a constant frame rate (`fps/1`), one tick per frame, exactly as
/// many frames as appended; `moov` before `mdat` so players can start before the download
/// ends. With `audio`, a second stream: AAC-LC (libavcodec's native encoder) at the
/// sound's rate in stereo, fed as the pictures arrive so the muxer interleaves the two.
///
/// ```swift
/// let encoder = try VideoEncoder(path: "out.mp4", settings: VideoSettings(width: 1080, height: 1920))
/// for frame in frames { try encoder.append(frame) }
/// try encoder.finish()
/// ```
///
/// If `finish()` is never reached the file stays incomplete (no `moov`); the caller writes
/// to a temporary name and removes it, as `OutputFile` does.
///
/// `@unchecked Sendable` under a single-owner contract: one thread at a time calls
/// `append` and `finish` (the pipeline's encode loop), though not necessarily the thread
/// that created the encoder. Nothing here is shared with other threads, and libx264's own
/// worker threads never touch these objects.
public final class VideoEncoder: @unchecked Sendable {
    public let path: String
    public let settings: VideoSettings
    /// Frames appended so far; the pts of the next one.
    public private(set) var frameCount = 0

    private enum State { case open, finished, failed }
    private var state = State.open
    private var packetCount = 0

    private let output: MP4Output
    private let encoder: H264Encoder
    private let picture: EncoderPicture
    private let packet: EncoderPacket
    private let audio: StereoAudio?
    private let audioEncoder: AACEncoder?
    /// Samples of `audio` sent to the AAC encoder so far.
    private var audioSent = 0

    /// Checks the settings, opens libx264, creates the file and writes the MP4 header.
    ///
    /// Throws `.invalidVideoSetting` before anything is created, `.cannotWrite` when the
    /// file cannot be created (and then no file is left), `.encoder` when FFmpeg fails.
    public init(path: String, settings: VideoSettings, audio: StereoAudio? = nil) throws(MediaError) {
        try settings.validate()
        _ = FFmpegLog.silenced
        self.path = path
        self.settings = settings
        output = try MP4Output(path: path)
        encoder = try H264Encoder(settings: settings, globalHeader: output.needsGlobalHeader, path: path)
        picture = try EncoderPicture(width: settings.width, height: settings.height, path: path)
        packet = try EncoderPacket(path: path)
        let audio = audio.flatMap { $0.count > 0 ? $0 : nil }
        self.audio = audio
        if let audio {
            audioEncoder = try AACEncoder(sampleRate: audio.sampleRate, globalHeader: output.needsGlobalHeader, path: path)
        } else {
            audioEncoder = nil
        }
        try output.addVideoStream(from: encoder, fps: settings.fps)
        if let audioEncoder { try output.addAudioStream(from: audioEncoder) }
        try output.open()
        do throws(MediaError) {
            try output.writeHeader(metadata: settings.metadata)
        } catch {
            output.discard()
            throw error
        }
    }

    /// Encodes one frame, shown for `1/fps` seconds after the previous one.
    public func append(_ frame: YUVFrame) throws(MediaError) {
        try checkOpen("append")
        guard frame.width == settings.width, frame.height == settings.height else {
            throw .encoder(path: path, operation: "append",
                           reason: "frame is \(frame.width)x\(frame.height), the video is \(settings.width)x\(settings.height)")
        }
        let chroma = frame.chromaWidth * frame.chromaHeight
        guard frame.y.count == frame.width * frame.height, frame.cb.count == chroma, frame.cr.count == chroma else {
            throw .encoder(path: path, operation: "append",
                           reason: "frame planes hold \(frame.y.count), \(frame.cb.count) and \(frame.cr.count) samples, not \(frame.width * frame.height) and \(chroma)")
        }
        do throws(MediaError) {
            try picture.fill(from: frame, pts: Int64(frameCount))
            try encoder.send(picture)
            try writeReadyPackets()
            // The sound up to the end of this picture, in whole AAC frames.
            if let audio {
                try sendAudio(upTo: min(audio.count, Int(Double(frameCount + 1) * Double(audio.sampleRate) / Double(settings.fps))),
                              final: false)
            }
        } catch {
            state = .failed
            throw error
        }
        frameCount += 1
    }

    /// Drains the encoder, writes the trailer (moving `moov` before `mdat`) and closes the
    /// file. Call once, after the last `append`.
    public func finish() throws(MediaError) {
        try checkOpen("finish")
        do throws(MediaError) {
            try encoder.send(nil)
            try writeReadyPackets()
            if packetCount != frameCount {
                throw .encoder(path: path, operation: "finish",
                               reason: "libx264 gave \(packetCount) pictures for \(frameCount) frames")
            }
            if let audio, let audioEncoder {
                try sendAudio(upTo: audio.count, final: true)
                try audioEncoder.flush()
                try writeReadyAudioPackets()
            }
            try output.finish()
        } catch {
            state = .failed
            throw error
        }
        state = .finished
    }

    private func checkOpen(_ operation: String) throws(MediaError) {
        switch state {
        case .open: return
        case .finished: throw .encoder(path: path, operation: operation, reason: "the video is already finished")
        case .failed: throw .encoder(path: path, operation: operation, reason: "an earlier step failed")
        }
    }

    /// Sends whole AAC frames up to sample `target` (and, when `final`, the short last one),
    /// writing the packets they give.
    private func sendAudio(upTo target: Int, final: Bool) throws(MediaError) {
        guard let audio, let audioEncoder else { return }
        let size = audioEncoder.frameSize
        while audioSent < target {
            let n = min(size, target - audioSent)
            if n < size && !final { break }
            try audioEncoder.send(audio, from: audioSent, count: n)
            audioSent += n
            try writeReadyAudioPackets()
        }
    }

    private func writeReadyAudioPackets() throws(MediaError) {
        guard let audioEncoder else { return }
        while true {
            let status = audioEncoder.receive(into: packet)
            if status == .again || status == .endOfFile { return }
            if status.isFailure { throw .ffmpeg(status, path: path, operation: "avcodec_receive_packet(aac)") }
            try output.write(packet, timeBase: audioEncoder.timeBase, audio: true)
        }
    }

    /// Moves every packet the encoder has ready into the file.
    private func writeReadyPackets() throws(MediaError) {
        while true {
            let status = encoder.receive(into: packet)
            if status == .again || status == .endOfFile { return }
            if status.isFailure { throw .ffmpeg(status, path: path, operation: "avcodec_receive_packet") }
            try output.write(packet, timeBase: encoder.timeBase)
            packetCount += 1
        }
    }
}
