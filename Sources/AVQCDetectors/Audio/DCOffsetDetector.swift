import AVQCModel

/// `dc-offset`: a constant bias in a channel. See Docs/detectors.md.
///
/// Each channel is summed in 10 ms sub-blocks; the mean over the last
/// `window` seconds (a sliding window of sub-blocks, 10 s by default) is the
/// channel's DC offset. A bias is found when it lasts at least
/// `window × threshold / offset` (2 s for 0.05 of full scale). A span opens when any channel's offset passes `threshold` (as a
/// fraction of full scale) and closes when none does. Its edges are placed
/// on the sub-block where the mean steps (the split of the last two windows
/// that best separates two means), so a bias that starts mid-stream is
/// placed within about 10 ms where the programme is quieter than the bias.
public final class DCOffsetDetector: Detector {
    /// Evidence kept per span.
    struct Evidence: SpanEvidence {
        var channel: String?
        /// Largest offset seen (signed, fraction of full scale).
        var offset = 0.0

        static var empty: Evidence { Evidence() }
        mutating func absorb(_ other: Evidence) {
            if channel == nil { channel = other.channel }
            if abs(other.offset) > abs(offset) { offset = other.offset }
        }
        var details: [String: DetailValue] {
            var details: [String: DetailValue] = [
                "offset": .number(offset), "offsetDBFS": .number(Decibels.from(amplitude: abs(offset))),
            ]
            if let channel { details["channel"] = .string(channel) }
            return details
        }
    }

    public static let id = "dc-offset"

    /// Offset (fraction of full scale, 0…1) above which a channel is biased.
    public let threshold: Double
    /// Seconds the mean is taken over.
    public let window: Double
    private var tracker: SpanTracker<Evidence>
    private var subBlockLength = 0
    private var sampleRate = 48_000.0
    private var windowBlocks = 0
    private var channels = 0
    private var names: [String] = []
    /// Running sums of the sub-block being filled, per channel.
    private var partial: [Double] = []
    private var partialCount = 0
    private var partialStart = 0.0
    /// The last 2 × windowBlocks sub-block sums (flat, channel-major per entry) and their start times.
    private var history: [Double] = []
    private var historyTimes: [Double] = []
    private var historyHead = 0
    private var historyCount = 0
    private var windowSums: [Double] = []
    private var open: TrackedSpan<Evidence>?
    /// The channel whose offset opened the current span.
    private var openChannel = 0
    private var largest: [Double] = []
    private var lastEnd = 0.0

    public init(threshold: Double = 0.01, window: Double = 10, mergeGap: Double = 0) {
        self.threshold = threshold
        self.window = window
        // Spans whose edges overlap (a mean that wavers at the threshold) always merge.
        self.tracker = SpanTracker(minDuration: 0, mergeGap: max(mergeGap, 1e-6))
    }

    public func process(_ block: AudioBlock) {
        if channels != block.channelCount || subBlockLength == 0 { configure(for: block) }
        guard channels > 0 else { return }
        var i = 0
        while i < block.frameCount {
            if partialCount == 0 { partialStart = block.time(ofSample: i) }
            let take = min(subBlockLength - partialCount, block.frameCount - i)
            for c in 0..<channels {
                let samples = block.channel(c)
                partial[c] += Double(SampleKernels.sum(UnsafeBufferPointer(rebasing: samples[i..<(i + take)])))
            }
            partialCount += take
            i += take
            if partialCount == subBlockLength { completeSubBlock() }
        }
        lastEnd = block.time(ofSample: block.frameCount)
    }

