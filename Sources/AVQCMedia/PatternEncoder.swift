import AVQCModel
internal import CFFmpeg
import Foundation

/// One stream of a pattern being written: owns its codec context and a
/// reusable frame and packet, and writes its packets interleaved.
final class PatternEncoder {
    private let codecContext: UnsafeMutablePointer<AVCodecContext>
    private let stream: UnsafeMutablePointer<AVStream>
    private let format: UnsafeMutablePointer<AVFormatContext>
    private let frame: UnsafeMutablePointer<AVFrame>
    private let packet: UnsafeMutablePointer<AVPacket>
    let samplesPerFrame: Int

    init?(codec id: AVCodecID, context: UnsafeMutablePointer<AVFormatContext>, spec: PatternSpec, kind: MediaKind) {
        guard let codec = avcodec_find_encoder(id), let stream = avformat_new_stream(context, nil),
            let codecContext = avcodec_alloc_context3(codec)
        else { return nil }
        self.stream = stream
        self.format = context
        self.codecContext = codecContext
        guard let frame = av_frame_alloc(), let packet = av_packet_alloc() else {
            var doomed: UnsafeMutablePointer<AVCodecContext>? = codecContext
            avcodec_free_context(&doomed)
            return nil
        }
        // (frame and packet are freed in deinit from here on)
        self.frame = frame
        self.packet = packet
        if kind == .video {
            codecContext.pointee.width = spec.width
            codecContext.pointee.height = spec.height
            codecContext.pointee.time_base = AVRational(num: spec.frameRate.denominator, den: spec.frameRate.numerator)
            codecContext.pointee.framerate = AVRational(num: spec.frameRate.numerator, den: spec.frameRate.denominator)
            codecContext.pointee.pix_fmt = AV_PIX_FMT_YUV420P
            codecContext.pointee.gop_size = Int32(spec.framesPerFlash)
            // Best effort: without libx264 the option does not exist, and the default quality still reads.
            if id == AV_CODEC_ID_H264 { _ = av_opt_set(codecContext.pointee.priv_data, "crf", "12", 0) }
        } else {
            codecContext.pointee.sample_rate = spec.sampleRate
            codecContext.pointee.time_base = AVRational(num: 1, den: spec.sampleRate)
            av_channel_layout_default(&codecContext.pointee.ch_layout, 2)
            codecContext.pointee.sample_fmt = codec.pointee.sample_fmts?.pointee ?? AV_SAMPLE_FMT_S16
            codecContext.pointee.bit_rate = 192_000
        }
        if context.pointee.oformat.pointee.flags & AVFMT_GLOBALHEADER != 0 {
            codecContext.pointee.flags |= AV_CODEC_FLAG_GLOBAL_HEADER
        }
        guard avcodec_open2(codecContext, codec, nil) >= 0,
            avcodec_parameters_from_context(stream.pointee.codecpar, codecContext) >= 0
        else {
            samplesPerFrame = 0
            return nil
        }
        stream.pointee.time_base = codecContext.pointee.time_base
        let size = Int(codecContext.pointee.frame_size)
        samplesPerFrame = kind == .audio ? (size > 0 ? size : 1024) : 0
    }

    deinit {
        var context: UnsafeMutablePointer<AVCodecContext>? = codecContext
        avcodec_free_context(&context)
        var doomedFrame: UnsafeMutablePointer<AVFrame>? = frame
        av_frame_free(&doomedFrame)
        var doomedPacket: UnsafeMutablePointer<AVPacket>? = packet
        av_packet_free(&doomedPacket)
    }

    /// Encodes picture `index`: white (luma 235) for a flash, else dark grey (64).
    func sendPicture(index: Int, flash: Bool) -> Bool {
        av_frame_unref(frame)
        frame.pointee.format = codecContext.pointee.pix_fmt.rawValue
        frame.pointee.width = codecContext.pointee.width
        frame.pointee.height = codecContext.pointee.height
        guard av_frame_get_buffer(frame, 0) >= 0 else { return false }
        let height = Int(codecContext.pointee.height)
        let width = Int(codecContext.pointee.width)
        let planes: [(UnsafeMutablePointer<UInt8>?, Int32, Int, Int, UInt8)] = [
            (frame.pointee.data.0, frame.pointee.linesize.0, width, height, flash ? 235 : 64),
            (frame.pointee.data.1, frame.pointee.linesize.1, (width + 1) / 2, (height + 1) / 2, 128),
            (frame.pointee.data.2, frame.pointee.linesize.2, (width + 1) / 2, (height + 1) / 2, 128),
        ]
        for (base, stride, w, h, value) in planes {
            guard let base else { return false }
            for y in 0..<h { (base + y * Int(stride)).update(repeating: value, count: w) }
        }
        frame.pointee.pts = Int64(index)
        return send(frame)
    }

    /// Encodes `count` stereo samples from sample `start`: beeps of `spec.beepLength`
    /// at 1 kHz and −6 dBFS starting `spec.offset` after each flash.
    func sendSamples(start: Int, count: Int, spec: PatternSpec) -> Bool {
        av_frame_unref(frame)
        frame.pointee.format = codecContext.pointee.sample_fmt.rawValue
        frame.pointee.nb_samples = Int32(count)
        frame.pointee.sample_rate = codecContext.pointee.sample_rate
        guard av_channel_layout_copy(&frame.pointee.ch_layout, &codecContext.pointee.ch_layout) >= 0,
            av_frame_get_buffer(frame, 0) >= 0
        else { return false }
        let rate = Double(spec.sampleRate)
        let format = AVSampleFormat(frame.pointee.format)
        let planar = av_sample_fmt_is_planar(format) != 0
        for i in 0..<count {
            let t = Double(start + i) / rate - spec.offset
            let phase = t - (t / spec.period).rounded(.down) * spec.period
            let value = t >= 0 && phase < spec.beepLength ? 0.5 * sin(2 * Double.pi * 1000 * phase) : 0
            for channel in 0..<2 {
                let plane = planar ? channel : 0
                let slot = planar ? i : i * 2 + channel
                guard let data = frame.pointee.extended_data?[plane] else { return false }
                switch format {
                case AV_SAMPLE_FMT_S16, AV_SAMPLE_FMT_S16P:
                    UnsafeMutableRawPointer(data).assumingMemoryBound(to: Int16.self)[slot] = Int16(value * 32767)
                case AV_SAMPLE_FMT_FLT, AV_SAMPLE_FMT_FLTP:
                    UnsafeMutableRawPointer(data).assumingMemoryBound(to: Float.self)[slot] = Float(value)
                case AV_SAMPLE_FMT_S32, AV_SAMPLE_FMT_S32P:
                    UnsafeMutableRawPointer(data).assumingMemoryBound(to: Int32.self)[slot] = Int32(
                        value * 2_147_483_647)
                default:
                    return false
                }
            }
        }
        frame.pointee.pts = Int64(start)
        return send(frame)
    }

    func flush() -> Bool { send(nil) }

    private func send(_ frame: UnsafeMutablePointer<AVFrame>?) -> Bool {
        guard avcodec_send_frame(codecContext, frame) >= 0 else { return false }
        while true {
            let status = avcodec_receive_packet(codecContext, packet)
            if status == AVQC_AVERROR_EAGAIN || status == AVQC_AVERROR_EOF { return true }
            guard status >= 0 else { return false }
            av_packet_rescale_ts(packet, codecContext.pointee.time_base, stream.pointee.time_base)
            packet.pointee.stream_index = stream.pointee.index
            guard av_interleaved_write_frame(format, packet) >= 0 else { return false }
        }
    }
}
