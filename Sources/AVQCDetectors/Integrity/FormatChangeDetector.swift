import AVQCModel

/// `format-change`: stretches of a stream whose picture size and pixel format
/// (video) or sample rate and channel layout (audio) differ from the
/// stream's first frame. Each new format starts a new span at its first
/// frame. See Docs/detectors.md.
public final class FormatChangeDetector<Unit: DecodedUnit>: SpanDetector {
    public struct Evidence: SpanEvidence {
        public var from: String
        public var to: String
        public static var empty: Evidence { Evidence(from: "", to: "") }
        public mutating func absorb(_ other: Evidence) {
            if from.isEmpty { self = other }
        }
        public var details: [String: DetailValue] { ["from": .string(from), "to": .string(to)] }
    }

    public static var id: String { "format-change" }

    public var tracker: SpanTracker<Evidence>
    private var initial: Unit.Format?
    private var previous: Unit.Format?

    public init(minDuration: Double, mergeGap: Double) {
        self.tracker = SpanTracker(minDuration: minDuration, mergeGap: mergeGap)
    }

    public func process(_ unit: Unit) {
        let format = unit.unitFormat
        guard let initial else {
            initial = format
            previous = format
            return
        }
        guard format != previous else { return }
        // A new format: close whatever span was open, and open one unless
        // the stream is back to its first format.
        tracker.observe(defective: false, at: unit.position)
        if format != initial {
            tracker.observe(
                defective: true, at: unit.position,
                evidence: Evidence(from: (previous ?? initial).description, to: format.description))
        }
        previous = format
    }

}

extension DetectorDescriptor {
    /// `format-change`: see Docs/detectors.md.
    public static let formatChange = DetectorDescriptor(
        id: "format-change", summary: "resolution, pixel format, rate or layout changing mid-stream",
        parameters: [Knobs.minDuration.spec, Knobs.mergeGap.spec],
        factory: .bothKinds(FormatChangeDetector<VideoFrame>.self, FormatChangeDetector<AudioBlock>.self))
}

private enum Knobs {
    static let minDuration = Parameter.minDuration(of: "format-change", default: 0)
    static let mergeGap = Parameter.mergeGap()
}

extension FormatChangeDetector: ConfiguredDetector {
    public convenience init(settings: DetectorSettings, context: DetectorContext) {
        self.init(
            minDuration: settings[Knobs.minDuration],
            mergeGap: settings[Knobs.mergeGap])
    }
}
