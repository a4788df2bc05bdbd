/// One defect span on one stream.
public struct Defect: Sendable, Equatable, Codable {
    /// Stable detector id, e.g. `black`.
    public var detector: String
    /// Index of the stream in the container.
    public var streamIndex: Int
    /// Presentation time of the first defective frame or sample, in seconds from the start of the file.
    public var start: Double
    /// Presentation time of the first good frame or sample after the span (or the end of the stream), in seconds.
    public var end: Double
    /// Index of the first defective frame within the stream (video only).
    public var startFrame: Int?
    /// Index of the first good frame after the span; equals the frame count when the span runs to the end (video only).
    public var endFrame: Int?
    public var severity: Severity
    /// The rule that set the severity or kept the span, e.g.
    /// `profile streaming: detectors.black`, or `--set black.severity`; nil
    /// when no rule applies (the default: every span an error).
    public var rule: String?
    /// Detector-specific evidence (see Docs/detectors.md).
    public var details: [String: DetailValue]

    public init(
        detector: String, streamIndex: Int, start: Double, end: Double,
        startFrame: Int? = nil, endFrame: Int? = nil,
        severity: Severity = .error, details: [String: DetailValue] = [:]
    ) {
        self.detector = detector
        self.streamIndex = streamIndex
        self.start = start
        self.end = end
        self.startFrame = startFrame
        self.endFrame = endFrame
        self.severity = severity
        self.details = details
    }

    /// `end − start`, in seconds (exact; writers round what they print).
    public var duration: Double { end - start }

    /// `start` as `HH:MM:SS.mmm`.
    public var startTimecode: String { Timecode.string(fromSeconds: start) }

    /// Times are kept exact in the model; the report writers round them
    /// (JSON adds `duration` and `startTimecode`, see `JSONReportWriter`).
    enum CodingKeys: String, CodingKey {
        case detector, streamIndex, start, end, startFrame, endFrame, severity, rule, details
    }
}
