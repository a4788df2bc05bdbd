import AVQCModel
internal import CFFmpeg

/// One opened media file: its container, its streams, and one demux-and-decode
/// pass that hands every selected stream's frames to a sink.
public final class MediaSource {
    /// The path as the user gave it (`-` for standard input).
    public let path: String
    /// FFmpeg's demuxer name, e.g. `mov,mp4,m4a,3gp,3g2,mj2`.
    public let container: String
    /// The container's declared duration in seconds, if any.
    public let declaredDuration: Double?
    /// Audio and video streams that can be decoded (attached pictures excluded).
    public let streams: [StreamInfo]
    /// The SMPTE start timecode (a `timecode` tag on a stream, e.g. a
    /// QuickTime tmcd track, or on the container), counted at the first
    /// video stream's frame rate; nil without one or without video.
    public let startTimecode: StartTimecode?

    private let format: UnsafeMutablePointer<AVFormatContext>
    /// The container's start time in seconds, subtracted from every timestamp.
    private let startTime: Double
    private let limits: DecodeLimits
    /// Keeps memory input alive while the format context reads it.
    private let reader: MemoryReader?

    /// Opens `path` (or standard input for `-`) and reads its stream layout.
    public convenience init(path: String, limits: DecodeLimits = DecodeLimits()) throws(MediaError) {
        try self.init(input: path == "-" ? .standardInput : .file(RawPath(path)), limits: limits)
    }

    /// Opens `input` and reads its stream layout, within `limits`.
    public init(input: MediaInput, limits: DecodeLimits = DecodeLimits()) throws(MediaError) {
        let path = input.displayName
        self.path = path
        self.limits = limits
        guard let context = avformat_alloc_context() else {
            throw .openFailed(path: path, FFmpegError(call: "avformat_alloc_context", code: AVQC_AVERROR_ENOMEM))
        }
        if let stop = limits.stop {
            context.pointee.interrupt_callback = AVIOInterruptCB(
                callback: MediaSource.shouldStop, opaque: Unmanaged.passUnretained(stop).toOpaque())
        }
        var opened: UnsafeMutablePointer<AVFormatContext>? = context
        let status: Int32
        switch input {
        case .memory(_, let bytes):
            let memory: MemoryReader
            do {
                memory = try MemoryReader(bytes: bytes)
            } catch {
                avformat_free_context(context)
                throw .openFailed(path: path, error)
            }
            reader = memory
            context.pointee.pb = memory.context
            context.pointee.flags |= AVFMT_FLAG_CUSTOM_IO
            status = avformat_open_input(&opened, "", nil, nil)
        case .standardInput:
            reader = nil
            status = avformat_open_input(&opened, "pipe:0", nil, nil)
        case .file(let raw):
            reader = nil
            // "file:" keeps FFmpeg from reading a colon in a file name as a protocol.
            status = RawPath(bytes: Array("file:".utf8) + raw.bytes).withCString {
                avformat_open_input(&opened, $0, nil, nil)
            }
        }
        guard status >= 0, let opened else {
            // avformat_open_input frees the context itself on failure.
            if let reason = limits.stop?.reason {
                throw .stopped(path: path, reason: reason, timeLimit: limits.stop?.timeLimit ?? 0)
            }
            let error = FFmpegError(call: "avformat_open_input", code: status)
            if status == AVQC_AVERROR_INVALIDDATA { throw .notMedia(path: path, error) }
            throw .openFailed(path: path, error)
        }
        format = opened
        func close() {
            var doomed: UnsafeMutablePointer<AVFormatContext>? = opened
            avformat_close_input(&doomed)
        }
        let infoStatus = MediaSource.findStreamInfo(opened, maxPixels: limits.maxPixels)
        guard infoStatus >= 0 else {
            close()
            if let reason = limits.stop?.reason {
                throw .stopped(path: path, reason: reason, timeLimit: limits.stop?.timeLimit ?? 0)
            }
            throw .notMedia(path: path, FFmpegError(call: "avformat_find_stream_info", code: infoStatus))
        }
        container = context.pointee.iformat.map { String(cString: $0.pointee.name) } ?? "unknown"
        let timeBase = Double(AVQC_TIME_BASE)
        startTime = context.pointee.start_time == AVQC_NOPTS_VALUE ? 0 : Double(context.pointee.start_time) / timeBase
        declaredDuration =
            context.pointee.duration == AVQC_NOPTS_VALUE || context.pointee.duration <= 0
            ? nil : Double(context.pointee.duration) / timeBase

        var found: [StreamInfo] = []
        var undecodable: [String] = []
        var sawAudioOrVideo = false
        for index in 0..<Int(context.pointee.nb_streams) {
            guard let stream = context.pointee.streams[index], let parameters = stream.pointee.codecpar else {
                continue
            }
            let type = parameters.pointee.codec_type
            guard type == AVMEDIA_TYPE_VIDEO || type == AVMEDIA_TYPE_AUDIO else { continue }
            if stream.pointee.disposition & AV_DISPOSITION_ATTACHED_PIC != 0 { continue }
            sawAudioOrVideo = true
            let codecName = String(cString: avcodec_get_name(parameters.pointee.codec_id))
            guard avcodec_find_decoder(parameters.pointee.codec_id) != nil else {
                undecodable.append("stream \(index) (\(codecName == "none" ? "unknown codec" : codecName))")
                continue
            }
            let info = Self.describe(stream: stream, index: index, codec: codecName, format: context)
            if let problem = Self.beyondLimits(info, limits: limits, path: path) {
                close()
                throw problem
            }
            found.append(info)
        }
        if found.count > limits.maxStreams {
            close()
            throw .tooManyStreams(path: path, count: found.count, limit: limits.maxStreams)
        }
        if found.isEmpty {
            close()
            if sawAudioOrVideo { throw .unsupportedCodec(path: path, codecs: undecodable) }
            throw .noStreams(path: path)
        }
        streams = found
        startTimecode = Self.findTimecode(opened, video: found.first { $0.type == .video }?.index)
    }

