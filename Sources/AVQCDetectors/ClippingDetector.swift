import AVQCModel

/// `clipping`: runs of at least `minRun` samples held at full scale on a
/// channel. Full scale is the extreme integer code for integer PCM
/// ((2^(b−1) − 1)/2^(b−1) and −1), and ±1.0 or beyond for float output
/// (lossy codecs, float PCM). Runs closer than `mergeGap` merge into one span.
public final class ClippingDetector: Detector {
    public struct Evidence: SpanEvidence {
        public var samples: Int
        /// Bit c set when channel c clipped.
        public var channels: UInt64
        public var names: [String]
        public static var empty: Evidence { Evidence(samples: 0, channels: 0, names: []) }
        public mutating func absorb(_ other: Evidence) {
            samples += other.samples
            channels |= other.channels
            if names.isEmpty { names = other.names }
        }
        public var details: [String: DetailValue] {
            let clipped = (0..<64).filter { channels & (1 << UInt64($0)) != 0 }
            let labels = clipped.map { names.indices.contains($0) ? names[$0] : "channel \($0)" }
            return ["clippedSamples": .integer(samples), "channels": .strings(labels)]
        }
    }

    public static let id = "clipping"

    private let streamIndex: Int
    private let minRun: Int
    private var tracker: SpanTracker<Evidence>
    private var runLength: [Int] = []
    private var runStart: [StreamPosition] = []
    private var names: [String] = []

    public init(streamIndex: Int, minRun: Int, mergeGap: Double) {
        self.streamIndex = streamIndex
        self.minRun = max(1, minRun)
        self.tracker = SpanTracker(minDuration: 0, mergeGap: mergeGap)
    }

    public func process(_ block: AudioBlock) {
        let channels = min(block.channelCount, 64)
        if runLength.count != channels {
            runLength = Array(repeating: 0, count: channels)
            runStart = Array(repeating: StreamPosition(time: 0), count: channels)
            names = block.format.channelNames
        }
        let high: Float
        if let bits = block.format.integerBits, bits > 1, bits <= 32 {
            let scale = Float(1 << (bits - 1))
            high = (scale - 1) / scale
        } else {
            high = 1
        }
        for c in 0..<channels {
            let samples = block.channel(c)
            var run = runLength[c]
            for i in 0..<block.frameCount {
                let x = samples[i]
                if x >= high || x <= -1 {
                    if run == 0 { runStart[c] = StreamPosition(time: block.time(ofSample: i)) }
                    run += 1
                } else if run > 0 {
                    if run >= minRun { emit(channel: c, count: run, end: block.time(ofSample: i)) }
                    run = 0
                }
            }
            runLength[c] = run
        }
    }

    private func emit(channel: Int, count: Int, end: Double) {
        let evidence = Evidence(samples: count, channels: 1 << UInt64(channel), names: names)
        tracker.add(TrackedSpan(start: runStart[channel], end: StreamPosition(time: end), evidence: evidence))
    }

    public func finish(at end: StreamEnd) -> DetectorResult {
        for c in runLength.indices where runLength[c] >= minRun {
            emit(channel: c, count: runLength[c], end: end.position.time)
        }
        runLength = runLength.map { _ in 0 }
        return DetectorResult(
            defects: tracker.finish(at: end.position).map { $0.defect(detector: Self.id, streamIndex: streamIndex) })
    }
}
