public import AliveCore
internal import CFFmpeg

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Decodes the user's own sound (`--audio FILE`: WAV or FLAC, or anything else libavformat
/// reads that has an audio stream) to stereo float at the video's sample rate, resampled and
/// remixed by libswresample (mono is heard in both ears, 5.1 is folded down).
///
/// Every failure names the file and the cause: `.cannotOpen` when it is missing or
/// unreadable (exit 66), `.empty` or `.badAudio` when it is not usable sound (exit 65).
public enum AudioFileDecoder {
    /// Sample rates taken from a file (telephone 8 kHz to studio 384 kHz).
    public static let acceptedSampleRates = 8_000...384_000

    /// The first `maxSamples` samples per channel (all when nil) of `path`'s best audio
    /// stream, at `sampleRate`.
    public static func decode(path: String, sampleRate: Int = StereoAudio.standardRate,
                              maxSamples: Int? = nil) throws(MediaError) -> StereoAudio {
        _ = FFmpegLog.silenced
        var info = stat()
        guard FileName.withOSName(path, { stat($0, &info) }) == 0 else {
            throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw .cannotOpen(path: path, reason: "it is a folder") }
        guard FileName.withOSName(path, { access($0, R_OK) }) == 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        if info.st_size == 0 { throw .empty(path: path) }
        let input = try AudioInput(path: path, sampleRate: sampleRate)
        return try input.decodeAll(maxSamples: maxSamples ?? Int.max)
    }
}

/// The demuxer, decoder and resampler of one file: one owner, freed in `deinit`.
private final class AudioInput {
    private var format: UnsafeMutablePointer<AVFormatContext>?
    private var codec: UnsafeMutablePointer<AVCodecContext>?
    private var resampler: OpaquePointer?
    private var frame: UnsafeMutablePointer<AVFrame>?
    private var packet: UnsafeMutablePointer<AVPacket>?
    private let path: String
    private let sampleRate: Int
    private var streamIndex: Int32 = -1

