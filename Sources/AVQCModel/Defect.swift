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
    /// `end − start`, in seconds.
    public var duration: Double
    /// Index of the first defective frame within the stream (video only).
    public var startFrame: Int?
    /// Index of the first good frame after the span; equals the frame count when the span runs to the end (video only).
    public var endFrame: Int?
    /// `start` as `HH:MM:SS.mmm`.
    public var startTimecode: String
    public var severity: Severity
    /// Detector-specific evidence (see Docs/detectors.md).
    public var details: [String: DetailValue]

    public init(
        detector: String, streamIndex: Int, start: Double, end: Double,
        startFrame: Int? = nil, endFrame: Int? = nil,
        severity: Severity = .error, details: [String: DetailValue] = [:]
    ) {
        self.detector = detector
        self.streamIndex = streamIndex
        self.start = Rounding.micro(start)
        self.end = Rounding.micro(end)
        self.duration = Rounding.micro(end - start)
        self.startFrame = startFrame
        self.endFrame = endFrame
        self.startTimecode = Timecode.string(fromSeconds: start)
        self.severity = severity
        self.details = details
    }
}
