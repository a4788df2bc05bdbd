import AVQCModel
import CFFmpeg

/// One decoded stream inside a pass: its decoder, the view it hands to
/// detectors (luma or float samples), and its running totals and clock.
final class StreamLane {
    let index: Int
    private let info: StreamInfo
    private let decoder: StreamDecoder
    private let timeBase: Double
    private let startTime: Double
    private let nominalFrameDuration: Double?
    private let luma = LumaExtractor()
    private let audio = AudioConverter()
    private(set) var totals = DecodeSummary.StreamTotals()
    /// Where the next frame starts when it carries no timestamp.
    private var nextTime: Double?

    init(index: Int, info: StreamInfo, decoder: StreamDecoder, timeBase: Double, startTime: Double) {
        self.index = index
        self.info = info
        self.decoder = decoder
        self.timeBase = timeBase
        self.startTime = startTime
        self.nominalFrameDuration = info.frameRate.flatMap { $0 > 0 ? 1 / $0 : nil }
    }

    var end: StreamPosition { totals.end }

    /// Sends `packet` (nil drains the decoder) and delivers every frame that comes out.
    func feed(_ packet: UnsafeMutablePointer<AVPacket>?, frame: Frame, sink: some FrameSink) {
        for _ in 0..<2 {
            let result = decoder.send(packet)
            switch result {
            case .accepted, .rejected:
                if case .rejected(let error) = result { record(error) }
                drain(frame: frame, sink: sink)
                return
            case .full:
                drain(frame: frame, sink: sink)
            }
        }
        record(FFmpegError(call: "avcodec_send_packet", code: AVQC_AVERROR_EAGAIN))
    }

    private func drain(frame: Frame, sink: some FrameSink) {
        while true {
            switch decoder.receive(into: frame) {
            case .frame:
                deliver(frame.pointer, sink: sink)
                frame.unreference()
            case .needsInput, .endOfStream:
                return
            case .damaged(let error):
                record(error)
                return
            }
        }
    }

    private func record(_ error: FFmpegError) {
        totals.decodeErrors += 1
        if totals.firstError == nil { totals.firstError = error.description }
    }

    private func presentationTime(of frame: UnsafeMutablePointer<AVFrame>) -> Double {
        let pts = frame.pointee.best_effort_timestamp
        if pts != AVQC_NOPTS_VALUE { return Double(pts) * timeBase - startTime }
        return nextTime ?? 0
    }

    private func deliver(_ frame: UnsafeMutablePointer<AVFrame>, sink: some FrameSink) {
        let time = presentationTime(of: frame)
        if info.type == .video {
            let packetDuration = frame.pointee.pkt_duration
            let duration =
                packetDuration > 0 ? Double(packetDuration) * timeBase : (nominalFrameDuration ?? 0)
            guard let plane = luma.luma(of: frame) else {
                record(FFmpegError(call: "luma conversion", code: AVQC_AVERROR_INVALIDDATA))
                return
            }
            sink.video(VideoFrame(luma: plane, index: totals.frames, time: time, duration: duration), stream: index)
            totals.frames += 1
            totals.end = StreamPosition(time: time + duration, frame: totals.frames)
            nextTime = time + duration
        } else {
            let rate = Double(frame.pointee.sample_rate)
            let duration = rate > 0 ? Double(frame.pointee.nb_samples) / rate : 0
            let converted = audio.withBlock(of: frame, time: time) { block in
                sink.audio(block, stream: index)
            }
            guard converted else {
                record(FFmpegError(call: "swr_convert", code: AVQC_AVERROR_INVALIDDATA))
                return
            }
            totals.frames += 1
            totals.end = StreamPosition(time: time + duration)
            nextTime = time + duration
        }
    }
}
