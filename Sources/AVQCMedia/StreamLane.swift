import AVQCModel
internal import CFFmpeg

/// One decoded stream inside a pass: its decoder, the view it hands to
/// detectors (luma or float samples), its damage reports, and its running
/// totals and clock.
final class StreamLane {
    let index: Int
    private let info: StreamInfo
    private let decoder: StreamDecoder
    private let timeBase: Double
    private let startTime: Double
    private let nominalFrameDuration: Double?
    private let planes = PlaneExtractor()
    private let audio = AudioConverter()
    private let inbox = DamageInbox()
    private let logKey: Int
    private(set) var totals = DecodeSummary.StreamTotals()
    /// Where the next frame starts when it carries no timestamp (video).
    private var nextTime: Double?
    /// The audio time line, from sample counts (see `SampleClock`).
    private var sampleClock = SampleClock()
    private var sawPacket = false
    /// The format of the last frame, rebuilt only when it changes.
    private var videoFormat = VideoFormat(width: 0, height: 0, pixelFormat: "")
    private var videoFormatKey: (Int32, Int32, Int32) = (-1, -1, -1)
    private var audioFormat = AudioFormat(sampleRate: 0, channels: 0, channelLayout: "")
    private var audioLayout = AVChannelLayout()
    /// Log-line damage not yet pinned to a frame, and for how many frames it
    /// has waited. With frame threads a decoder logs an error while a frame
    /// that comes out up to `attributionDelay` frames later is being decoded.
    private var carried = FrameDamage.none
    private var carriedFor = 0
    private let attributionDelay: Int
    private let limits: DecodeLimits
    /// Decode keyframes only (`DecodePlan.keyframesOnly`): the decoder skips the rest.
    var keyframesOnly = false {
        didSet { decoder.context.pointee.skip_frame = keyframesOnly ? AVDISCARD_NONKEY : AVDISCARD_DEFAULT }
    }
    /// Skip pictures no other refers to (`DecodePlan.leadInUntil`).
    var skipsUnreferenced = false {
        didSet {
            guard skipsUnreferenced != oldValue, !keyframesOnly else { return }
            decoder.context.pointee.skip_frame = skipsUnreferenced ? AVDISCARD_NONREF : AVDISCARD_DEFAULT
        }
    }
    /// Frame numbers by presentation timestamp (`DecodePlan.frameNumbers`).
    var frameNumbers: [Int64: Int]?

    init(
        index: Int, info: StreamInfo, stream: UnsafeMutablePointer<AVStream>, codec: UnsafePointer<AVCodec>,
        threads: Int, startTime: Double, declaredEnd: (seconds: Double, byContainer: Bool)?, limits: DecodeLimits
    ) throws(FFmpegError) {
        self.index = index
        self.limits = limits
        self.info = info
        self.logKey = FFmpegLog.register(inbox)
        do {
            self.decoder = try StreamDecoder(
                stream: stream, codec: codec, threads: threads, logKey: logKey, maxPixels: limits.maxPixels)
        } catch {
            FFmpegLog.unregister(logKey)
            throw error
        }
        self.timeBase = av_q2d(stream.pointee.time_base)
        self.startTime = startTime
        self.nominalFrameDuration = info.frameRate.flatMap { $0 > 0 ? 1 / $0 : nil }
        self.totals.declaredEnd = declaredEnd?.seconds
        self.totals.declaredByContainer = declaredEnd?.byContainer ?? false
        let context = decoder.context.pointee
        self.attributionDelay =
            info.type == .video && context.active_thread_type & FF_THREAD_FRAME != 0
            ? max(0, Int(context.thread_count) - 1) : 0
    }

    deinit {
        FFmpegLog.unregister(logKey)
        av_channel_layout_uninit(&audioLayout)
    }

    var end: StreamPosition { totals.end }

    /// What the screening pass needs to know of `packet`.
    func record(of packet: UnsafeMutablePointer<AVPacket>) -> PacketRecord {
        let pts = packet.pointee.pts
        let dts = packet.pointee.dts
        let decodeTime = dts != AVQC_NOPTS_VALUE ? Double(dts) * timeBase - startTime : 0
        return PacketRecord(
            stream: index, pts: pts != AVQC_NOPTS_VALUE ? pts : nil,
            time: pts != AVQC_NOPTS_VALUE ? Double(pts) * timeBase - startTime : decodeTime,
            duration: packet.pointee.duration > 0 ? Double(packet.pointee.duration) * timeBase : 0,
            size: Int(packet.pointee.size), key: packet.pointee.flags & AV_PKT_FLAG_KEY != 0)
    }

