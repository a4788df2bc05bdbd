import AVQCModel

/// `timestamp-gap` on audio: the sample timeline has a hole or an overlap
/// larger than `tolerance` seconds between one block and the next.
public final class AudioTimestampGapDetector: Detector {
    public static let id = "timestamp-gap"

    private let streamIndex: Int
    private let tolerance: Double
    private var tracker: SpanTracker<TimestampEvidence>
    private var expected: Double?

    public init(streamIndex: Int, tolerance: Double, mergeGap: Double) {
        self.streamIndex = streamIndex
        self.tolerance = tolerance
        self.tracker = SpanTracker(minDuration: 0, mergeGap: mergeGap)
    }

    public func process(_ block: AudioBlock) {
        defer { expected = block.time + block.length }
        guard let expected else { return }
        let difference = block.time - expected
        guard abs(difference) > tolerance else { return }
        var evidence = TimestampEvidence()
        evidence.largest = abs(difference)
        if difference > 0 {
            evidence.gaps = 1
            tracker.observe(defective: true, at: StreamPosition(time: expected), evidence: evidence)
            tracker.observe(defective: false, at: StreamPosition(time: block.time))
        } else {
            evidence.overlaps = 1
            tracker.observe(defective: true, at: StreamPosition(time: block.time), evidence: evidence)
            tracker.observe(defective: false, at: StreamPosition(time: expected))
        }
    }

    public func finish(at end: StreamEnd) -> DetectorResult {
        DetectorResult(
            defects: tracker.finish(at: end.position).map { $0.defect(detector: Self.id, streamIndex: streamIndex) })
    }
}
