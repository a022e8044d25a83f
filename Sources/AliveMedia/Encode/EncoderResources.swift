internal import AliveCore
internal import CFFmpeg

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

// One owner per C resource: each class below allocates in `init`, frees in `deinit` and
// lends its pointer only inside a closure or its own methods. None is thread-safe on its
// own; `VideoEncoder` serialises all use.

/// libav*'s log goes to stderr and would interleave with the command's own one-line
/// errors; every failure reaches the user through `MediaError` instead.
enum FFmpegLog {
    /// Touch once before the first FFmpeg call; Swift runs the initialiser exactly once.
    /// Also caps any one FFmpeg allocation at `maximumAllocation`: fuzzing found a 112-byte
    /// WAV whose header made libavformat ask for about 1.2 GB at once. The largest real buffer
    /// is an 8192x8192 RGBA frame (256 MiB).
    static let silenced: Void = {
        av_log_set_level(AV_LOG_QUIET)
        av_max_alloc(maximumAllocation)
    }()

    static let maximumAllocation = 320 << 20
}

/// Builds an `AVDictionary` of options, lends it to `call`, and returns the call's status
/// with the keys the call left unused (FFmpeg removes the ones it consumed).
func withFFmpegOptions(
    _ options: [(key: String, value: String)],
    _ call: (UnsafeMutablePointer<OpaquePointer?>) -> Int32
) -> (status: FFmpegStatus, unused: [String]) {
    var dictionary: OpaquePointer?
    defer { av_dict_free(&dictionary) }
    for (key, value) in options {
        let status = FFmpegStatus(code: av_dict_set(&dictionary, key, value, 0))
        if status.isFailure { return (status, []) }
    }
    let status = FFmpegStatus(code: call(&dictionary))
    var unused: [String] = []
    var entry: UnsafeMutablePointer<AVDictionaryEntry>?
    while let next = av_dict_get(dictionary, "", entry, AV_DICT_IGNORE_SUFFIX) {
        unused.append(String(cString: next.pointee.key))
        entry = next
    }
    return (status, unused)
}

// MARK: - Codec

/// An open libx264 encoder (`AVCodecContext`) for yuv420p, BT.709, limited range.
final class H264Encoder {
    private let context: UnsafeMutablePointer<AVCodecContext>
    private let path: String

    /// The time base of frames and packets: one tick per frame.
    let timeBase: AVRational

    init(settings: VideoSettings, globalHeader: Bool, path: String) throws(MediaError) {
        self.path = path
        guard let codec = avcodec_find_encoder_by_name("libx264") else {
            throw .encoder(path: path, operation: "avcodec_find_encoder_by_name(libx264)",
                           reason: "this FFmpeg was built without libx264")
        }
        guard let context = avcodec_alloc_context3(codec) else {
            throw .encoder(path: path, operation: "avcodec_alloc_context3", reason: "out of memory")
        }
        self.context = context
        let fps = Int32(settings.fps)
        timeBase = AVRational(num: 1, den: fps)

        let c = context
        c.pointee.width = Int32(settings.width)
        c.pointee.height = Int32(settings.height)
        c.pointee.pix_fmt = AV_PIX_FMT_YUV420P
        c.pointee.sample_aspect_ratio = AVRational(num: 1, den: 1)
        c.pointee.time_base = timeBase
        c.pointee.framerate = AVRational(num: fps, den: 1)
        // A key frame every two seconds: quick seeking, little cost at these lengths.
        c.pointee.gop_size = 2 * fps
        // libx264 copies these into the H.264 VUI; the muxer copies them into `colr`.
        c.pointee.color_primaries = AVCOL_PRI_BT709
        c.pointee.color_trc = AVCOL_TRC_BT709
        c.pointee.colorspace = AVCOL_SPC_BT709
        c.pointee.color_range = AVCOL_RANGE_MPEG
        // AliveCore's BT709.convert averages 2x2 blocks: chroma sits at the block's centre.
        c.pointee.chroma_sample_location = AVCHROMA_LOC_CENTER
        c.pointee.thread_count = Int32(settings.threads)
        if globalHeader {
            // MP4 keeps SPS/PPS in `avcC`, not before each key frame.
            c.pointee.flags |= AV_CODEC_FLAG_GLOBAL_HEADER
        }
        let options: [(key: String, value: String)] = [
            ("preset", settings.preset),
            ("crf", "\(settings.crf)"),
            // A ceiling: x264 signals High whenever the preset uses 8x8 transforms (all
            // but ultrafast, which stays Constrained Baseline); the level is chosen by x264.
            ("profile", "high"),
        ]
        let (status, unused) = withFFmpegOptions(options) { avcodec_open2(context, codec, $0) }
        if status.isFailure { throw .ffmpeg(status, path: path, operation: "avcodec_open2(libx264)") }
        if !unused.isEmpty {
            throw .encoder(path: path, operation: "avcodec_open2(libx264)",
                           reason: "options not recognised: \(unused.joined(separator: ", "))")
        }
    }

