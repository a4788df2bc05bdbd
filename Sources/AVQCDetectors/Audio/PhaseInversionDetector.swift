import AVQCModel
import Foundation

/// `phase-inversion`: the front stereo pair's correlation stays at or below
/// `threshold` (−0.3) for at least `minDuration`; played in mono it cancels.
/// Correlation comes from 10 ms sub-blocks, each judged by the sums over
/// the 21 sub-blocks (210 ms) centred on it, and counts only where both
/// channels carry signal (above −50 dBFS RMS); short flickers (up to 30 ms)
/// inside a span are bridged. The centred window keeps edges in place: a
/// full inversion's edges land within 40 ms (the window crosses −0.3 three
/// sub-blocks past the step).
///
/// An inverted channel turns a mix's natural correlation c into −c, and real
/// stereo mixes sit at c = 0.3…0.95: a −0.8 threshold missed inverted real
/// music (−0.81 mean, measured), while no untouched stereo recording in the
/// accuracy corpus stays below −0.3 for any 10 ms (Docs/accuracy.md).
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

    private let threshold: Double
    private var tracker: SpanTracker<Evidence>
    private var pair: (Int, Int)?
    private var length = 0
    private var filled = 0
    private var subBlockStart = 0.0
    private var lr = 0.0
    private var ll = 0.0
    private var rr = 0.0
    /// The last `window` sub-blocks' sums, start times and presence (a ring), and their totals.
    private static let window = 21
    private var ring = [(lr: Double, ll: Double, rr: Double, start: Double, present: Bool)](
        repeating: (0, 0, 0, 0, false), count: PhaseInversionDetector.window)
    private var ringCount = 0
    private var ringNext = 0
    private var sumLR = 0.0
    private var sumLL = 0.0
    private var sumRR = 0.0
    private static let presence = 1e-5  // −50 dBFS mean square

    public init(threshold: Double, minDuration: Double, mergeGap: Double) {
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
        if ringCount == Self.window { dropOldest() }
        ring[ringNext] = (lr, ll, rr, subBlockStart, present)
        ringNext = (ringNext + 1) % Self.window
        ringCount += 1
        sumLR += lr
        sumLL += ll
        sumRR += rr
        if ringCount == Self.window { judge(slot: (ringNext + Self.window / 2) % Self.window) }
        filled = 0
        lr = 0
        ll = 0
        rr = 0
    }

    /// Removes the oldest sub-block from the window's totals.
    private func dropOldest() {
        let oldest = ring[(ringNext - ringCount + Self.window) % Self.window]
        sumLR -= oldest.lr
        sumLL -= oldest.ll
        sumRR -= oldest.rr
        ringCount -= 1
    }

    /// Judges the sub-block in `slot` by the window's totals.
    private func judge(slot: Int) {
        let entry = ring[slot]
        let energy = sumLL * sumRR
        let correlation = energy > 0 ? sumLR / sqrt(energy) : 0
        let position = StreamPosition(time: entry.start)
        if entry.present, correlation <= threshold {
            tracker.observe(
                defective: true, at: position, evidence: Evidence(sum: correlation, count: 1, lowest: correlation))
        } else {
            tracker.observe(defective: false, at: position)
        }
    }

    public func finish(at end: StreamEnd) -> DetectorResult {
        // The last half-window of sub-blocks, each judged by what is left of its window.
        let half = Self.window / 2
        if ringCount == Self.window {
            for j in 1...half {
                dropOldest()
                judge(slot: (ringNext - 1 - half + j + Self.window) % Self.window)
            }
        } else if ringCount > 0 {
            for k in 0..<ringCount { judge(slot: (ringNext - ringCount + k + Self.window) % Self.window) }
        }
        return DetectorResult(
            findings: tracker.finish(at: end.position).map { $0.finding() })
    }
}

extension DetectorDescriptor {
    /// `phase-inversion`: see Docs/detectors.md.
    public static let phaseInversion = DetectorDescriptor(
        id: PhaseInversionDetector.id, summary: "a stereo pair in opposite phase (cancels when played in mono)",
        parameters: [Knobs.threshold.spec, Knobs.minDuration.spec, Knobs.mergeGap.spec],
        factory: .audio { settings, context in
            PhaseInversionDetector(
                threshold: settings[Knobs.threshold],
                minDuration: settings[Knobs.minDuration], mergeGap: settings[Knobs.mergeGap])
        })
}

private enum Knobs {
    static let threshold = Parameter(
        "threshold", .ratio, default: -0.3, range: -1...1,
        help: "correlation (smoothed over 200 ms) at or below which the pair is inverted")
    static let minDuration = Parameter.minDuration(of: "phase-inversion")
    static let mergeGap = Parameter.mergeGap()
}
