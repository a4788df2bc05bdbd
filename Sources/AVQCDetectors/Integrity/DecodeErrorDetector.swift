import AVQCModel

/// `decode-error`: spans of frames (or audio blocks) that came with signs of
/// damage: decoder error returns, corrupt-frame flags, packets the demuxer
/// flagged corrupt, and the decoder's error log lines. A span runs from the
/// first damaged frame to the first clean one. See Docs/detectors.md.
public final class DecodeErrorDetector<Unit: DecodedUnit>: SpanDetector {
    public struct Evidence: SpanEvidence {
        public var damage: FrameDamage
        public static var empty: Evidence { Evidence(damage: .none) }
        public mutating func absorb(_ other: Evidence) { damage.absorb(other.damage) }
        public var details: [String: DetailValue] {
            ["errors": .integer(damage.count), "messages": .strings(damage.messages)]
        }
    }

    public static var id: String { "decode-error" }

    public var tracker: SpanTracker<Evidence>

    public init(minDuration: Double, mergeGap: Double) {
        self.tracker = SpanTracker(minDuration: minDuration, mergeGap: mergeGap)
    }

    public func process(_ unit: Unit) {
        let damage = unit.damage
        if damage.isEmpty {
            tracker.observe(defective: false, at: unit.position)
        } else {
            tracker.observe(defective: true, at: unit.position, evidence: Evidence(damage: damage))
        }
    }

    public func close(at end: StreamEnd) {
        if !end.trailingDamage.isEmpty {
            // Damage after the last frame (e.g. while draining): a span at the end.
            tracker.observe(defective: true, at: end.position, evidence: Evidence(damage: end.trailingDamage))
        }
    }
}

extension DetectorDescriptor {
    /// `decode-error`: see Docs/detectors.md.
    public static let decodeError = DetectorDescriptor(
        id: "decode-error", summary: "frames the decoder reported damage for (errors, corrupt flags)",
        parameters: [Knobs.minDuration.spec, Knobs.mergeGap.spec],
        factory: .bothKinds(DecodeErrorDetector<VideoFrame>.self, DecodeErrorDetector<AudioBlock>.self))
}

private enum Knobs {
    static let minDuration = Parameter.minDuration(of: "decode-error", default: 0)
    static let mergeGap = Parameter.mergeGap(default: 1.0)
}

extension DecodeErrorDetector: ConfiguredDetector {
    public convenience init(settings: DetectorSettings, context: DetectorContext) {
        self.init(
            minDuration: settings[Knobs.minDuration],
            mergeGap: settings[Knobs.mergeGap])
    }
}