    deinit {
        var context: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&context)
    }

    /// Lends the context, e.g. to copy its parameters into a stream.
    func withContext<R, E: Error>(_ body: (UnsafePointer<AVCodecContext>) throws(E) -> R) throws(E) -> R {
        try body(context)
    }

    /// Sends one picture, or nil to start draining.
    func send(_ picture: EncoderPicture?) throws(MediaError) {
        let code: Int32 = if let picture {
            picture.withFrame { avcodec_send_frame(context, $0) }
        } else {
            avcodec_send_frame(context, nil)
        }
        let status = FFmpegStatus(code: code)
        if status.isFailure { throw .ffmpeg(status, path: path, operation: "avcodec_send_frame") }
    }

    /// Receives the next packet: success, `.again` (needs input) or `.endOfFile` (drained).
    func receive(into packet: EncoderPacket) -> FFmpegStatus {
        FFmpegStatus(code: packet.withPacket { avcodec_receive_packet(context, $0) })
    }
}

// MARK: - Picture

/// The one `AVFrame` every appended frame is copied into. The encoder has finished with it
/// by the time `avcodec_send_frame` returns (libx264 copies the picture into its own
/// lookahead), so the same buffer is reused without a second copy.
final class EncoderPicture {
    private let frame: UnsafeMutablePointer<AVFrame>
    private let path: String

    init(width: Int, height: Int, path: String) throws(MediaError) {
        self.path = path
        guard let frame = av_frame_alloc() else {
            throw .encoder(path: path, operation: "av_frame_alloc", reason: "out of memory")
        }
        self.frame = frame
        frame.pointee.format = AV_PIX_FMT_YUV420P.rawValue
        frame.pointee.width = Int32(width)
        frame.pointee.height = Int32(height)
        frame.pointee.color_primaries = AVCOL_PRI_BT709
        frame.pointee.color_trc = AVCOL_TRC_BT709
        frame.pointee.colorspace = AVCOL_SPC_BT709
        frame.pointee.color_range = AVCOL_RANGE_MPEG
        frame.pointee.chroma_location = AVCHROMA_LOC_CENTER
        try ffmpegCall("av_frame_get_buffer", path: path) { av_frame_get_buffer(frame, 0) }
    }

    deinit {
        var frame: UnsafeMutablePointer<AVFrame>? = frame
        av_frame_free(&frame)
    }

    func withFrame<R>(_ body: (UnsafePointer<AVFrame>) -> R) -> R { body(frame) }

    /// Copies the three planes of `source` (already checked to match this picture's size).
    func fill(from source: YUVFrame, pts: Int64) throws(MediaError) {
        // A no-op unless the encoder still holds a reference to the buffer.
        try ffmpegCall("av_frame_make_writable", path: path) { av_frame_make_writable(frame) }
        let data = frame.pointee.data, stride = frame.pointee.linesize
        Self.copy(source.y, width: source.width, height: source.height, to: data.0, stride: stride.0)
        Self.copy(source.cb, width: source.chromaWidth, height: source.chromaHeight, to: data.1, stride: stride.1)
        Self.copy(source.cr, width: source.chromaWidth, height: source.chromaHeight, to: data.2, stride: stride.2)
        frame.pointee.pts = pts
    }

    /// One plane, row by row into FFmpeg's padded rows, or in one go when they are not padded.
    private static func copy(_ plane: [UInt8], width: Int, height: Int,
                             to destination: UnsafeMutablePointer<UInt8>?, stride: Int32) {
        guard let destination else { preconditionFailure("av_frame_get_buffer allocated every plane") }
        let stride = Int(stride)
        precondition(plane.count >= width * height && stride >= width)
        plane.withUnsafeBufferPointer { source in
            guard let source = source.baseAddress else { return }
            if stride == width {
                destination.update(from: source, count: width * height)
                return
            }
            for row in 0..<height {
                (destination + row * stride).update(from: source + row * width, count: width)
            }
        }
    }
}