    private func configure(for block: AudioBlock) {
        channels = block.channelCount
        sampleRate = Double(max(1, block.sampleRate))
        subBlockLength = max(1, Int(saturating: (Double(block.sampleRate) * 0.01).rounded()))
        windowBlocks = max(1, Int(saturating: (window / 0.01).rounded()))
        names = (0..<channels).map {
            block.format.channelNames.indices.contains($0) ? block.format.channelNames[$0] : "channel \($0)"
        }
        partial = [Double](repeating: 0, count: channels)
        partialCount = 0
        history = [Double](repeating: 0, count: 2 * windowBlocks * channels)
        historyTimes = [Double](repeating: 0, count: 2 * windowBlocks)
        historyHead = 0
        historyCount = 0
        windowSums = [Double](repeating: 0, count: channels)
        largest = [Double](repeating: 0, count: channels)
    }

    /// Each channel's mean over the window's `samples` (kept as its largest
    /// yet), and the channel with the largest offset with its signed mean.
    private func windowMeans(over samples: Double) -> (channel: Int, mean: Double) {
        var worst = 0
        var worstMean = 0.0
        for c in 0..<channels {
            let mean = windowSums[c] / samples
            largest[c] = max(largest[c], abs(mean))
            if abs(mean) > abs(worstMean) {
                worst = c
                worstMean = mean
            }
        }
        return (worst, worstMean)
    }

    /// The entry `offset` places after the oldest kept.
    private func slot(_ offset: Int) -> Int { (historyHead + offset) % (2 * windowBlocks) }

    private func completeSubBlock() {
        let capacity = 2 * windowBlocks
        // Leaving the sliding window: the entry windowBlocks back.
        if historyCount >= windowBlocks {
            let leaving = slot(historyCount - windowBlocks)
            for c in 0..<channels { windowSums[c] -= history[leaving * channels + c] }
        }
        if historyCount == capacity {
            historyHead = (historyHead + 1) % capacity
            historyCount -= 1
        }
        let entry = slot(historyCount)
        for c in 0..<channels {
            history[entry * channels + c] = partial[c]
            windowSums[c] += partial[c]
            partial[c] = 0
        }
        historyTimes[entry] = partialStart
        historyCount += 1
        partialCount = 0
        guard historyCount >= windowBlocks else { return }
        let (worst, worstMean) = windowMeans(over: Double(windowBlocks * subBlockLength))
        let biased = abs(worstMean) > threshold
        let now = partialStart + Double(subBlockLength) / sampleRate
        if biased {
            var evidence = Evidence()
            evidence.channel = names[worst]
            evidence.offset = worstMean
            if var span = open {
                span.evidence.absorb(evidence)
                span.end = StreamPosition(time: now)
                open = span
            } else {
                let start = stepTime(channel: worst, rising: true, sign: worstMean < 0 ? -1 : 1)
                openChannel = worst
                open = TrackedSpan(
                    start: StreamPosition(time: start), end: StreamPosition(time: now), evidence: evidence)
            }
        } else if var span = open {
            span.end = StreamPosition(
                time: max(
                    span.start.time,
                    stepTime(channel: openChannel, rising: false, sign: span.evidence.offset < 0 ? -1 : 1)))
            if span.end.time > span.start.time { tracker.add(span) }
            open = nil
        }
    }