    init(path: String, sampleRate: Int) throws(MediaError) {
        self.path = path
        self.sampleRate = sampleRate
        var status = FFmpegStatus(code: FileName.withOSName(path) { avformat_open_input(&format, $0, nil, nil) })
        guard !status.isFailure, let format else {
            throw .badAudio(path: path, reason: "not a sound file FFmpeg can read (\(status.message))")
        }
        status = FFmpegStatus(code: avformat_find_stream_info(format, nil))
        if status.isFailure { throw .badAudio(path: path, reason: "damaged or truncated (\(status.message))") }
        var decoder: UnsafePointer<AVCodec>?
        streamIndex = av_find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, -1, &decoder, 0)
        guard streamIndex >= 0 else {
            let what = format.pointee.nb_streams > 0 ? "it has no audio stream" : "no streams found"
            throw .badAudio(path: path, reason: what)
        }
        guard let decoder else { throw .badAudio(path: path, reason: "no decoder for its audio codec") }
        guard let codec = avcodec_alloc_context3(decoder), let frame = av_frame_alloc(), let packet = av_packet_alloc() else {
            throw .encoder(path: path, operation: "avcodec_alloc_context3", reason: "out of memory")
        }
        self.codec = codec
        self.frame = frame
        self.packet = packet
        let parameters = format.pointee.streams[Int(streamIndex)]!.pointee.codecpar
        status = FFmpegStatus(code: avcodec_parameters_to_context(codec, parameters))
        if status.isFailure { throw .badAudio(path: path, reason: "unusable stream parameters (\(status.message))") }
        status = FFmpegStatus(code: avcodec_open2(codec, decoder, nil))
        if status.isFailure { throw .badAudio(path: path, reason: "cannot decode its audio (\(status.message))") }
        guard codec.pointee.sample_rate > 0, codec.pointee.ch_layout.nb_channels > 0 else {
            throw .badAudio(path: path, reason: "its audio stream has no sample rate or channels")
        }
        // A header claiming 1 Hz made every packet resample to 48,000 times its length (GBs).
        guard AudioFileDecoder.acceptedSampleRates.contains(Int(codec.pointee.sample_rate)) else {
            throw .badAudio(path: path, reason: "sample rate \(codec.pointee.sample_rate) Hz is outside 8-384 kHz")
        }
        guard codec.pointee.ch_layout.nb_channels <= 64 else {
            throw .badAudio(path: path, reason: "\(codec.pointee.ch_layout.nb_channels) channels (at most 64)")
        }
    }

    deinit {
        swr_free(&resampler)
        av_packet_free(&packet)
        av_frame_free(&frame)
        avcodec_free_context(&codec)
        avformat_close_input(&format)
    }

    /// Sets up libswresample from the first decoded frame's layout (more reliable than the
    /// stream header's: WAV files often leave the channel mask out).
    private func makeResampler(for frame: UnsafeMutablePointer<AVFrame>) throws(MediaError) -> OpaquePointer {
        if let resampler { return resampler }
        var outLayout = AVChannelLayout()
        av_channel_layout_default(&outLayout, 2)
        var inLayout = AVChannelLayout()
        if frame.pointee.ch_layout.order == AV_CHANNEL_ORDER_UNSPEC || frame.pointee.ch_layout.nb_channels == 0 {
            av_channel_layout_default(&inLayout, max(1, frame.pointee.ch_layout.nb_channels))
        } else {
            _ = av_channel_layout_copy(&inLayout, &frame.pointee.ch_layout)
        }
        defer {
            av_channel_layout_uninit(&inLayout)
            av_channel_layout_uninit(&outLayout)
        }
        let status = FFmpegStatus(code: swr_alloc_set_opts2(
            &resampler, &outLayout, AV_SAMPLE_FMT_FLTP, Int32(sampleRate),
            &inLayout, AVSampleFormat(frame.pointee.format), frame.pointee.sample_rate, 0, nil))
        guard !status.isFailure, let resampler else {
            throw .badAudio(path: path, reason: "cannot convert its audio (\(status.message))")
        }
        try ffmpegCall("swr_init", path: path) { swr_init(resampler) }
        return resampler
    }

    private var maxSamples = Int.max

    func decodeAll(maxSamples: Int) throws(MediaError) -> StereoAudio {
        self.maxSamples = maxSamples
        guard let format, let codec, let frame, let packet else { preconditionFailure("initialised") }
        var left: [Float] = [], right: [Float] = []
        var draining = false
        reading: while left.count < maxSamples {
            if !draining {
                let read = FFmpegStatus(code: av_read_frame(format, packet))
                if read == .endOfFile {
                    draining = true
                    try send(nil)
                } else if read.isFailure {
                    throw .badAudio(path: path, reason: "damaged data (\(read.message))")
                } else {
                    defer { av_packet_unref(packet) }
                    if packet.pointee.stream_index != streamIndex { continue reading }
                    try send(packet)
                }
            }
            while true {
                let received = FFmpegStatus(code: avcodec_receive_frame(codec, frame))
                if received == .again { break }
                if received == .endOfFile { break reading }
                if received.isFailure { throw .badAudio(path: path, reason: "damaged audio data (\(received.message))") }
                defer { av_frame_unref(frame) }
                try convert(frame, into: &left, &right)
            }
        }
        // What the resampler still holds (its filter's delay).
        if let resampler, left.count < maxSamples { try drain(resampler, into: &left, &right) }
        guard !left.isEmpty else { throw .badAudio(path: path, reason: "its audio stream holds no samples") }
        if left.count > maxSamples {
            left.removeLast(left.count - maxSamples)
            right.removeLast(right.count - maxSamples)
        }
        return StereoAudio(sampleRate: sampleRate, left: left, right: right)
    }

    private func send(_ packet: UnsafeMutablePointer<AVPacket>?) throws(MediaError) {
        guard let codec else { return }
        let status = FFmpegStatus(code: avcodec_send_packet(codec, packet))
        // EAGAIN cannot happen here: every frame is received before the next packet is sent.
        if status.isFailure && status != .endOfFile {
            throw .badAudio(path: path, reason: "damaged audio data (\(status.message))")
        }
    }

    private func convert(_ frame: UnsafeMutablePointer<AVFrame>, into left: inout [Float], _ right: inout [Float]) throws(MediaError) {
        let resampler = try makeResampler(for: frame)
        let input = UnsafeMutableRawPointer(frame.pointee.extended_data).map {
            $0.assumingMemoryBound(to: UnsafePointer<UInt8>?.self)
        }
        try run(resampler, input: input, count: frame.pointee.nb_samples, into: &left, &right)
    }

    private func drain(_ resampler: OpaquePointer, into left: inout [Float], _ right: inout [Float]) throws(MediaError) {
        try run(resampler, input: nil, count: 0, into: &left, &right)
    }

    private func run(_ resampler: OpaquePointer, input: UnsafeMutablePointer<UnsafePointer<UInt8>?>?, count: Int32,
                     into left: inout [Float], _ right: inout [Float]) throws(MediaError) {
        // At most what the clip still needs (plus the filter's slack): the rest of a long
        // packet stays in the resampler's input buffer and is never converted.
        let needed = max(0, maxSamples - left.count)
        let capacity = min(Int(swr_get_out_samples(resampler, count)), needed) + 1056
        guard capacity > 1056 else { return }
        var l = [Float](repeating: 0, count: capacity), r = [Float](repeating: 0, count: capacity)
        let produced = l.withUnsafeMutableBytes { lb in
            r.withUnsafeMutableBytes { rb in
                var planes: [UnsafeMutablePointer<UInt8>?] = [lb.baseAddress?.assumingMemoryBound(to: UInt8.self),
                                                              rb.baseAddress?.assumingMemoryBound(to: UInt8.self)]
                return planes.withUnsafeMutableBufferPointer { swr_convert(resampler, $0.baseAddress, Int32(capacity), input, count) }
            }
        }
        if produced < 0 { throw .badAudio(path: path, reason: "cannot convert its audio (\(FFmpegStatus(code: produced).message))") }
        left += l.prefix(Int(produced))
        right += r.prefix(Int(produced))
    }
}
