import AVQCModel

/// `dual-mono`: two channels that carry the same signal. See Docs/detectors.md.
///
/// Each checked pair (the front pair, FL/FR or the first two channels; every
/// pair of full-range channels with `all-pairs`) is summed in 10 ms
/// sub-blocks: the energy of each channel and of their difference. A
/// sub-block is dual mono when the difference is `threshold` dB (−60) or
/// more below the louder channel. A sub-block where both channels are below
/// −70 dBFS RMS (digital silence, fades to nothing) is neither: it neither
/// opens nor closes a span, and a span that ends in it ends where the signal
/// did. Differing stretches up to 100 ms inside a span are bridged (lossy
/// codecs switch between joint and separate coding of identical channels
/// from frame to frame). Spans shorter than `min-duration` are dropped. Edges fall on
/// sub-block boundaries: within 10 ms of where the channels start or stop
/// being the same.
///
/// The stream's whole-file difference per pair is a measurement
/// (`differenceDB.FL-FR`), and a span that covers every sub-block with
/// signal says `throughout: yes`.
public final class DualMonoDetector: Detector {
    struct Evidence: SpanEvidence {
        var pair = ""
        /// Sums of squares of the difference and of each channel over the span.
        var difference = 0.0
        var first = 0.0
        var second = 0.0
        var throughout = false

        static var empty: Evidence { Evidence() }
        mutating func absorb(_ other: Evidence) {
            if pair.isEmpty { pair = other.pair }
            difference += other.difference
            first += other.first
            second += other.second
        }
        var details: [String: DetailValue] {
            var details: [String: DetailValue] = [
                "pair": .string(pair),
                "differenceDB": .number(DualMonoDetector.level(difference, over: max(first, second))),
            ]
            if throughout { details["throughout"] = .string("yes") }
            return details
        }
    }

    /// One checked pair of channels and its running state.
    private struct Pair {
        let first: Int
        let second: Int
        let name: String
        var tracker: SpanTracker<Evidence>
        /// The current sub-block's sums of squares: difference, first, second.
        var sums = SIMD4<Double>.zero
        /// Whole-stream sums.
        var total = SIMD4<Double>.zero
        /// End of the last dual-mono sub-block; a span that meets a silent stretch ends there.
        var lastDual: Double?
        /// Sub-blocks with signal that were not dual mono.
        var differing = 0
        /// True after a differing sub-block, until the next dual-mono one.
        var inDifference = false
    }

    public static let id = "dual-mono"

    /// Difference level (dB below the louder channel, ≤ 0) at or under which a pair is dual mono.
    public let threshold: Double
    private let allPairs: Bool
    private let minDuration: Double
    private let mergeGap: Double
    private var pairs: [Pair] = []
    private var configured = false
    private var subBlockLength = 480
    private var filled = 0
    private var subBlockStart = 0.0
    private var sampleRate = 48_000.0
    /// Seconds of differing sub-blocks a span bridges (a lossy codec that
    /// switches between joint and separate coding of identical channels).
    static let bridge = 0.1
    /// Mean square below which a channel is silent: −70 dBFS RMS.
    private static let presence = 1e-7

    public init(threshold: Double = -60, allPairs: Bool = false, minDuration: Double = 1, mergeGap: Double = 0) {
        self.threshold = threshold
        self.allPairs = allPairs
        self.minDuration = minDuration
        self.mergeGap = mergeGap
    }

    /// `energy` relative to `reference` in dB (10·log10), −200 for none.
    static func level(_ energy: Double, over reference: Double) -> Double {
        guard reference > 0 else { return 0 }
        return Decibels.from(amplitude: (energy / reference).squareRoot())
    }

    public func process(_ block: AudioBlock) {
        if !configured { configure(for: block.format, rate: block.sampleRate) }
        guard !pairs.isEmpty else { return }
        var i = 0
        while i < block.frameCount {
            if filled == 0 { subBlockStart = block.time(ofSample: i) }
            let n = min(block.frameCount - i, subBlockLength - filled)
            for p in pairs.indices {
                let (a, b) = (pairs[p].first, pairs[p].second)
                guard a < block.channelCount, b < block.channelCount else { continue }
                pairs[p].sums += Self.sums(block.channel(a), block.channel(b), from: i, count: n)
            }
            filled += n
            i += n
            if filled == subBlockLength { closeSubBlock() }
        }
    }

    /// Sums of squares of `x − y`, `x` and `y` over `count` samples from `start`.
    @inline(__always)
    private static func sums(
        _ x: UnsafeBufferPointer<Float>, _ y: UnsafeBufferPointer<Float>, from start: Int, count: Int
    ) -> SIMD4<Double> {
        var d = SIMD8<Float>.zero
        var xx = SIMD8<Float>.zero
        var yy = SIMD8<Float>.zero
        var k = start
        let end = start + count
        guard let xb = x.baseAddress, let yb = y.baseAddress else { return .zero }
        while k + 8 <= end {
            let a = UnsafeRawPointer(xb + k).loadUnaligned(as: SIMD8<Float>.self)
            let b = UnsafeRawPointer(yb + k).loadUnaligned(as: SIMD8<Float>.self)
            let diff = a - b
            d += diff * diff
            xx += a * a
            yy += b * b
            k += 8
        }
        var result = SIMD4(Double(d.sum()), Double(xx.sum()), Double(yy.sum()), 0)
        while k < end {
            let a = Double(xb[k])
            let b = Double(yb[k])
            result += SIMD4((a - b) * (a - b), a * a, b * b, 0)
            k += 1
        }
        return result
    }

