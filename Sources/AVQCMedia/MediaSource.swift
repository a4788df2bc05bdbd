import AVQCModel
import CFFmpeg

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

    private let format: UnsafeMutablePointer<AVFormatContext>
    /// The container's start time in seconds, subtracted from every timestamp.
    private let startTime: Double

    /// Opens `path` (or standard input for `-`) and reads its stream layout.
    public init(path: String) throws(MediaError) {
        self.path = path
        // "file:" keeps FFmpeg from reading a colon in a file name as a protocol.
        let url = path == "-" ? "pipe:0" : "file:" + path
        var context: UnsafeMutablePointer<AVFormatContext>?
        let status = avformat_open_input(&context, url, nil, nil)
        guard status >= 0, let context else {
            // avformat_open_input frees the context itself on failure.
            let error = FFmpegError(call: "avformat_open_input", code: status)
            if status == AVQC_AVERROR_INVALIDDATA { throw .notMedia(path: path, error) }
            throw .openFailed(path: path, error)
        }
        format = context
        let infoStatus = avformat_find_stream_info(context, nil)
        guard infoStatus >= 0 else {
            var doomed: UnsafeMutablePointer<AVFormatContext>? = context
            avformat_close_input(&doomed)
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
            found.append(Self.describe(stream: stream, index: index, codec: codecName, format: context))
        }
        if found.isEmpty {
            var doomed: UnsafeMutablePointer<AVFormatContext>? = context
            avformat_close_input(&doomed)
            if sawAudioOrVideo { throw .unsupportedCodec(path: path, codecs: undecodable) }
            throw .noStreams(path: path)
        }
        streams = found
    }

    deinit {
        var context: UnsafeMutablePointer<AVFormatContext>? = format
        avformat_close_input(&context)
    }

    private static func describe(
        stream: UnsafeMutablePointer<AVStream>, index: Int, codec: String, format: UnsafeMutablePointer<AVFormatContext>
    ) -> StreamInfo {
        let parameters = stream.pointee.codecpar.pointee
        if parameters.codec_type == AVMEDIA_TYPE_VIDEO {
            let rate = av_guess_frame_rate(format, stream, nil)
            let pixelFormat = av_get_pix_fmt_name(AVPixelFormat(parameters.format)).map { String(cString: $0) }
            return StreamInfo(
                index: index, type: .video, codec: codec, width: Int(parameters.width), height: Int(parameters.height),
                frameRate: rate.num > 0 && rate.den > 0 ? av_q2d(rate) : nil, pixelFormat: pixelFormat)
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
            channels: Int(parameters.ch_layout.nb_channels), channelLayout: layoutName)
    }

    /// Demuxes the file once, decoding only `selected` streams (by index) and
    /// handing their frames to `sink`. Other streams are discarded by the
    /// demuxer. `threads` is libavcodec's thread count per decoder (0 = automatic).
    ///
    /// Damage inside a stream is counted and decoding goes on; a read error
    /// stops the pass and is returned in the summary with what was decoded so far.
    public func decode(selected: Set<Int>, threads: Int, sink: some FrameSink) throws(MediaError) -> DecodeSummary {
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
            do {
                lanes[index] = try StreamLane(
                    index: index, info: info, stream: stream, codec: codec, threads: threads, startTime: startTime,
                    declaredEnd: declaredEnd(of: stream))
            } catch {
                throw .decoderFailed(path: path, stream: index, codec: info.codec, error)
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
            let status = av_read_frame(format, packet.pointer)
            if status == AVQC_AVERROR_EOF { break }
            if status == AVQC_AVERROR_EAGAIN { continue }
            if status < 0 {
                if packetsRead == 0, !isSeekable, container.hasPrefix("mov") { throw .notStreamable(path: path) }
                let reached = lanes.values.map(\.end.time).max()
                summary.readError = .readFailed(
                    path: path, atSeconds: reached, FFmpegError(call: "av_read_frame", code: status))
                break
            }
            defer { packet.unreference() }
            packetsRead += 1
            guard let lane = lanes[Int(packet.pointer.pointee.stream_index)] else { continue }
            lane.noteRead(packet.pointer)
            lane.feed(packet.pointer, frame: frame, sink: sink)
        }
        for lane in lanes.values {
            lane.feed(nil, frame: frame, sink: sink)
            summary.streams[lane.index] = lane.finishTotals()
        }
        summary.endsInsidePacket = endsInsideTransportPacket()
        return summary
    }

    /// False for a pipe (standard input): the demuxer cannot seek back.
    private var isSeekable: Bool {
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
