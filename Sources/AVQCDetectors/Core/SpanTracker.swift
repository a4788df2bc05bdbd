import AVQCModel

/// Turns a stream of "defective or not" observations into reported spans.
/// Written once, used by every span detector:
///
/// - a span opens at the first defective observation and closes at the first
///   good one (or at the end of the stream, which closes what is still open);
/// - with `hysteresis`, it closes only once the good state has lasted that
///   many seconds, and then at the first good observation (short good
///   flickers inside a span are bridged);
/// - it is kept only when it lasts at least `minDuration` seconds;
/// - a kept span that starts at most `mergeGap` seconds after the previous
///   kept span ends is merged into it (with 0, nothing merges; spans that
///   touch stay apart, e.g. two format changes in a row).
///
/// Observations need only be made when the state may change: observing
/// "defective" while a span is open just adds evidence.
public struct SpanTracker<Evidence: SpanEvidence>: Sendable {
    /// Shortest span reported, in seconds.
    public let minDuration: Double
    /// Largest gap between two kept spans that still merges them, in seconds.
    public let mergeGap: Double
    /// How long the good state must last before an open span closes, in seconds.
    public let hysteresis: Double

    private var openStart: StreamPosition?
    private var goodSince: StreamPosition?
    private var openEvidence = Evidence.empty
    public private(set) var spans: [TrackedSpan<Evidence>] = []

    public init(minDuration: Double, mergeGap: Double = 0, hysteresis: Double = 0) {
        self.minDuration = minDuration
        self.mergeGap = mergeGap
        self.hysteresis = hysteresis
    }

    /// True while a span is open.
    public var isOpen: Bool { openStart != nil }

    /// Records the state at `position`. `evidence` is kept only when `defective`.
    public mutating func observe(defective: Bool, at position: StreamPosition, evidence: Evidence = .empty) {
        if defective {
            if openStart == nil {
                openStart = position
                openEvidence = evidence
            } else {
                openEvidence.absorb(evidence)
            }
            goodSince = nil
        } else if let start = openStart {
            let good = goodSince ?? position
            goodSince = good
            if position.time - good.time >= hysteresis - 1e-9 {
                close(TrackedSpan(start: start, end: good, evidence: openEvidence))
            }
        }
    }

    /// Adds a span found by other means (a run of samples), with the same
    /// minimum duration and merging. Spans should come roughly in time order;
    /// one that overlaps or nears the last kept span merges into it.
    public mutating func add(_ span: TrackedSpan<Evidence>) {
        keep(span)
    }

    /// Closes an open span at `end` and returns every span kept.
    public mutating func finish(at end: StreamPosition) -> [TrackedSpan<Evidence>] {
        if let start = openStart {
            close(TrackedSpan(start: start, end: goodSince ?? end, evidence: openEvidence))
        }
        return spans
    }

    /// Ends the open span as `span`.
    private mutating func close(_ span: TrackedSpan<Evidence>) {
        openStart = nil
        openEvidence = .empty
        goodSince = nil
        keep(span)
    }

    /// Applies the minimum duration and merging to a finished span.
    private mutating func keep(_ span: TrackedSpan<Evidence>) {
        // A small tolerance keeps exact-duration spans (e.g. 50 frames at 25 fps)
        // from being lost to floating-point rounding of the timestamps.
        guard span.duration >= minDuration - 1e-9 else { return }
        if mergeGap > 0, var last = spans.last, span.start.time - last.end.time <= mergeGap + 1e-9,
            span.end.time - last.start.time >= -mergeGap - 1e-9
        {
            if span.start.time < last.start.time { last.start = span.start }
            if span.end.time > last.end.time { last.end = span.end }
            last.evidence.absorb(span.evidence)
            spans[spans.count - 1] = last
        } else {
            spans.append(span)
        }
    }
}
