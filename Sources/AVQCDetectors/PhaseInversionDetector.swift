import AVQCModel
import Foundation

/// `phase-inversion`: the front stereo pair's correlation stays at or below
/// `threshold` (−0.8) for at least `minDuration`; played in mono it cancels.
/// Correlation is measured in 10 ms sub-blocks in which both channels carry
/// signal (above −50 dBFS RMS); short flickers (up to 30 ms) inside a span
/// are bridged.
public final class PhaseInversionDetector: Detector {
    public struct Evidence: SpanEvidence {
        public var sum: Double
        public var count: Int
        public var lowest: Double
        public static var empty: Evidence { Evidence(sum: 0, count: 0, lowest: 1) }
        public mutating func absorb(_ other: Evidence) {
            sum += other.sum
            count += other.count
            lowest = min(lowest, other.lowest)
        }
        public var details: [String: DetailValue] {
            ["meanCorrelation": .number(count > 0 ? sum / Double(count) : 0), "lowestCorrelation": .number(lowest)]
        }
    }

    public static let id = "phase-inversion"

    private let streamIndex: Int
    private let threshold: Double
    private var tracker: SpanTracker<Evidence>
    private var pair: (Int, Int)?
    private var length = 0
    private var filled = 0
    private var subBlockStart = 0.0
    private var lr = 0.0
    private var ll = 0.0
    private var rr = 0.0
    private static let presence = 1e-5  // −50 dBFS mean square

    public init(streamIndex: Int, threshold: Double, minDuration: Double, mergeGap: Double) {
        self.streamIndex = streamIndex
        self.threshold = threshold
        self.tracker = SpanTracker(minDuration: minDuration, mergeGap: mergeGap, hysteresis: 0.03)
    }

    public func process(_ block: AudioBlock) {
        guard block.channelCount >= 2 else { return }
        if pair == nil {
            let names = block.format.channelNames
            if let left = names.firstIndex(of: "FL"), let right = names.firstIndex(of: "FR") {
                pair = (left, right)
            } else {
                pair = (0, 1)
            }
            length = max(1, block.sampleRate / 100)
        }
        guard let (l, r) = pair, l < block.channelCount, r < block.channelCount else { return }
        let left = block.channel(l)
        let right = block.channel(r)
        var i = 0
        while i < block.frameCount {
            if filled == 0 { subBlockStart = block.time(ofSample: i) }
            let n = min(block.frameCount - i, length - filled)
            for k in i..<(i + n) {
                let a = Double(left[k])
                let b = Double(right[k])
                lr += a * b
                ll += a * a
                rr += b * b
            }
            filled += n
            i += n
            if filled == length { closeSubBlock() }
        }
    }

    private func closeSubBlock() {
        let present = ll / Double(length) >= Self.presence && rr / Double(length) >= Self.presence
        let correlation = present ? lr / sqrt(ll * rr) : 0
        let position = StreamPosition(time: subBlockStart)
        if present, correlation <= threshold {
            tracker.observe(
                defective: true, at: position, evidence: Evidence(sum: correlation, count: 1, lowest: correlation))
        } else {
            tracker.observe(defective: false, at: position)
        }
        filled = 0
        lr = 0
        ll = 0
        rr = 0
    }

    public func finish(at end: StreamEnd) -> DetectorResult {
        DetectorResult(
            defects: tracker.finish(at: end.position).map { $0.defect(detector: Self.id, streamIndex: streamIndex) })
    }
}
