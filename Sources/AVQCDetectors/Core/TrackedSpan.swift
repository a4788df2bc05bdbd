import AVQCModel

/// A closed span with the evidence gathered inside it.
public struct TrackedSpan<Evidence: SpanEvidence>: Sendable {
    /// First defective frame or sample.
    public var start: StreamPosition
    /// First good frame or sample after the span, or the end of the stream.
    public var end: StreamPosition
    public var evidence: Evidence

    public var duration: Double { end.time - start.time }

    /// The span as a finding (the detector bank adds its identity).
    public func finding(severity: Severity = .error) -> Finding {
        Finding(
            start: start.time, end: end.time, startFrame: start.frame, endFrame: end.frame, severity: severity,
            details: evidence.details)
    }
}