    /// Where the mean of `channel` steps towards the offset's `sign` (a
    /// start) or away from it (an end) within the kept sub-blocks: the split
    /// that best separates the sub-block means before and after it (weighted
    /// by the sizes), accepted when the step is at least half the threshold
    /// and 6 standard errors of the sub-block means within the two parts.
    /// Otherwise the oldest kept time (for a start) or the newest (for an end).
    private func stepTime(channel c: Int, rising: Bool, sign: Double) -> Double {
        let n = historyCount
        let fallback = rising ? historyTimes[slot(0)] : historyTimes[slot(max(0, n - 1))]
        guard n >= 3 else { return fallback }
        let length = Double(subBlockLength)
        var total = 0.0
        var squares = 0.0
        for k in 0..<n {
            let mean = history[slot(k) * channels + c] / length
            total += mean
            squares += mean * mean
        }
        var before = 0.0
        var best = -1.0
        var bestIndex = 0
        for k in 1..<n {
            before += history[slot(k - 1) * channels + c] / length
            // Towards the offset at a start, away from it at an end.
            let signed = ((total - before) / Double(n - k) - before / Double(k)) * sign * (rising ? 1 : -1)
            let score = signed * (Double(k) * Double(n - k)).squareRoot()
            if score > best {
                best = score
                bestIndex = k
            }
        }
        var sumBefore = 0.0
        for k in 0..<bestIndex { sumBefore += history[slot(k) * channels + c] / length }
        let k = Double(bestIndex)
        let meanBefore = sumBefore / k
        let meanAfter = (total - sumBefore) / (Double(n) - k)
        let step = abs(meanAfter - meanBefore)
        let within = max(
            0, (squares - k * meanBefore * meanBefore - (Double(n) - k) * meanAfter * meanAfter) / Double(n - 2))
        let standardError = (within * (1 / k + 1 / (Double(n) - k))).squareRoot()
        guard step >= threshold / 2, step >= 6 * standardError else { return fallback }
        return historyTimes[slot(bestIndex)]
    }

    public func finish(at end: StreamEnd) -> DetectorResult {
        if var span = open {
            // A bias that ended within the last window has not let the mean
            // fall yet: its end is the step down, if there is one.
            let step = stepTime(channel: openChannel, rising: false, sign: span.evidence.offset < 0 ? -1 : 1)
            let newest = historyCount > 0 ? historyTimes[slot(historyCount - 1)] : end.position.time
            span.end = step < newest - 1e-9 && step > span.start.time ? StreamPosition(time: step) : end.position
            tracker.add(span)
            open = nil
        }
        // A stream shorter than the window: its whole mean, from 1 s on.
        if historyCount < windowBlocks, historyCount >= 100 {
            let (worst, worstMean) = windowMeans(over: Double(historyCount * subBlockLength))
            if abs(worstMean) > threshold {
                var evidence = Evidence()
                evidence.channel = names[worst]
                evidence.offset = worstMean
                let sign: Double = worstMean < 0 ? -1 : 1
                let start = stepTime(channel: worst, rising: true, sign: sign)
                let stop = stepTime(channel: worst, rising: false, sign: sign)
                let newest = historyTimes[slot(historyCount - 1)]
                tracker.add(
                    TrackedSpan(
                        start: StreamPosition(time: start),
                        end: stop > start && stop < newest - 1e-9 ? StreamPosition(time: stop) : end.position,
                        evidence: evidence))
            }
        }
        var measured: [String: DetailValue] = [:]
        for c in 0..<channels { measured["maxOffset." + names[c]] = .number(largest[c]) }
        return DetectorResult(
            findings: tracker.finish(at: end.position).map { $0.finding() },
            measurements: channels > 0 ? [DetectorResult.Measured(values: measured)] : [])
    }
}

extension DetectorDescriptor {
    /// `dc-offset`: see Docs/detectors.md.
    public static let dcOffset = DetectorDescriptor(
        id: DCOffsetDetector.id, summary: "a constant bias in a channel: the mean over a window above a threshold",
        parameters: [Knobs.threshold.spec, Knobs.window.spec, Knobs.mergeGap.spec],
        factory: .audio { settings, _ in
            DCOffsetDetector(
                threshold: settings[Knobs.threshold], window: settings[Knobs.window],
                mergeGap: settings[Knobs.mergeGap])
        })
}

private enum Knobs {
    static let threshold = Parameter(
        "threshold", .ratio, default: 0.01, range: 0...1,
        help: "a channel's mean above this fraction of full scale is an offset")
    static let window = Parameter(
        "window", .seconds, default: 10, range: 0.05...60,
        help: "seconds the mean is taken over (music's own low notes move 1 s means by up to 5% of full scale)")
    static let mergeGap = Parameter.mergeGap()
}