// MARK: - Packet

/// The one `AVPacket` that carries each encoded picture from the encoder to the muxer.
final class EncoderPacket {
    private let packet: UnsafeMutablePointer<AVPacket>

    init(path: String) throws(MediaError) {
        guard let packet = av_packet_alloc() else {
            throw .encoder(path: path, operation: "av_packet_alloc", reason: "out of memory")
        }
        self.packet = packet
    }

    deinit {
        var packet: UnsafeMutablePointer<AVPacket>? = packet
        av_packet_free(&packet)
    }

    func withPacket<R>(_ body: (UnsafeMutablePointer<AVPacket>) -> R) -> R { body(packet) }
}

// MARK: - Muxer

/// The MP4 file: an `AVFormatContext` for the mp4 muxer and the `AVIOContext` it writes
/// through. The file is created by `open()` and closed by `finish()` or `deinit`.
final class MP4Output {
    private let context: UnsafeMutablePointer<AVFormatContext>
    private let path: String
    private var stream: UnsafeMutablePointer<AVStream>?
    private var audioStream: UnsafeMutablePointer<AVStream>?

    init(path: String) throws(MediaError) {
        self.path = path
        var context: UnsafeMutablePointer<AVFormatContext>?
        // "mp4" by name: the pipeline writes to a temporary name whatever the extension.
        try ffmpegCall("avformat_alloc_output_context2(mp4)", path: path) {
            avformat_alloc_output_context2(&context, nil, "mp4", path)
        }
        guard let context else {
            throw .encoder(path: path, operation: "avformat_alloc_output_context2(mp4)", reason: "out of memory")
        }
        self.context = context
    }

    deinit {
        closeFile()
        avformat_free_context(context)
    }

    /// Whether the codec must put its parameter sets in extradata (true for MP4).
    var needsGlobalHeader: Bool { (context.pointee.oformat.pointee.flags & AVFMT_GLOBALHEADER) != 0 }

    /// Adds the one video stream, with the encoder's parameters, colour tags and frame rate.
    func addVideoStream(from encoder: H264Encoder, fps: Int) throws(MediaError) {
        guard let stream = avformat_new_stream(context, nil) else {
            throw .encoder(path: path, operation: "avformat_new_stream", reason: "out of memory")
        }
        self.stream = stream
        guard let parameters = stream.pointee.codecpar else {
            throw .encoder(path: path, operation: "avformat_new_stream", reason: "stream has no codec parameters")
        }
        try ffmpegCall("avcodec_parameters_from_context", path: path) {
            encoder.withContext { avcodec_parameters_from_context(parameters, $0) }
        }
        // avcodec_parameters_from_context copies these; set them here too so the `colr`
        // box does not depend on that copy.
        parameters.pointee.color_primaries = AVCOL_PRI_BT709
        parameters.pointee.color_trc = AVCOL_TRC_BT709
        parameters.pointee.color_space = AVCOL_SPC_BT709
        parameters.pointee.color_range = AVCOL_RANGE_MPEG
        let rate = AVRational(num: Int32(fps), den: 1)
        stream.pointee.time_base = encoder.timeBase   // a hint; the muxer picks its own timescale
        stream.pointee.avg_frame_rate = rate
        stream.pointee.r_frame_rate = rate
    }

    /// Adds the AAC stream, after the video stream, with the encoder's parameters.
    func addAudioStream(from encoder: AACEncoder) throws(MediaError) {
        guard let stream = avformat_new_stream(context, nil) else {
            throw .encoder(path: path, operation: "avformat_new_stream", reason: "out of memory")
        }
        audioStream = stream
        guard let parameters = stream.pointee.codecpar else {
            throw .encoder(path: path, operation: "avformat_new_stream", reason: "stream has no codec parameters")
        }
        try ffmpegCall("avcodec_parameters_from_context(aac)", path: path) {
            encoder.withContext { avcodec_parameters_from_context(parameters, $0) }
        }
        stream.pointee.time_base = encoder.timeBase
    }

    /// Creates the file. Failures are the user's to fix, so they are `.cannotWrite`.
    func open() throws(MediaError) {
        var io: UnsafeMutablePointer<AVIOContext>?
        let status = FFmpegStatus(code: avio_open(&io, path, AVIO_FLAG_WRITE))
        guard !status.isFailure, let io else {
            throw .cannotWrite(path: path, reason: Self.reason(status, path: path))
        }
        context.pointee.pb = io
    }

