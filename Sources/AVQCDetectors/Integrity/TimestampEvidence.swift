import AVQCModel

/// What `timestamp-gap` keeps per span.
public struct TimestampEvidence: SpanEvidence {
    /// Jumps forward larger than allowed.
    public var gaps = 0
    /// Times that went backwards or repeated (video) or overlapped (audio).
    public var overlaps = 0
    /// Frames missing in the gaps (video).
    public var missingFrames = 0
    /// Single frames whose time is wildly off while their neighbours keep the timeline (video).
    public var misplacedFrames = 0
    /// The largest jump or overlap, in seconds.
    public var largest = 0.0

    public static var empty: TimestampEvidence { TimestampEvidence() }

    public mutating func absorb(_ other: TimestampEvidence) {
        gaps += other.gaps
        overlaps += other.overlaps
        // Saturating: a damaged timestamp can claim 10^17 missing frames.
        let (sum, overflow) = missingFrames.addingReportingOverflow(other.missingFrames)
        missingFrames = overflow ? .max : sum
        misplacedFrames += other.misplacedFrames
        largest = max(largest, other.largest)
    }

    public var details: [String: DetailValue] {
        var details: [String: DetailValue] = ["largestSeconds": .number(largest)]
        if gaps > 0 { details["gaps"] = .integer(gaps) }
        if overlaps > 0 { details["overlaps"] = .integer(overlaps) }
        if missingFrames > 0 { details["missingFrames"] = .integer(missingFrames) }
        if misplacedFrames > 0 { details["misplacedFrames"] = .integer(misplacedFrames) }
        return details
    }
}
