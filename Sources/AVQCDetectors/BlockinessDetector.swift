import AVQCModel

/// `blockiness`: spans of frames whose luma shows a coding-block grid
/// (starved encodes, corrupted macroblocks): the block-edge score is above
/// `threshold` and block edges are at least `contrast` times likelier on the
/// grid than off it. See `BlockinessMeter` and Docs/detectors.md.
public final class BlockinessDetector: Detector {
    public struct Evidence: SpanEvidence {
        public var peak: Double
        public var sum: Double
        public var contrastSum: Double
        public var frames: Int
        public static var empty: Evidence { Evidence(peak: 0, sum: 0, contrastSum: 0, frames: 0) }
        public mutating func absorb(_ other: Evidence) {
            peak = max(peak, other.peak)
            sum += other.sum
            contrastSum += other.contrastSum
            frames += other.frames
        }
        public var details: [String: DetailValue] {
            let count = Double(max(frames, 1))
            return [
                "peakScore": .number(peak), "meanScore": .number(sum / count),
                "meanContrast": .number(contrastSum / count),
            ]
        }
    }

    public static let id = "blockiness"

    /// Score (0…1) above which a frame can count as blocky.
    public let threshold: Double
    /// Smallest on-grid/off-grid step likelihood for a blocky frame.
    public let contrast: Double
    private let streamIndex: Int
    private let meter: BlockinessMeter
    private var tracker: SpanTracker<Evidence>

    public init(
        streamIndex: Int, codec: String, threshold: Double, contrast: Double, minDuration: Double, mergeGap: Double
    ) {
        self.streamIndex = streamIndex
        self.threshold = threshold
        self.contrast = contrast
        self.meter = BlockinessMeter(codec: codec)
        self.tracker = SpanTracker(minDuration: minDuration, mergeGap: mergeGap)
    }

    /// The score and contrast of one picture (for tests and tools).
    public func measure(_ plane: LumaPlane) -> (score: Double, contrast: Double) {
        let reading = meter.measure(plane)
        return (reading.score, reading.contrast)
    }

    public func process(_ frame: VideoFrame) {
        let reading = meter.measure(frame.luma)
        let score = reading.score
        let position = StreamPosition(time: frame.time, frame: frame.index)
        if score > threshold, reading.contrast >= contrast {
            tracker.observe(
                defective: true, at: position,
                evidence: Evidence(peak: score, sum: score, contrastSum: reading.contrast, frames: 1))
        } else {
            tracker.observe(defective: false, at: position)
        }
    }

    public func finish(at end: StreamEnd) -> DetectorResult {
        DetectorResult(
            defects: tracker.finish(at: end.position).map { $0.defect(detector: Self.id, streamIndex: streamIndex) })
    }
}
