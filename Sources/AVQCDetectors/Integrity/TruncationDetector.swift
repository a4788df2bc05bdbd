import AVQCModel

/// `truncation`: the stream ends before its container says it should, or
/// reading stopped on an error or a packet cut short. The span runs from the
/// end of the last decoded frame or sample to the declared end (or is empty,
/// at the point reading stopped, when nothing is declared). See Docs/detectors.md.
public final class TruncationDetector<Unit: DecodedUnit>: Detector {
    public static var id: String { "truncation" }

    /// Shortfall, in seconds, below which a stream still counts as complete.
    public let tolerance: Double
    /// Shortfall, in seconds, allowed against a duration that only the
    /// container declares: the longest stream sets it, and the others may
    /// end up to this much earlier.
    public let containerTolerance: Double
    private var longestUnit = 0.0

    public init(tolerance: Double, containerTolerance: Double = 0.5) {
        self.tolerance = tolerance
        self.containerTolerance = containerTolerance
    }

    public func process(_ unit: Unit) {
        longestUnit = max(longestUnit, unit.length)
    }

    public func finish(at end: StreamEnd) -> DetectorResult {
        let analyzedEnd = end.position.time
        // A stream may legitimately stop up to one frame or packet short.
        let allowed = max(tolerance, longestUnit, end.declaredByContainer ? containerTolerance : 0)
        var details: [String: DetailValue] = ["analyzedEnd": .number(analyzedEnd)]
        var reasons: [String] = []
        var spanEnd = analyzedEnd
        if let declared = end.declaredEnd {
            details["declaredEnd"] = .number(declared)
            if declared - analyzedEnd > allowed {
                reasons.append(
                    "ends \(Rounding.text(declared - analyzedEnd)) s before the duration its container declares")
                spanEnd = declared
            }
        }
        if let problem = end.readProblem {
            reasons.append(problem)
            if let declared = end.declaredEnd { spanEnd = max(spanEnd, declared) }
        }
        guard !reasons.isEmpty else { return DetectorResult() }
        details["reason"] = .string(reasons.joined(separator: "; "))
        let defect = Finding(
            start: analyzedEnd, end: spanEnd, startFrame: end.position.frame, endFrame: end.position.frame,
            details: details)
        return DetectorResult(findings: [defect])
    }
}

extension DetectorDescriptor {
    /// `truncation`: see Docs/detectors.md.
    public static let truncation = DetectorDescriptor(
        id: "truncation", summary: "a stream that ends before its container says, or mid-packet",
        parameters: [Knobs.tolerance.spec, Knobs.containerTolerance.spec],
        factory: .bothKinds(TruncationDetector<VideoFrame>.self, TruncationDetector<AudioBlock>.self))
}

private enum Knobs {
    static let tolerance = Parameter(
        "tolerance", .seconds, default: 0.25, range: 0...maxParameterSeconds,
        help: "shortfall against the stream's declared end still taken as complete")
    static let containerTolerance = Parameter(
        "container-tolerance", .seconds, default: 0.5, range: 0...maxParameterSeconds,
        help: "shortfall allowed when only the container declares a duration (streams end apart)")
}

extension TruncationDetector: ConfiguredDetector {
    public convenience init(settings: DetectorSettings, context: DetectorContext) {
        self.init(
            tolerance: settings[Knobs.tolerance],
            containerTolerance: settings[Knobs.containerTolerance])
    }
}
