import AVQCModel

/// `stream-alignment`: the first audio stream against the first video
/// stream, from their decoded timestamps (edit lists and codec delay already
/// applied by the decoder). A defect when their starts differ by more than
/// `maxStartOffset` (span: earlier start to later start), and when their ends
/// differ by more than `maxEndOffset` (span: earlier end to later end).
public final class StreamAlignmentDetector: FileDetector {
    public static let id = "stream-alignment"

    public let maxStartOffset: Double
    public let maxEndOffset: Double

    public init(maxStartOffset: Double, maxEndOffset: Double) {
        self.maxStartOffset = maxStartOffset
        self.maxEndOffset = maxEndOffset
    }

    public func observer(for stream: StreamInfo) -> AnyDetector? {
        // Only the timing matters, but the stream must be decoded to know it.
        stream.type == .video ? .video(TimingObserver<VideoFrame>()) : .audio(TimingObserver<AudioBlock>())
    }

    public func reportingStream(among streams: [StreamInfo]) -> Int? {
        guard streams.contains(where: { $0.type == .video }) else { return nil }
        return streams.first { $0.type == .audio }?.index
    }

    public func finish(streams: [StreamTiming]) -> DetectorResult {
        guard let video = streams.filter({ $0.type == .video }).min(by: { $0.index < $1.index }),
            let audio = streams.filter({ $0.type == .audio }).min(by: { $0.index < $1.index })
        else { return DetectorResult() }
        func defect(_ edge: String, video videoTime: Double, audio audioTime: Double, limit: Double) -> Finding? {
            guard abs(audioTime - videoTime) > limit + 1e-9 else { return nil }
            return Finding(
                start: min(audioTime, videoTime), end: max(audioTime, videoTime), stream: audio.index,
                details: [
                    "edge": .string(edge), "videoSeconds": .number(videoTime), "audioSeconds": .number(audioTime),
                    "differenceSeconds": .number(audioTime - videoTime), "videoStream": .integer(video.index),
                ])
        }
        let defects = [
            defect("start", video: video.start, audio: audio.start, limit: maxStartOffset),
            defect("end", video: video.end, audio: audio.end, limit: maxEndOffset),
        ].compactMap { $0 }
        return DetectorResult(findings: defects)
    }
}

extension DetectorDescriptor {
    /// `stream-alignment`: see Docs/detectors.md.
    public static let streamAlignment = DetectorDescriptor(
        id: StreamAlignmentDetector.id, summary: "audio starting or ending away from video (from timestamps)",
        parameters: [Knobs.maxStartOffset.spec, Knobs.maxEndOffset.spec],
        factory: .file(kinds: [.video, .audio]) { settings in
            StreamAlignmentDetector(
                maxStartOffset: settings[Knobs.maxStartOffset], maxEndOffset: settings[Knobs.maxEndOffset])
        })
}

private enum Knobs {
    static let maxStartOffset = Parameter(
        "max-start-offset", .seconds, default: 0.1, range: 0...maxParameterSeconds,
        help: "largest difference between the first audio and video start")
    static let maxEndOffset = Parameter(
        "max-end-offset", .seconds, default: 0.5, range: 0...maxParameterSeconds,
        help: "largest difference between their ends")
}
