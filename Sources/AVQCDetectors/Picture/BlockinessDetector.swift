import AVQCModel

/// `blockiness`: spans of frames coded into visible blocks (starved encodes,
/// corrupted macroblocks). A frame is blocky when either
/// - its luma shows a coding-block grid: the block-edge score is above
///   `threshold` and block edges are at least `contrast` times likelier on
///   the grid than off it (any codec; see `BlockinessMeter`), or
/// - the decoder exports its quantizer (H.264, MPEG-1/2, MPEG-4 Part 2, VP9)
///   and the frame's mean is at or above `quantizerLevel` of the codec's
///   coarsest: starvation that a deblocking filter hides from the pixels.
/// See Docs/detectors.md.
public final class BlockinessDetector: SpanDetector {
    public struct Evidence: SpanEvidence {
        public var peak: Double
        public var sum: Double
        public var contrastSum: Double
        public var frames: Int
        /// Sum of the frames' mean quantizers, over `quantizedFrames` frames, on `scale`.
        public var quantizerSum: Double = 0
        public var quantizedFrames = 0
        public var scale: CodingQuantizer.Scale?
        public static var empty: Evidence { Evidence(peak: 0, sum: 0, contrastSum: 0, frames: 0) }
        public mutating func absorb(_ other: Evidence) {
            peak = max(peak, other.peak)
            sum += other.sum
            contrastSum += other.contrastSum
            frames += other.frames
            quantizerSum += other.quantizerSum
            quantizedFrames += other.quantizedFrames
            scale = scale ?? other.scale
        }
        public var details: [String: DetailValue] {
            let count = Double(max(frames, 1))
            var details: [String: DetailValue] = [
                "peakScore": .number(peak), "meanScore": .number(sum / count),
                "meanContrast": .number(contrastSum / count),
            ]
            if let scale, quantizedFrames > 0 {
                details["meanQuantizer"] = .number(quantizerSum / Double(quantizedFrames))
                details["quantizerScale"] = .string(scale.rawValue)
            }
            return details
        }
    }

    public static let id = "blockiness"

    /// Score (0…1) above which a frame can count as blocky.
    public let threshold: Double
    /// Smallest on-grid/off-grid step likelihood for a blocky frame.
    public let contrast: Double
    /// Share (0…1) of the codec's coarsest quantizer at or above which a frame is starved.
    public let quantizerLevel: Double
    private let meter: BlockinessMeter
    public var tracker: SpanTracker<Evidence>

    public init(
        codec: String, threshold: Double, contrast: Double, quantizerLevel: Double = 0.85,
        minDuration: Double, mergeGap: Double
    ) {
        self.threshold = threshold
        self.contrast = contrast
        self.quantizerLevel = quantizerLevel
        self.meter = BlockinessMeter(codec: codec)
        self.tracker = SpanTracker(minDuration: minDuration, mergeGap: mergeGap)
    }

    /// The score and contrast of one picture (for tests and tools).
    public func measure(_ plane: LumaPlane) -> (score: Double, contrast: Double) {
        let reading = meter.measure(plane)
        return (reading.score, reading.contrast)
    }

    /// The last frame's blockiness score (see `FrameTrace`).
    public private(set) var lastTrace: Double?

    public func process(_ frame: VideoFrame) {
        let reading = meter.measure(frame.luma)
        let score = reading.score
        lastTrace = score
        let position = StreamPosition(time: frame.time, frame: frame.index)
        let starved = frame.quantizer.map { $0.level >= quantizerLevel } ?? false
        if starved || (score > threshold && reading.contrast >= contrast) {
            var evidence = Evidence(peak: score, sum: score, contrastSum: reading.contrast, frames: 1)
            if let quantizer = frame.quantizer {
                evidence.quantizerSum = quantizer.mean
                evidence.quantizedFrames = 1
                evidence.scale = quantizer.scale
            }
            tracker.observe(defective: true, at: position, evidence: evidence)
        } else {
            tracker.observe(defective: false, at: position)
        }
    }

}

extension DetectorDescriptor {
    /// `blockiness`: see Docs/detectors.md.
    public static let blockiness = DetectorDescriptor(
        id: BlockinessDetector.id, summary: "visible coding-block edges (starved encodes, broken macroblocks)",
        parameters: [
            Knobs.threshold.spec, Knobs.contrast.spec, Knobs.quantizer.spec, Knobs.minDuration.spec,
            Knobs.mergeGap.spec,
        ],
        factory: .video { settings, context in
            BlockinessDetector(
                codec: context.stream.codec, threshold: settings[Knobs.threshold],
                contrast: settings[Knobs.contrast], quantizerLevel: settings[Knobs.quantizer],
                minDuration: settings[Knobs.minDuration], mergeGap: settings[Knobs.mergeGap])
        })
}

private enum Knobs {
    static let threshold = Parameter(
        "threshold", .ratio, default: 0.30, range: 0...1,
        help:
            "score (share of grid positions with a block edge minus the share elsewhere) above which a frame can be blocky"
    )
    static let contrast = Parameter(
        "contrast", .ratio, default: 7, range: 1...1000,
        help: "block edges must be at least this many times likelier on the grid than off it, in both directions")
    static let quantizer = Parameter(
        "quantizer", .ratio, default: 0.85, range: 0...1,
        help:
            "a frame whose mean coding quantizer is at least this share of the codec's coarsest is starved (H.264 QP 43.4, MPEG-1/2/4 quantiser_scale 52.7, VP9 qindex 216.8)"
    )
    static let minDuration = Parameter.minDuration(of: "blockiness", default: 0.5)
    static let mergeGap = Parameter.mergeGap(default: 0.5)
}

extension BlockinessDetector: FrameTrace {
    public var traceName: String { "blockiness.score" }
    public var traceUnit: String { "score" }
    public var traceThresholds: [Double] { [threshold] }
    public var traceKeepsLowest: Bool { false }
}
