import AVQCModel

/// `silence`: spans in which every channel stays below a level. See Docs/detectors.md.
public final class SilenceDetector: SpanDetector, EnvelopeReader {
    /// Evidence kept per span: the loudest sample inside it.
    public struct Evidence: SpanEvidence {
        /// Largest absolute sample value (full scale = 1).
        public var peak: Float
        public static var empty: Evidence { Evidence(peak: 0) }
        public mutating func absorb(_ other: Evidence) { peak = max(peak, other.peak) }
        public var details: [String: DetailValue] {
            ["peakDBFS": .number(Decibels.from(amplitude: Double(peak)))]
        }
    }

    public static let id = "silence"

    /// Amplitude (full scale = 1) that every channel must stay strictly below.
    public let noise: Float
    public var tracker: SpanTracker<Evidence>
    /// Per-sample maximum over channels; grown once to the largest block seen.
    private var envelope: [Float] = []
    private var silent = false

    /// - Parameters:
    ///   - noiseDecibels: the level in dBFS (−60 dBFS = 0.001 of full scale).
    ///   - minDuration: shortest span reported, in seconds.
    public init(noiseDecibels: Double, minDuration: Double, mergeGap: Double = 0) {
        self.noise = Float(Decibels.amplitude(noiseDecibels))
        self.tracker = SpanTracker(minDuration: minDuration, mergeGap: mergeGap)
    }

    public func process(_ block: AudioBlock) {
        guard block.frameCount > 0, block.channelCount > 0 else { return }
        let count = block.frameCount
        block.withEnvelope(scratch: &envelope) { env in
            var runPeak: Float = 0
            for i in 0..<count {
                let value = env[i]
                let isSilent = value < noise
                if isSilent != silent {
                    if silent {
                        tracker.observe(
                            defective: true, at: StreamPosition(time: block.time(ofSample: i)),
                            evidence: Evidence(peak: runPeak))
                    }
                    tracker.observe(defective: isSilent, at: StreamPosition(time: block.time(ofSample: i)))
                    silent = isSilent
                    runPeak = 0
                }
                if isSilent { runPeak = max(runPeak, value) }
            }
            if silent {
                tracker.observe(
                    defective: true, at: StreamPosition(time: block.time(ofSample: count)),
                    evidence: Evidence(peak: runPeak))
            }
        }
    }

}

extension DetectorDescriptor {
    /// `silence`: see Docs/detectors.md.
    public static let silence = DetectorDescriptor(
        id: SilenceDetector.id, summary: "every channel of an audio stream below a level",
        parameters: [Knobs.noise.spec, Knobs.minDuration.spec, Knobs.mergeGap.spec],
        factory: .audio { settings, context in
            SilenceDetector(
                noiseDecibels: settings[Knobs.noise],
                minDuration: settings[Knobs.minDuration], mergeGap: settings[Knobs.mergeGap])
        })
}

private enum Knobs {
    static let noise = Parameter.noise("level in dBFS that every channel must stay below")
    static let minDuration = Parameter.minDuration(of: "silence")
    static let mergeGap = Parameter.mergeGap()
}
