internal import AliveCore
internal import CFFmpeg

/// An open AAC-LC encoder (libavcodec's native `aac`) for 48 kHz stereo, planar float in,
/// with the one `AVFrame` each block of samples is copied into. Like the other resources in
/// `EncoderResources.swift`, it frees in `deinit` and lends pointers only inside its methods.
final class AACEncoder {
    private let context: UnsafeMutablePointer<AVCodecContext>
    private let frame: UnsafeMutablePointer<AVFrame>
    private let path: String

    /// The time base of frames and packets: one tick per sample.
    let timeBase: AVRational
    /// Samples per channel in each frame but the last (1024 for AAC-LC).
    let frameSize: Int

    /// 160 kb/s: transparent enough for ambient beds in stereo, small beside the video.
    static let bitRate: Int64 = 160_000

    init(sampleRate: Int, globalHeader: Bool, path: String) throws(MediaError) {
        self.path = path
        guard let codec = avcodec_find_encoder_by_name("aac") else {
            throw .encoder(path: path, operation: "avcodec_find_encoder_by_name(aac)",
                           reason: "this FFmpeg was built without its AAC encoder")
        }
        guard let context = avcodec_alloc_context3(codec) else {
            throw .encoder(path: path, operation: "avcodec_alloc_context3", reason: "out of memory")
        }
        self.context = context
        timeBase = AVRational(num: 1, den: Int32(sampleRate))
        context.pointee.sample_fmt = AV_SAMPLE_FMT_FLTP
        context.pointee.sample_rate = Int32(sampleRate)
        av_channel_layout_default(&context.pointee.ch_layout, 2)
        context.pointee.bit_rate = Self.bitRate
        context.pointee.time_base = timeBase
        if globalHeader { context.pointee.flags |= AV_CODEC_FLAG_GLOBAL_HEADER }
        guard let frame = av_frame_alloc() else {
            var c: UnsafeMutablePointer<AVCodecContext>? = context
            avcodec_free_context(&c)
            throw .encoder(path: path, operation: "av_frame_alloc", reason: "out of memory")
        }
        self.frame = frame
        try ffmpegCall("avcodec_open2(aac)", path: path) { avcodec_open2(context, codec, nil) }
        frameSize = Int(context.pointee.frame_size)
        frame.pointee.format = AV_SAMPLE_FMT_FLTP.rawValue
        frame.pointee.sample_rate = Int32(sampleRate)
        frame.pointee.nb_samples = Int32(frameSize)
        try ffmpegCall("av_channel_layout_copy", path: path) {
            av_channel_layout_copy(&frame.pointee.ch_layout, &context.pointee.ch_layout)
        }
        try ffmpegCall("av_frame_get_buffer", path: path) { av_frame_get_buffer(frame, 0) }
    }

    deinit {
        var frame: UnsafeMutablePointer<AVFrame>? = frame
        av_frame_free(&frame)
        var context: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&context)
    }

    func withContext<R, E: Error>(_ body: (UnsafePointer<AVCodecContext>) throws(E) -> R) throws(E) -> R {
        try body(context)
    }

    /// Encodes `count` (at most `frameSize`; fewer only for the last frame) samples of each
    /// channel from `audio`, starting at sample `start`, which is also the frame's pts.
    func send(_ audio: StereoAudio, from start: Int, count: Int) throws(MediaError) {
        precondition(count > 0 && count <= frameSize && start + count <= audio.count)
        try ffmpegCall("av_frame_make_writable", path: path) { av_frame_make_writable(frame) }
        frame.pointee.nb_samples = Int32(count)
        frame.pointee.pts = Int64(start)
        for (channel, samples) in [audio.left, audio.right].enumerated() {
            let plane = channel == 0 ? frame.pointee.data.0 : frame.pointee.data.1
            guard let plane else { preconditionFailure("av_frame_get_buffer allocated both planes") }
            samples.withUnsafeBufferPointer { source in
                plane.withMemoryRebound(to: Float.self, capacity: count) { destination in
                    destination.update(from: source.baseAddress! + start, count: count)
                }
            }
        }
        try ffmpegCall("avcodec_send_frame(aac)", path: path) { avcodec_send_frame(context, frame) }
    }

    /// Starts draining.
    func flush() throws(MediaError) {
        try ffmpegCall("avcodec_send_frame(aac, flush)", path: path) { avcodec_send_frame(context, nil) }
    }

    func receive(into packet: EncoderPacket) -> FFmpegStatus {
        FFmpegStatus(code: packet.withPacket { avcodec_receive_packet(context, $0) })
    }
}
