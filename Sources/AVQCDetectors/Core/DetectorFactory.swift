import AVQCModel

/// How a detector is made, by kind: a stream detector (one instance per
/// video and/or audio stream) or a file-level detector (one per file, fed
/// by observers it hands to the streams it needs). An enum, so the two can
/// never be confused.
public enum DetectorFactory: Sendable {
    public typealias Video = @Sendable (DetectorSettings, DetectorContext) -> any Detector<VideoFrame>
    public typealias Audio = @Sendable (DetectorSettings, DetectorContext) -> any Detector<AudioBlock>

    /// One instance per stream of the kinds it has a maker for.
    case stream(video: Video?, audio: Audio?)
    /// One instance per file, reading streams of `kinds`.
    case file(kinds: [MediaKind], @Sendable (DetectorSettings) -> any FileDetector)

    /// A detector of video streams only.
    public static func video(_ make: @escaping Video) -> DetectorFactory { .stream(video: make, audio: nil) }
    /// A detector of audio streams only.
    public static func audio(_ make: @escaping Audio) -> DetectorFactory { .stream(video: nil, audio: make) }

    /// The kinds of stream the detector reads.
    public var kinds: [MediaKind] {
        switch self {
        case .stream(let video, let audio):
            return (video != nil ? [MediaKind.video] : []) + (audio != nil ? [MediaKind.audio] : [])
        case .file(let kinds, _):
            return kinds
        }
    }
}