    /// Notes a packet the demuxer read for this stream (before it is decoded).
    func noteRead(_ packet: UnsafeMutablePointer<AVPacket>) {
        if !sawPacket {
            sawPacket = true
            totals.unsignalledPriming = unsignalledPriming(firstPacket: packet)
        }
        let corrupt = packet.pointee.flags & AV_PKT_FLAG_CORRUPT != 0
        if corrupt { inbox.record("packet flagged corrupt by the demuxer (damaged or cut short)") }
        totals.lastPacketCorrupt = corrupt
    }

    /// AAC LC encoders put 1024 samples of priming before the programme. MP4
    /// edit lists and Opus/Matroska codec delay tell the decoder to skip it
    /// (skip-samples side data on the first packet, a negative first
    /// timestamp, or the stream's initial padding); where nothing does (AAC
    /// in Matroska or MPEG-TS, or MP4 whose audio starts late), the programme
    /// starts 1024 samples after the first decoded one.
    private func unsignalledPriming(firstPacket packet: UnsafeMutablePointer<AVPacket>) -> Double {
        let parameters = decoder.context.pointee
        guard info.type == .audio, parameters.codec_id == AV_CODEC_ID_AAC,
            parameters.profile == FF_PROFILE_AAC_LOW || parameters.profile == FF_PROFILE_UNKNOWN,
            parameters.sample_rate > 0, parameters.initial_padding == 0,
            av_packet_get_side_data(packet, AV_PKT_DATA_SKIP_SAMPLES, nil) == nil,
            packet.pointee.pts == AVQC_NOPTS_VALUE || packet.pointee.pts >= 0
        else { return 0 }
        return 1024 / Double(parameters.sample_rate)
    }

    /// Sends `packet` (nil drains the decoder) and delivers every frame that comes out.
    func feed(_ packet: UnsafeMutablePointer<AVPacket>?, frame: Frame, sink: some FrameSink) {
        for _ in 0..<2 {
            let result = decoder.send(packet)
            switch result {
            case .accepted, .rejected:
                if case .rejected(let error) = result { record(error) }
                drain(frame: frame, sink: sink, flushing: packet == nil)
                return
            case .full:
                drain(frame: frame, sink: sink, flushing: packet == nil)
            }
        }
        record(FFmpegError(call: "avcodec_send_packet", code: AVQC_AVERROR_EAGAIN))
    }

    /// Damage reported after the last frame, collected once decoding is over.
    func finishTotals() -> DecodeSummary.StreamTotals {
        totals.trailingDamage.absorb(carried)
        totals.trailingDamage.absorb(inbox.take())
        carried = .none
        return totals
    }

    /// Receives every frame the decoder has ready. While flushing at the end
    /// of the file, a damaged frame does not end the drain: frames still
    /// queued in frame threads come after it (at most `flushErrorLimit`
    /// errors in a row, so a decoder that only fails cannot hold the pass).
    private func drain(frame: Frame, sink: some FrameSink, flushing: Bool) {
        var errorsInARow = 0
        while true {
            switch decoder.receive(into: frame) {
            case .frame:
                errorsInARow = 0
                deliver(frame.pointer, sink: sink)
                frame.unreference()
            case .needsInput, .endOfStream:
                return
            case .damaged(let error):
                record(error)
                errorsInARow += 1
                guard flushing, errorsInARow < Self.flushErrorLimit else { return }
            }
        }
    }

    private static let flushErrorLimit = 64

    private func record(_ error: FFmpegError) {
        totals.decodeErrors += 1
        if error.code == AVQC_AVERROR_ENOMEM { totals.outOfMemory = true }
        if totals.firstError == nil { totals.firstError = error.description }
        inbox.record(error.description)
    }

    private func presentationTime(of frame: UnsafeMutablePointer<AVFrame>) -> Double {
        let pts = frame.pointee.best_effort_timestamp
        if pts != AVQC_NOPTS_VALUE { return Double(pts) * timeBase - startTime }
        return nextTime ?? 0
    }

