internal import CFFmpeg

/// Owns one stream's `AVCodecContext`.
final class StreamDecoder {
    let context: UnsafeMutablePointer<AVCodecContext>

    /// Opens the decoder for `stream`. `threads` is libavcodec's thread count (0 = automatic).
    /// `logKey` goes into the context's `opaque` so log lines find their stream (see `FFmpegLog`).
    init(
        stream: UnsafeMutablePointer<AVStream>, codec: UnsafePointer<AVCodec>, threads: Int, logKey: Int, maxPixels: Int
    )
        throws(FFmpegError)
    {
        guard let context = avcodec_alloc_context3(codec) else {
            throw FFmpegError(call: "avcodec_alloc_context3", code: AVQC_AVERROR_ENOMEM)
        }
        self.context = context
        try FFmpegError.check(
            "avcodec_parameters_to_context", avcodec_parameters_to_context(context, stream.pointee.codecpar))
        context.pointee.pkt_timebase = stream.pointee.time_base
        context.pointee.opaque = UnsafeMutableRawPointer(bitPattern: logKey)
        // Audio decodes far faster than frame threads can hand over frames:
        // one thread (FLAC with frame threads spent more time in futexes than decoding).
        let audio = stream.pointee.codecpar.pointee.codec_type == AVMEDIA_TYPE_AUDIO
        context.pointee.thread_count = audio ? 1 : Int32(clamping: threads)
        context.pointee.max_pixels = Int64(maxPixels)
        context.pointee.thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE
        // Quantizers for blockiness (H.264, MPEG-1/2, VP9 export them; others ignore the flag).
        context.pointee.export_side_data |= Int32(AV_CODEC_EXPORT_DATA_VIDEO_ENC_PARAMS)
        try FFmpegError.check("avcodec_open2", avcodec_open2(context, codec, nil))
    }

    deinit {
        var context: UnsafeMutablePointer<AVCodecContext>? = self.context
        avcodec_free_context(&context)
    }

    /// Sends a packet, or nil to start draining. A decoder that must give
    /// up frames before it takes more input answers `.full`; damage is
    /// `.rejected` and decoding can go on.
    func send(_ packet: UnsafeMutablePointer<AVPacket>?) -> SendResult {
        let status = avcodec_send_packet(context, packet)
        if status >= 0 { return .accepted }
        if status == AVQC_AVERROR_EAGAIN { return .full }
        if status == AVQC_AVERROR_EOF { return .accepted }
        return .rejected(FFmpegError(call: "avcodec_send_packet", code: status))
    }

    enum SendResult {
        case accepted
        /// Output must be received before this packet is taken.
        case full
        case rejected(FFmpegError)
    }

    /// Receives the next frame into `frame`.
    func receive(into frame: Frame) -> DecodeStep {
        let status = avcodec_receive_frame(context, frame.pointer)
        if status >= 0 { return .frame }
        if status == AVQC_AVERROR_EAGAIN { return .needsInput }
        if status == AVQC_AVERROR_EOF { return .endOfStream }
        return .damaged(FFmpegError(call: "avcodec_receive_frame", code: status))
    }
}
