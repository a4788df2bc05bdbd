import AVQCModel

/// A span a detector found, without its identity: the detector bank stamps
/// the detector's id and the stream when it turns findings into `Defect`s.
public struct Finding: Sendable, Equatable {
    /// First defective frame or sample, in seconds from the start of the file.
    public var start: Double
    /// First good frame or sample after the span (or the end of the stream), in seconds.
    public var end: Double
    /// Video only: first defective frame, first good frame after the span.
    public var startFrame: Int?
    public var endFrame: Int?
    public var severity: Severity
    /// Detector-specific evidence (see Docs/detectors.md).
    public var details: [String: DetailValue]
    /// The stream the finding belongs to, for file-level detectors that
    /// name one; nil means the stream the detector ran on (or reports on).
    public var stream: Int?

    public init(
        start: Double, end: Double, startFrame: Int? = nil, endFrame: Int? = nil, severity: Severity = .error,
        stream: Int? = nil, details: [String: DetailValue] = [:]
    ) {
        self.start = start
        self.end = end
        self.startFrame = startFrame
        self.endFrame = endFrame
        self.severity = severity
        self.details = details
        self.stream = stream
    }

    /// `end − start`, in seconds.
    public var duration: Double { end - start }

    /// The finding as a report defect of `detector` on `streamIndex` (unless it names its own stream).
    public func defect(detector: String, streamIndex: Int) -> Defect {
        Defect(
            detector: detector, streamIndex: stream ?? streamIndex, start: start, end: end, startFrame: startFrame,
            endFrame: endFrame, severity: severity, details: details)
    }
}
