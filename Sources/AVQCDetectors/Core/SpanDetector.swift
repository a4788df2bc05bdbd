import AVQCModel

/// A detector whose whole result is the spans its tracker closed: it gets
/// `finish` from here, after its `close(at:)` (default: nothing) has fed
/// the tracker what was still pending at the end of the stream.
public protocol SpanDetector: Detector {
    associatedtype Evidence: SpanEvidence
    var tracker: SpanTracker<Evidence> { get set }
    /// Feeds the tracker what the end of the stream settles.
    func close(at end: StreamEnd)
}

extension SpanDetector {
    public func close(at end: StreamEnd) {}

    /// True while the detector is inside a candidate span (before its
    /// minimum duration is known to be met): the HTML report's thumbnails
    /// are taken then, in the same pass.
    public var spanOpen: Bool { tracker.isOpen }

    public func finish(at end: StreamEnd) -> DetectorResult {
        close(at: end)
        return DetectorResult(findings: tracker.finish(at: end.position).map { $0.finding() })
    }
}