    /// An audio frame's container timestamp in seconds, or nil. `pts` is
    /// preferred: libavcodec moves it past the priming samples it skips
    /// (AAC, Opus encoder delay), which `best_effort_timestamp` does not.
    private func audioTimestamp(of frame: UnsafeMutablePointer<AVFrame>) -> Double? {
        var pts = frame.pointee.pts
        if pts == AVQC_NOPTS_VALUE { pts = frame.pointee.best_effort_timestamp }
        return pts == AVQC_NOPTS_VALUE ? nil : Double(pts) * timeBase - startTime
    }

    /// The damage to report with `frame`: its own flags, plus reported damage
    /// (error returns, corrupt packets, log lines) that is pinned to the first
    /// flagged frame within `attributionDelay` frames, or else to the frame
    /// at the end of that window.
    private func damage(of frame: UnsafeMutablePointer<AVFrame>) -> FrameDamage {
        let reported = inbox.take()
        if !reported.isEmpty {
            if carried.isEmpty { carriedFor = 0 }
            carried.absorb(reported)
        }
        var own = FrameDamage.none
        if frame.pointee.decode_error_flags != 0 {
            own.record("frame decoded with errors (decode_error_flags \(frame.pointee.decode_error_flags))")
        }
        if frame.pointee.flags & AV_FRAME_FLAG_CORRUPT != 0 {
            own.record("frame flagged corrupt by the decoder")
        }
        guard !carried.isEmpty else { return own }
        if own.isEmpty, carriedFor < attributionDelay {
            carriedFor += 1
            return .none
        }
        var damage = carried
        damage.absorb(own)
        carried = .none
        return damage
    }

    private func deliver(_ frame: UnsafeMutablePointer<AVFrame>, sink: some FrameSink) {
        let damage = damage(of: frame)
        if info.type == .video {
            let time = presentationTime(of: frame)
            if totals.start == nil { totals.start = time }
            let packetDuration = frame.pointee.pkt_duration
            let duration =
                packetDuration > 0 ? Double(packetDuration) * timeBase : (nominalFrameDuration ?? 0)
            guard let (plane, chroma) = planes.planes(of: frame) else {
                record(FFmpegError(call: "luma conversion", code: AVQC_AVERROR_INVALIDDATA))
                return
            }
            let format = currentVideoFormat(frame)
            let pts = frame.pointee.best_effort_timestamp
            let number = frameNumbers.flatMap { pts != AVQC_NOPTS_VALUE ? $0[pts] : nil } ?? totals.frames
            sink.video(
                VideoFrame(
                    luma: plane, index: number, time: time, duration: duration, format: format, damage: damage,
                    quantizer: quantizer(of: frame), chroma: chroma,
                    matrix: planes.isConverting ? .bt601 : Self.matrix(of: frame),
                    scan: frame.pointee.interlaced_frame == 0
                        ? .progressive : frame.pointee.top_field_first != 0 ? .topFieldFirst : .bottomFieldFirst,
                    sampleAspect: frame.pointee.sample_aspect_ratio.den > 0 && frame.pointee.sample_aspect_ratio.num > 0
                        ? Double(frame.pointee.sample_aspect_ratio.num) / Double(frame.pointee.sample_aspect_ratio.den)
                        : 1),
                stream: index)
            totals.frames += 1
            totals.end = StreamPosition(time: time + duration, frame: number + 1)
            nextTime = time + duration
        } else {
            guard frame.pointee.sample_rate <= limits.maxSampleRate,
                frame.pointee.ch_layout.nb_channels <= limits.maxChannels
            else {
                record(
                    FFmpegError(
                        call: "audio frame beyond avqc's rate or channel limits", code: AVQC_AVERROR_INVALIDDATA))
                return
            }
            let rate = Double(frame.pointee.sample_rate)
            let duration = rate > 0 ? Double(frame.pointee.nb_samples) / rate : 0
            let (time, jump) = sampleClock.place(timestamp: audioTimestamp(of: frame), duration: duration)
            if totals.start == nil { totals.start = time }
            let format = currentAudioFormat(frame)
            let converted = audio.withBlock(of: frame, time: time, format: format, damage: damage, jump: jump) {
                block in sink.audio(block, stream: index)
            }
            guard converted else {
                record(FFmpegError(call: "sample conversion", code: AVQC_AVERROR_INVALIDDATA))
                return
            }
            totals.frames += 1
            totals.end = StreamPosition(time: time + duration)
        }
    }