    private func configure(for format: AudioFormat, rate: Int) {
        configured = true
        sampleRate = Double(max(1, rate))
        subBlockLength = max(1, Int(saturating: (sampleRate / 100).rounded()))
        let names = format.channelNames
        func name(_ c: Int) -> String { names.indices.contains(c) ? names[c] : "channel \(c)" }
        var chosen: [(Int, Int)] = []
        if allPairs {
            let full = (0..<format.channels).filter { !format.isLFE($0) }
            for (i, a) in full.enumerated() { for b in full[(i + 1)...] { chosen.append((a, b)) } }
        } else if format.channels >= 2 {
            if let left = names.firstIndex(of: "FL"), let right = names.firstIndex(of: "FR") {
                chosen = [(left, right)]
            } else {
                chosen = [(0, 1)]
            }
        }
        pairs = chosen.map {
            Pair(
                first: $0.0, second: $0.1, name: "\(name($0.0))-\(name($0.1))",
                tracker: SpanTracker(minDuration: minDuration, mergeGap: mergeGap, hysteresis: Self.bridge))
        }
    }

    private func closeSubBlock() {
        let n = Double(subBlockLength)
        let end = subBlockStart + n / sampleRate
        let limit = Decibels.amplitude(threshold) * Decibels.amplitude(threshold)
        for p in pairs.indices {
            let s = pairs[p].sums
            pairs[p].sums = .zero
            pairs[p].total += s
            let louder = max(s[1], s[2])
            guard louder / n >= Self.presence else { continue }  // silence: neither
            if s[0] <= limit * louder {
                var evidence = Evidence()
                evidence.pair = pairs[p].name
                (evidence.difference, evidence.first, evidence.second) = (s[0], s[1], s[2])
                pairs[p].tracker.observe(defective: true, at: StreamPosition(time: subBlockStart), evidence: evidence)
                pairs[p].lastDual = end
                pairs[p].inDifference = false
            } else {
                pairs[p].differing += 1
                // The first differing sub-block after a span (and any silence
                // after it) closes the span where its signal ended.
                let close = pairs[p].inDifference ? subBlockStart : (pairs[p].lastDual ?? subBlockStart)
                pairs[p].inDifference = true
                pairs[p].tracker.observe(defective: false, at: StreamPosition(time: close))
            }
        }
        filled = 0
    }

    public func finish(at end: StreamEnd) -> DetectorResult {
        if filled > 0 {
            subBlockLength = filled
            closeSubBlock()
        }
        var findings: [Finding] = []
        var values: [String: DetailValue] = [:]
        for p in pairs.indices {
            var pair = pairs[p]
            let close = pair.lastDual.map { min($0, end.position.time) } ?? end.position.time
            var spans = pair.tracker.finish(at: StreamPosition(time: close))
            if spans.count == 1, pair.differing == 0 { spans[0].evidence.throughout = true }
            findings += spans.map { $0.finding() }
            let t = pair.total
            if max(t[1], t[2]) > 0 {
                values["differenceDB." + pair.name] = .number(Self.level(t[0], over: max(t[1], t[2])))
            }
        }
        return DetectorResult(
            findings: findings.sorted { $0.start < $1.start },
            measurements: values.isEmpty ? [] : [DetectorResult.Measured(values: values)])
    }
}

extension DetectorDescriptor {
    /// `dual-mono`: see Docs/detectors.md.
    public static let dualMono = DetectorDescriptor(
        id: DualMonoDetector.id, summary: "two channels that carry the same signal (mono sent as stereo)",
        parameters: [Knobs.threshold.spec, Knobs.allPairs.spec, Knobs.minDuration.spec, Knobs.mergeGap.spec],
        // Off by default: mono programme sent as two channels is a defect only where the delivery spec says stereo.
        enabledByDefault: false,
        factory: .audio { settings, _ in
            DualMonoDetector(
                threshold: settings[Knobs.threshold], allPairs: settings[Knobs.allPairs],
                minDuration: settings[Knobs.minDuration], mergeGap: settings[Knobs.mergeGap])
        })
}

private enum Knobs {
    static let threshold = Parameter(
        "threshold", .decibels, default: -60, range: -200...0,
        help: "a pair whose difference is this many dB or more below the louder channel is dual mono")
    static let allPairs = Parameter(
        flag: "all-pairs", help: "check every pair of full-range channels, not only the front pair")
    static let minDuration = Parameter.minDuration(of: "dual-mono", default: 1)
    static let mergeGap = Parameter.mergeGap()
}