    /// The first `timecode` tag: the video stream's, another stream's (a
    /// tmcd track), then the container's.
    private static func findTimecode(_ context: UnsafeMutablePointer<AVFormatContext>, video: Int?) -> StartTimecode? {
        guard let video, let videoStream = context.pointee.streams[video] else { return nil }
        let rate = av_guess_frame_rate(context, videoStream, nil)
        guard rate.num > 0, rate.den > 0 else { return nil }
        var candidates: [(String, String)] = []
        if let text = tag("timecode", in: videoStream.pointee.metadata) { candidates.append((text, "stream \(video)")) }
        for index in 0..<Int(context.pointee.nb_streams) where index != video {
            if let stream = context.pointee.streams[index], let text = tag("timecode", in: stream.pointee.metadata) {
                candidates.append((text, "stream \(index)"))
            }
        }
        if let text = tag("timecode", in: context.pointee.metadata) { candidates.append((text, "container")) }
        for (text, source) in candidates {
            if let timecode = StartTimecode(
                start: text, rateNumerator: Int(rate.num), rateDenominator: Int(rate.den), source: source)
            {
                return timecode
            }
        }
        return nil
    }

    /// avformat_find_stream_info with `max_pixels` set for every probe
    /// decoder, so a header declaring a huge picture is refused before any
    /// frame buffer is allocated.
    private static func findStreamInfo(_ context: UnsafeMutablePointer<AVFormatContext>, maxPixels: Int) -> Int32 {
        let count = Int(context.pointee.nb_streams)
        guard count > 0 else { return avformat_find_stream_info(context, nil) }
        let options = UnsafeMutablePointer<OpaquePointer?>.allocate(capacity: count)
        options.initialize(repeating: nil, count: count)
        defer {
            for index in 0..<count { av_dict_free(&options[index]) }
            options.deallocate()
        }
        do {
            for index in 0..<count {
                try FFmpegError.check("av_dict_set", av_dict_set(&options[index], "max_pixels", String(maxPixels), 0))
            }
        } catch {
            return error.code  // without the pixel limit, probing is not safe
        }
        return avformat_find_stream_info(context, options)
    }

    /// The limit a stream's declared format breaks, if any.
    private static func beyondLimits(_ info: StreamInfo, limits: DecodeLimits, path: String) -> MediaError? {
        if info.type == .video, let width = info.width, let height = info.height,
            width.multipliedReportingOverflow(by: height).partialValue > limits.maxPixels
                || width.multipliedReportingOverflow(by: height).overflow
        {
            return .pictureTooLarge(
                path: path, stream: info.index, width: width, height: height, limit: limits.maxPixels)
        }
        if info.type == .audio {
            if let rate = info.sampleRate, rate > limits.maxSampleRate {
                return .audioFormatBeyondLimits(
                    path: path, stream: info.index,
                    detail: "a sample rate of \(rate) Hz, above the highest supported \(limits.maxSampleRate) Hz")
            }
            if let channels = info.channels, channels > limits.maxChannels {
                return .audioFormatBeyondLimits(
                    path: path, stream: info.index,
                    detail: "\(channels) channels, more than the \(limits.maxChannels) supported")
            }
        }
        return nil
    }

    /// FFmpeg's I/O interrupt callback: non-zero stops a blocking read.
    private static let shouldStop: @convention(c) (UnsafeMutableRawPointer?) -> Int32 = { opaque in
        guard let opaque else { return 0 }
        return Unmanaged<StopSignal>.fromOpaque(opaque).takeUnretainedValue().reason == nil ? 0 : 1
    }