    /// The frame's mean coding quantizer, where the decoder exported one.
    private func quantizer(of frame: UnsafeMutablePointer<AVFrame>) -> CodingQuantizer? {
        guard let side = av_frame_get_side_data(frame, AV_FRAME_DATA_VIDEO_ENC_PARAMS) else { return nil }
        let mean = avqc_mean_quantizer(side)
        guard mean >= 0, mean.isFinite else { return nil }
        switch AVVideoEncParamsType(avqc_quantizer_type(side)) {
        case AV_VIDEO_ENC_PARAMS_H264: return CodingQuantizer(scale: .h264, mean: mean)
        case AV_VIDEO_ENC_PARAMS_MPEG2: return CodingQuantizer(scale: .mpeg2, mean: mean)
        case AV_VIDEO_ENC_PARAMS_VP9: return CodingQuantizer(scale: .vp9, mean: mean)
        default: return nil
        }
    }

    /// The frame's Y′CbCr matrix tag; nil (assumed from the height) when untagged or unusual.
    private static func matrix(of frame: UnsafeMutablePointer<AVFrame>) -> ColorMatrix? {
        switch frame.pointee.colorspace {
        case AVCOL_SPC_BT709: .bt709
        case AVCOL_SPC_BT470BG, AVCOL_SPC_SMPTE170M, AVCOL_SPC_FCC: .bt601
        case AVCOL_SPC_BT2020_NCL, AVCOL_SPC_BT2020_CL: .bt2020
        default: nil
        }
    }

    private func currentVideoFormat(_ frame: UnsafeMutablePointer<AVFrame>) -> VideoFormat {
        let key = (frame.pointee.width, frame.pointee.height, frame.pointee.format)
        if key != videoFormatKey {
            videoFormatKey = key
            let name = av_get_pix_fmt_name(AVPixelFormat(key.2)).map { String(cString: $0) } ?? "unknown"
            videoFormat = VideoFormat(width: Int(key.0), height: Int(key.1), pixelFormat: name)
        }
        return videoFormat
    }

    private func currentAudioFormat(_ frame: UnsafeMutablePointer<AVFrame>) -> AudioFormat {
        let same = withUnsafePointer(to: &frame.pointee.ch_layout) { av_channel_layout_compare($0, &audioLayout) == 0 }
        let bits = integerBits(of: frame)
        if same, audioFormat.sampleRate == Int(frame.pointee.sample_rate), audioFormat.integerBits == bits {
            return audioFormat
        }
        av_channel_layout_uninit(&audioLayout)
        let copied = withUnsafePointer(to: &frame.pointee.ch_layout) { av_channel_layout_copy(&audioLayout, $0) }
        // Out of memory copying a layout: the channels are still counted from the frame, without names.
        if copied < 0 { record(FFmpegError(call: "av_channel_layout_copy", code: copied)) }
        var text = [CChar](repeating: 0, count: 128)
        let written = text.withUnsafeMutableBufferPointer {
            av_channel_layout_describe(&audioLayout, $0.baseAddress, $0.count)
        }
        let name =
            written > 0
            ? String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "unknown"
        var names: [String] = []
        for index in 0..<Int(audioLayout.nb_channels) {
            let channel = av_channel_layout_channel_from_index(&audioLayout, UInt32(index))
            guard channel != AV_CHAN_NONE else { break }
            var buffer = [CChar](repeating: 0, count: 32)
            let length = buffer.withUnsafeMutableBufferPointer { av_channel_name($0.baseAddress, $0.count, channel) }
            guard length > 0 else { break }
            names.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        audioFormat = AudioFormat(
            sampleRate: Int(frame.pointee.sample_rate), channels: Int(audioLayout.nb_channels), channelLayout: name,
            channelNames: names.count == Int(audioLayout.nb_channels) ? names : [], integerBits: bits)
        return audioFormat
    }

    /// Bits of integer PCM as decoded, or nil for float sample formats.
    private func integerBits(of frame: UnsafeMutablePointer<AVFrame>) -> Int? {
        switch AVSampleFormat(frame.pointee.format) {
        case AV_SAMPLE_FMT_U8, AV_SAMPLE_FMT_U8P: return 8
        case AV_SAMPLE_FMT_S16, AV_SAMPLE_FMT_S16P: return 16
        case AV_SAMPLE_FMT_S32, AV_SAMPLE_FMT_S32P:
            let raw = Int(decoder.context.pointee.bits_per_raw_sample)
            return (17...32).contains(raw) ? raw : 32
        case AV_SAMPLE_FMT_S64, AV_SAMPLE_FMT_S64P: return 64
        default: return nil
        }
    }
}