    /// Writes the header with `moov` to be moved before `mdat` at the end (fast start), and
    /// the container tags.
    func writeHeader(metadata: [String: String]) throws(MediaError) {
        let (status, unused) = withFFmpegOptions([("movflags", "+faststart")]) {
            avformat_init_output(context, $0)
        }
        if status.isFailure { throw writeError(status, operation: "avformat_init_output") }
        if !unused.isEmpty {
            throw .encoder(path: path, operation: "avformat_init_output",
                           reason: "options not recognised: \(unused.joined(separator: ", "))")
        }
        try setTags(metadata)
        let header = FFmpegStatus(code: avformat_write_header(context, nil))
        if header.isFailure { throw writeError(header, operation: "avformat_write_header") }
    }

    /// Sets the container tags. A passed `encoder` must replace libavformat's "Lavf…" in
    /// two places (FFmpeg 5.1): avformat_init_output overwrites the `encoder` key, so the
    /// tags are set after it; and movenc writes `©too` (which readers show as "encoder")
    /// from `encoding_tool`, falling back to "Lavf…", never from `encoder`.
    private func setTags(_ metadata: [String: String]) throws(MediaError) {
        var tags = context.pointee.metadata
        defer { context.pointee.metadata = tags }   // av_dict_set may have created the dictionary
        var entries = metadata
        if let encoder = metadata["encoder"], metadata["encoding_tool"] == nil {
            entries["encoding_tool"] = encoder
        }
        for (key, value) in entries.sorted(by: { $0.key < $1.key }) {
            try ffmpegCall("av_dict_set(\(key))", path: path) { av_dict_set(&tags, key, value, 0) }
        }
    }

    /// Writes one video packet whose timestamps count in `timeBase`, one frame long; or,
    /// with `audio`, one audio packet (its duration set by the AAC encoder). The muxer
    /// interleaves the two streams by time.
    func write(_ packet: EncoderPacket, timeBase: AVRational, audio: Bool = false) throws(MediaError) {
        guard let stream = audio ? audioStream : stream else { preconditionFailure("add the stream before write") }
        let status = packet.withPacket { packet in
            packet.pointee.stream_index = stream.pointee.index
            // libx264 leaves the duration at 0; the muxer needs it for the last frame, or
            // the clip comes out one frame short.
            if !audio { packet.pointee.duration = 1 }
            av_packet_rescale_ts(packet, timeBase, stream.pointee.time_base)
            return FFmpegStatus(code: av_interleaved_write_frame(context, packet))
        }
        if status.isFailure { throw writeError(status, operation: "av_interleaved_write_frame") }
    }

    /// Writes the trailer (the muxer then moves `moov` before `mdat`) and closes the file.
    func finish() throws(MediaError) {
        let trailer = FFmpegStatus(code: av_write_trailer(context))
        if trailer.isFailure { throw writeError(trailer, operation: "av_write_trailer") }
        let close = closeFile()
        if close.isFailure { throw writeError(close, operation: "avio_closep") }
    }

    /// Closes the file if it is open.
    @discardableResult
    private func closeFile() -> FFmpegStatus {
        guard context.pointee.pb != nil else { return FFmpegStatus(code: 0) }
        var io = context.pointee.pb
        let status = FFmpegStatus(code: avio_closep(&io))
        context.pointee.pb = nil
        return status
    }

    /// Closes and deletes the file after a failure before any frame was written.
    func discard() {
        closeFile()
        unlink(path)
    }

    /// A failed write is the disk's or the folder's fault when errno says so, else FFmpeg's.
    private func writeError(_ status: FFmpegStatus, operation: String) -> MediaError {
        switch status.errno {
        case ENOSPC?, EDQUOT?, EFBIG?, EIO?, EROFS?, EACCES?, EPERM?:
            .cannotWrite(path: path, reason: status.message)
        default:
            .ffmpeg(status, path: path, operation: operation)
        }
    }

    /// Says why a file cannot be created, in the user's terms.
    private static func reason(_ status: FFmpegStatus, path: String) -> String {
        let folder = path.lastIndex(of: "/").map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        switch status.errno {
        case ENOENT?: return "folder \(folder) does not exist"
        case ENOTDIR?: return "\(folder) is not a folder"
        case EACCES?, EPERM?: return "folder \(folder) is not writable (\(status.message))"
        case EISDIR?: return "it is a folder"
        default: return status.message
        }
    }
}
