import AVQCModel

/// `clipping`: runs of at least `minRun` samples held at full scale on a
/// channel. Full scale is the extreme integer code for integer PCM
/// ((2^(b−1) − 1)/2^(b−1) and −1), and ±1.0 or beyond for float output
/// (lossy codecs, float PCM). Runs closer than `mergeGap` merge into one span.
///
/// A lossy codec does not keep a clipped waveform's plateau at exactly full
/// scale: it rings around it (an AAC-coded clipped sine decodes to samples
/// between 0.93 and 1.02, measured). So on float output a second sign
/// counts too: *flat tops*, 20 ms windows in which at least `flatShare`
/// (45%) of a channel's samples lie within 1 dB of full scale. A sine
/// reaching full scale spends 30% of its time there, music under 5%
/// (measured on the accuracy corpus), a sine clipped by 3.5 dB 60%.
public final class ClippingDetector: SpanDetector {
    public struct Evidence: SpanEvidence {
        public var samples: Int
        /// Bit c set when channel c clipped.
        public var channels: UInt64
        public var names: [String]
        /// 20 ms windows with flat tops (lossy or float audio).
        public var flatWindows = 0
        public static var empty: Evidence { Evidence(samples: 0, channels: 0, names: []) }
        public mutating func absorb(_ other: Evidence) {
            samples += other.samples
            channels |= other.channels
            flatWindows += other.flatWindows
            if names.isEmpty { names = other.names }
        }
        public var details: [String: DetailValue] {
            let clipped = (0..<64).filter { channels & (1 << UInt64($0)) != 0 }
            let labels = clipped.map { names.indices.contains($0) ? names[$0] : "channel \($0)" }
            var details: [String: DetailValue] = ["clippedSamples": .integer(samples), "channels": .strings(labels)]
            if flatWindows > 0 { details["flatTopWindows"] = .integer(flatWindows) }
            return details
        }
    }

    public static let id = "clipping"
    /// A sample this close to full scale (−1 dBFS) is on a flat top.
    public static let nearFullScale: Float = 0.891_251

    private let minRun: Int
    public var tracker: SpanTracker<Evidence>
    private var runLength: [Int] = []
    private var runStart: [StreamPosition] = []
    private var names: [String] = []
    /// Share of a window's samples near full scale that makes it a flat top (0…1).
    private let flatShare: Double
    /// Per channel: samples in the current 20 ms window, how many near full scale, and where it started.
    private var windowFill: [Int] = []
    private var windowNear: [Int] = []
    private var windowStart: [Double] = []

    public init(minRun: Int, mergeGap: Double, flatShare: Double = 0.45) {
        self.minRun = max(1, minRun)
        self.flatShare = flatShare
        self.tracker = SpanTracker(minDuration: 0, mergeGap: mergeGap)
    }

    public func process(_ block: AudioBlock) {
        let channels = min(block.channelCount, 64)
        if runLength.count != channels {
            runLength = Array(repeating: 0, count: channels)
            runStart = Array(repeating: StreamPosition(time: 0), count: channels)
            names = block.format.channelNames
            windowFill = Array(repeating: 0, count: channels)
            windowNear = Array(repeating: 0, count: channels)
            windowStart = Array(repeating: block.time, count: channels)
        }
        if block.format.integerBits == nil { flatTops(block, channels: channels) }
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

    /// Counts samples near full scale per 20 ms window and channel; a window
    /// with at least `flatShare` of them is a flat-top span.
    private func flatTops(_ block: AudioBlock, channels: Int) {
        let length = max(1, block.sampleRate / 50)
        let needed = Int((flatShare * Double(length)).rounded(.up))
        for c in 0..<channels {
            let samples = block.channel(c)
            var fill = windowFill[c]
            var near = windowNear[c]
            for i in 0..<block.frameCount {
                if fill == 0 { windowStart[c] = block.time(ofSample: i) }
                if abs(samples[i]) >= Self.nearFullScale { near += 1 }
                fill += 1
                if fill == length {
                    if near >= needed {
                        var evidence = Evidence(samples: 0, channels: 1 << UInt64(c), names: names)
                        evidence.flatWindows = 1
                        tracker.add(
                            TrackedSpan(
                                start: StreamPosition(time: windowStart[c]),
                                end: StreamPosition(time: block.time(ofSample: i + 1)), evidence: evidence))
                    }
                    fill = 0
                    near = 0
                }
            }
            windowFill[c] = fill
            windowNear[c] = near
        }
    }

    private func emit(channel: Int, count: Int, end: Double) {
        let evidence = Evidence(samples: count, channels: 1 << UInt64(channel), names: names)
        tracker.add(TrackedSpan(start: runStart[channel], end: StreamPosition(time: end), evidence: evidence))
    }

    public func close(at end: StreamEnd) {
        for c in runLength.indices where runLength[c] >= minRun {
            emit(channel: c, count: runLength[c], end: end.position.time)
        }
        runLength = runLength.map { _ in 0 }
    }
}

extension DetectorDescriptor {
    /// `clipping`: see Docs/detectors.md.
    public static let clipping = DetectorDescriptor(
        id: ClippingDetector.id, summary: "runs of samples held at full scale on any channel",
        parameters: [Knobs.minRun.spec, Knobs.flatShare.spec, Knobs.mergeGap.spec],
        factory: .audio { settings, context in
            ClippingDetector(
                minRun: settings[Knobs.minRun], mergeGap: settings[Knobs.mergeGap],
                flatShare: settings[Knobs.flatShare])
        })
}

private enum Knobs {
    static let minRun = Parameter(
        count: "min-run", default: 3, range: 1...1_000_000,
        help: "consecutive full-scale samples that count as clipping")
    static let flatShare = Parameter(
        "flat-share", .ratio, default: 0.45, range: 0...1,
        help: "lossy/float audio: share of a 20 ms window within 1 dB of full scale that makes a flat top")
    static let mergeGap = Parameter.mergeGap(default: 0.1)
}
