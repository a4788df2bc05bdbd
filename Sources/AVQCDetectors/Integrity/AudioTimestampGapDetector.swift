import AVQCModel

/// `timestamp-gap` on audio: the sample timeline has a hole or an overlap
/// larger than `tolerance` seconds.
///
/// The timeline is counted in decoded samples; a break is one that the
/// container's timestamps keep for 0.1 s (`SampleClock`). Jitter that cancels
/// itself is not a gap: a break followed within `cancelWindow` seconds by one
/// of the opposite amount (within 3 ms) leaves the audio where the sample
/// count says, and both are dropped. (Re-encoding Ogg Vorbis carries its
/// granule jitter into MPEG-TS and MP4 timestamps as a +10 ms step taken back
/// 0.1-0.2 s later, measured.) A break smaller than half a decoded block
/// is not reported either: decoders lose and repeat whole blocks, so only
/// timestamp rounding or jitter moves the timeline by less (the jitter
/// above, when the stream ends before it is taken back).
public final class AudioTimestampGapDetector: Detector {
    public static let id = "timestamp-gap"
    /// Seconds within which a break and its opposite cancel.
    public static let cancelWindow = 2.0

    private let tolerance: Double
    private let mergeGap: Double
    /// Confirmed breaks, in order, with the length of the block that confirmed
    /// each; appended only when the timeline breaks.
    private var jumps: [TimelineJump] = []
    private var blockLengths: [Double] = []

    public init(tolerance: Double, mergeGap: Double) {
        self.tolerance = tolerance
        self.mergeGap = mergeGap
    }

    public func process(_ block: AudioBlock) {
        if let jump = block.timelineJump {
            jumps.append(jump)
            blockLengths.append(block.length)
        }
    }

    /// The indices of the breaks left once each one taken back by the next is dropped with it.
    static func uncancelled(_ jumps: [TimelineJump]) -> [Int] {
        var kept: [Int] = []
        var i = 0
        while i < jumps.count {
            if i + 1 < jumps.count, abs(jumps[i].amount + jumps[i + 1].amount) <= 2 * SampleClock.agreement,
                jumps[i + 1].at - jumps[i].at <= cancelWindow
            {
                i += 2
                continue
            }
            kept.append(i)
            i += 1
        }
        return kept
    }

    public func finish(at end: StreamEnd) -> DetectorResult {
        var tracker = SpanTracker<TimestampEvidence>(minDuration: 0, mergeGap: mergeGap)
        for index in Self.uncancelled(jumps) where abs(jumps[index].amount) > max(tolerance, blockLengths[index] / 2) {
            let jump = jumps[index]
            var evidence = TimestampEvidence()
            evidence.largest = abs(jump.amount)
            let (from, to) = jump.amount > 0 ? (jump.at, jump.at + jump.amount) : (jump.at + jump.amount, jump.at)
            if jump.amount > 0 { evidence.gaps = 1 } else { evidence.overlaps = 1 }
            tracker.add(
                TrackedSpan(start: StreamPosition(time: from), end: StreamPosition(time: to), evidence: evidence))
        }
        return DetectorResult(
            findings: tracker.finish(at: end.position).map { $0.finding() })
    }
}
