/// The time line of one audio stream, counted in decoded samples, with the
/// container's timestamps as evidence.
///
/// Each block starts where the previous one ended, by its sample count. A
/// timestamp that disagrees by more than `agreement` seconds opens a
/// suspect; it becomes a `TimelineJump` (and the clock moves to the
/// timestamps) only when every block's timestamp keeps the same disagreement
/// for `confirmation` seconds of samples. An excursion that later blocks
/// take back is jitter and leaves the clock alone: Ogg granule
/// interpolation (one packet about 10 ms off), MP4 sample tables whose
/// durations disagree with the decoded frames (two packets), MKV
/// millisecond rounding. Blocks inside a suspect are placed by sample count.
public struct SampleClock: Sendable {
    /// Largest difference, in seconds, between a timestamp and the sample count that still agrees.
    public static let agreement = 0.0015
    /// How long, in seconds of samples, a disagreement must last to be a jump.
    public static let confirmation = 0.1

    private var next: Double?
    private var suspect: (deviation: Double, at: Double)?

    public init() {}

    /// Places a block of `duration` seconds whose container timestamp is
    /// `timestamp` (nil when it has none). Returns the block's start time on
    /// the sample timeline and, when this block confirms one, the jump.
    public mutating func place(timestamp: Double?, duration: Double) -> (time: Double, jump: TimelineJump?) {
        guard let clock = next else {
            let start = timestamp ?? 0
            next = start + duration
            return (start, nil)
        }
        var time = clock
        var jump: TimelineJump?
        if let timestamp {
            let deviation = timestamp - clock
            if let open = suspect, abs(deviation - open.deviation) <= Self.agreement {
                if clock - open.at >= Self.confirmation {
                    jump = TimelineJump(at: open.at, amount: open.deviation)
                    time = timestamp
                    suspect = nil
                }
            } else {
                suspect = abs(deviation) > Self.agreement ? (deviation, clock) : nil
            }
        }
        next = time + duration
        return (time, jump)
    }
}