    deinit {
        var context: UnsafeMutablePointer<AVFormatContext>? = format
        avformat_close_input(&context)
    }

    private static func describe(
        stream: UnsafeMutablePointer<AVStream>, index: Int, codec: String, format: UnsafeMutablePointer<AVFormatContext>
    ) -> StreamInfo {
        let parameters = stream.pointee.codecpar.pointee
        let language = tag("language", in: stream.pointee.metadata)
        let title = tag("title", in: stream.pointee.metadata)
        if parameters.codec_type == AVMEDIA_TYPE_VIDEO {
            let rate = av_guess_frame_rate(format, stream, nil)
            let pixelFormat = av_get_pix_fmt_name(AVPixelFormat(parameters.format)).map { String(cString: $0) }
            return StreamInfo(
                index: index, type: .video, codec: codec, width: Int(parameters.width), height: Int(parameters.height),
                frameRate: rate.num > 0 && rate.den > 0 ? av_q2d(rate) : nil, pixelFormat: pixelFormat,
                language: language, title: title)
        }
        var layout = [CChar](repeating: 0, count: 128)
        var channelLayout = parameters.ch_layout
        let described = layout.withUnsafeMutableBufferPointer {
            av_channel_layout_describe(&channelLayout, $0.baseAddress, $0.count)
        }
        let layoutName =
            described > 0
            ? String(decoding: layout.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : nil
        return StreamInfo(
            index: index, type: .audio, codec: codec, sampleRate: Int(parameters.sample_rate),
            channels: Int(parameters.ch_layout.nb_channels), channelLayout: layoutName, language: language,
            title: title)
    }

    /// A metadata tag's value (case-insensitive key), if present and not empty or `und`.
    static func tag(_ key: String, in dictionary: OpaquePointer?) -> String? {
        guard let dictionary, let entry = av_dict_get(dictionary, key, nil, 0), let value = entry.pointee.value
        else { return nil }
        let text = String(decoding: UnsafeRawBufferPointer(start: value, count: strlen(value)), as: UTF8.self)
        return text.isEmpty || text == "und" ? nil : text
    }

    /// Demuxes the file once, decoding only `selected` streams (by index) and
    /// handing their frames to `sink`. Other streams are discarded by the
    /// demuxer. `threads` is libavcodec's thread count per decoder (0 = automatic).
    ///
    /// Damage inside a stream is counted and decoding goes on; a read error
    /// stops the pass and is returned in the summary with what was decoded so far.
    ///
    /// `plan` narrows the pass for the screening mode: keyframes only, or a
    /// stretch of the file (see `DecodePlan`). A file can be decoded more
    /// than once; each pass opens fresh decoders.
    public func decode(
        selected: Set<Int>, threads: Int, sink: some FrameSink, plan: DecodePlan = DecodePlan()
    ) throws(MediaError) -> DecodeSummary {
        var lanes: [Int: StreamLane] = [:]
        for index in 0..<Int(format.pointee.nb_streams) {
            guard let stream = format.pointee.streams[index] else { continue }
            guard selected.contains(index), let info = streams.first(where: { $0.index == index }),
                let parameters = stream.pointee.codecpar,
                let codec = avcodec_find_decoder(parameters.pointee.codec_id)
            else {
                stream.pointee.discard = AVDISCARD_ALL
                continue
            }
            stream.pointee.discard = AVDISCARD_DEFAULT
            do {
                let lane = try StreamLane(
                    index: index, info: info, stream: stream, codec: codec, threads: threads, startTime: startTime,
                    declaredEnd: declaredEnd(of: stream), limits: limits)
                lane.keyframesOnly = plan.keyframesOnly.contains(index)
                lane.frameNumbers = plan.frameNumbers[index]
                lanes[index] = lane
            } catch {
                throw .decoderFailed(path: path, stream: index, codec: info.codec, error)
            }
        }
        var stopAfter: Int64?
        var leadInUntil: Int64?
        if let seekIndex = plan.seekStream,
            let stream = seekIndex < Int(format.pointee.nb_streams) ? format.pointee.streams[seekIndex] : nil
        {
            let timeBase = av_q2d(stream.pointee.time_base)
            if timeBase > 0 {
                func timestamp(_ seconds: Double) -> Int64 {
                    Int64(saturating: ((seconds + startTime) / timeBase).rounded(.down))
                }
                // A stretch pass comes after another pass: always seek, to the start if need be.
                let from = max(0, plan.from ?? 0)
                var status = av_seek_frame(format, Int32(seekIndex), timestamp(from), AVSEEK_FLAG_BACKWARD)
                // Some demuxers (MPEG program streams without an index) seek by bytes only.
                if status < 0, from == 0 { status = av_seek_frame(format, -1, 0, AVSEEK_FLAG_BYTE) }
                if status < 0 {
                    throw .readFailed(path: path, atSeconds: from, FFmpegError(call: "av_seek_frame", code: status))
                }
                if let through = plan.through { stopAfter = timestamp(through) }
                if let until = plan.leadInUntil { leadInUntil = timestamp(until) }
            }
        }
        var summary = DecodeSummary()
        guard !lanes.isEmpty else { return summary }
        guard let packet = Packet(), let frame = Frame() else {
            throw .readFailed(
                path: path, atSeconds: nil, FFmpegError(call: "av_packet_alloc", code: AVQC_AVERROR_ENOMEM))
        }

        var packetsRead = 0
        while true {
            if let reason = limits.stop?.reason {
                throw .stopped(path: path, reason: reason, timeLimit: limits.stop?.timeLimit ?? 0)
            }
            let status = av_read_frame(format, packet.pointer)
            if status == AVQC_AVERROR_EOF { break }
            if status == AVQC_AVERROR_EAGAIN { continue }
            if status < 0 {
                if let reason = limits.stop?.reason {
                    throw .stopped(path: path, reason: reason, timeLimit: limits.stop?.timeLimit ?? 0)
                }
                if packetsRead == 0, !isSeekable, container.hasPrefix("mov") { throw .notStreamable(path: path) }
                let reached = lanes.values.map(\.end.time).max()
                summary.readError = .readFailed(
                    path: path, atSeconds: reached, FFmpegError(call: "av_read_frame", code: status))
                break
            }
            defer { packet.unreference() }
            packetsRead += 1
            let streamIndex = Int(packet.pointer.pointee.stream_index)
            guard let lane = lanes[streamIndex] else { continue }
            if let onPacket = plan.onPacket { onPacket(lane.record(of: packet.pointer)) }
            if streamIndex == plan.seekStream, stopAfter != nil || leadInUntil != nil {
                let order =
                    packet.pointer.pointee.dts != AVQC_NOPTS_VALUE
                    ? packet.pointer.pointee.dts : packet.pointer.pointee.pts
                if let stopAfter, order != AVQC_NOPTS_VALUE, order > stopAfter { break }
                if let until = leadInUntil {
                    lane.skipsUnreferenced = order != AVQC_NOPTS_VALUE && order < until
                }
            }
            lane.noteRead(packet.pointer)
            if lane.keyframesOnly, packet.pointer.pointee.flags & AV_PKT_FLAG_KEY == 0 { continue }
            lane.feed(packet.pointer, frame: frame, sink: sink)
        }
        for lane in lanes.values {
            if let reason = limits.stop?.reason {
                throw .stopped(path: path, reason: reason, timeLimit: limits.stop?.timeLimit ?? 0)
            }
            lane.feed(nil, frame: frame, sink: sink)
            summary.streams[lane.index] = lane.finishTotals()
        }
        summary.endsInsidePacket = endsInsideTransportPacket()
        return summary
    }

    /// False for a pipe (standard input): the demuxer cannot seek back.
    public var isSeekable: Bool {
        guard let io = format.pointee.pb else { return false }
        return io.pointee.seekable != 0
    }

    /// True for an MPEG transport stream whose size is not a whole number of
    /// 188-, 192- or 204-byte packets: the file was cut inside a packet.
    /// (Transport streams declare no duration to compare with.)
    private func endsInsideTransportPacket() -> Bool {
        guard container == "mpegts", let io = format.pointee.pb else { return false }
        let size = avio_size(io)
        guard size > 0 else { return false }
        return size % 188 != 0 && size % 192 != 0 && size % 204 != 0
    }

    /// Where `stream` should end by the container's metadata, in seconds from
    /// the start of the file: the stream's own duration when the container
    /// records one, else the container's duration unless FFmpeg only
    /// estimated it from the bitrate (then `byContainer` is true).
    private func declaredEnd(of stream: UnsafeMutablePointer<AVStream>) -> (seconds: Double, byContainer: Bool)? {
        let timeBase = av_q2d(stream.pointee.time_base)
        if stream.pointee.duration != AVQC_NOPTS_VALUE, stream.pointee.duration > 0, timeBase > 0 {
            let streamStart =
                stream.pointee.start_time != AVQC_NOPTS_VALUE ? Double(stream.pointee.start_time) * timeBase : startTime
            return (streamStart + Double(stream.pointee.duration) * timeBase - startTime, false)
        }
        guard let declaredDuration, format.pointee.duration_estimation_method != AVFMT_DURATION_FROM_BITRATE else {
            return nil
        }
        return (declaredDuration, true)
    }
}
