import AVQCModel

/// `loudness`: a measurement for every audio stream (integrated loudness,
/// loudness range, maximum momentary and short-term loudness, true peak,
/// sample peak, and the gating used), and, when compliance is asked for, a
/// defect spanning a stream whose integrated loudness, true peak or
/// loudness range is out of spec, and spans where the short-term or
/// momentary loudness (followed every 10 ms) is above its limit. See
/// `LoudnessMeter` and Docs/detectors.md.
public final class LoudnessDetector: Detector {
    /// Evidence kept per span above a short-term or momentary limit.
    struct Excess: SpanEvidence {
        var measure = ""
        var limit = 0.0
        /// Highest loudness in the span, LUFS.
        var peak = -Double.infinity

        static var empty: Excess { Excess() }
        mutating func absorb(_ other: Excess) {
            if measure.isEmpty { (measure, limit) = (other.measure, other.limit) }
            peak = max(peak, other.peak)
        }
        var details: [String: DetailValue] {
            [
                "measure": .string(measure), "peakLUFS": .number(peak), "limitLUFS": .number(limit),
                "reason": .string(
                    "\(measure) loudness up to \(Rounding.text((peak * 10).rounded() / 10)) LUFS is above "
                        + "\(Rounding.text(limit)) LUFS"),
            ]
        }
    }

    /// What the integrated figure is gated by (BS.1770-4 programme gating;
    /// dialogue gating is not measured).
    public static let gating = "programme (BS.1770-4); dialogue gating not measured"

    public static let id = "loudness"

    /// What compliance checks, after `standard` and explicit settings are combined.
    public struct Compliance: Sendable, Equatable {
        public var standard: String?
        public var target: Double?
        public var tolerance: Double
        public var maxTruePeak: Double?
        /// Largest short-term and momentary loudness allowed, LUFS.
        public var maxShortTerm: Double?
        public var maxMomentary: Double?
        /// Largest loudness range allowed, LU.
        public var maxRange: Double?
        public var isActive: Bool {
            target != nil || maxTruePeak != nil || maxShortTerm != nil || maxMomentary != nil || maxRange != nil
        }
    }

    private let compliance: Compliance
    private let keepsSeries: Bool
    private var meter: LoudnessMeter?
    private var start: Double?
    private var shortTermExcess: SpanTracker<Excess>
    private var momentaryExcess: SpanTracker<Excess>
    private var momentarySeries = LoudnessSeries(interval: 0.01)
    private var shortTermSeries = LoudnessSeries(interval: 0.01)

    /// `series`: keep the momentary and short-term series (at most 600
    /// points each) as measurements.
    public init(compliance: Compliance, series: Bool = false, minDuration: Double = 0) {
        self.compliance = compliance
        self.keepsSeries = series
        self.shortTermExcess = SpanTracker(minDuration: minDuration)
        self.momentaryExcess = SpanTracker(minDuration: minDuration)
    }

    /// Combines `standard` (index into `LoudnessStandard.choices`) with explicit
    /// values (NaN = not set); explicit values win.
    public static func compliance(
        standard: Double, target: Double, tolerance: Double, maxTruePeak: Double, maxShortTerm: Double = .nan,
        maxMomentary: Double = .nan, maxRange: Double = .nan
    ) -> Compliance {
        let base = LoudnessStandard.named(index: standard)
        return Compliance(
            standard: base?.name, target: target.isNaN ? base?.target : target,
            tolerance: tolerance.isNaN ? (base?.tolerance ?? 1) : tolerance,
            maxTruePeak: maxTruePeak.isNaN ? base?.maxTruePeak : maxTruePeak,
            maxShortTerm: maxShortTerm.isNaN ? base?.maxShortTerm : maxShortTerm,
            maxMomentary: maxMomentary.isNaN ? base?.maxMomentary : maxMomentary,
            maxRange: maxRange.isNaN ? base?.maxRange : maxRange)
    }

    public func process(_ block: AudioBlock) {
        if meter == nil || meter?.sampleRate != block.sampleRate {
            // A new rate restarts the measurement (format-change reports the change).
            let fresh = LoudnessMeter(format: block.format)
            if keepsSeries || compliance.maxShortTerm != nil || compliance.maxMomentary != nil {
                fresh.onTick = { [unowned self] time, momentary, shortTerm in
                    self.tick(at: time, momentary: momentary, shortTerm: shortTerm)
                }
            }
            meter = fresh
        }
        if start == nil { start = block.time }
        meter?.process(block)
    }

    /// Follows the 10 ms readings: spans above the limits, and the series.
    private func tick(at time: Double, momentary: Double?, shortTerm: Double?) {
        if let momentary {
            follow(
                momentary, at: time, measure: "momentary", limit: compliance.maxMomentary, series: &momentarySeries,
                spans: &momentaryExcess)
        }
        if let shortTerm {
            follow(
                shortTerm, at: time, measure: "short-term", limit: compliance.maxShortTerm,
                series: &shortTermSeries, spans: &shortTermExcess)
        }
    }

    /// One reading of `measure` (LUFS): into its series, and against its limit.
    private func follow(
        _ value: Double, at time: Double, measure: String, limit: Double?, series: inout LoudnessSeries,
        spans: inout SpanTracker<Excess>
    ) {
        if keepsSeries { series.add(value, at: time) }
        guard let limit else { return }
        let above = value > limit + 1e-9
        spans.observe(
            defective: above, at: StreamPosition(time: time),
            evidence: above ? Excess(measure: measure, limit: limit, peak: value) : .empty)
    }

    public func finish(at end: StreamEnd) -> DetectorResult {
        guard let summary = meter?.summary else { return DetectorResult() }
        let excesses = (shortTermExcess.finish(at: end.position) + momentaryExcess.finish(at: end.position))
            .sorted { $0.start.time < $1.start.time }.map { $0.finding() }
        var values: [String: DetailValue] = [
            "gating": .string(Self.gating),
            "truePeakDBTP": .number(Decibels.from(amplitude: Double(summary.truePeak))),
            "samplePeakDBFS": .number(Decibels.from(amplitude: Double(summary.samplePeak))),
        ]
        if let value = summary.integrated { values["integratedLUFS"] = .number(value) }
        if let value = summary.range { values["loudnessRangeLU"] = .number(value) }
        if let value = summary.maxMomentary { values["maxMomentaryLUFS"] = .number(value) }
        if let value = summary.maxShortTerm { values["maxShortTermLUFS"] = .number(value) }
        var series = values
        if keepsSeries {
            for (name, kept) in [("momentary", momentarySeries), ("shortTerm", shortTermSeries)] {
                guard let first = kept.start, !kept.values.isEmpty else { continue }
                series[name + "Series"] = .numbers(kept.values)
                series[name + "SeriesStart"] = .number(first)
                series[name + "SeriesStep"] = .number(kept.step)
            }
        }
        let measurement = DetectorResult.Measured(values: series)
        guard compliance.isActive else { return DetectorResult(measurements: [measurement]) }

        var reasons: [String] = []
        var details = values
        if let standard = compliance.standard { details["standard"] = .string(standard) }
        if let target = compliance.target {
            details["targetLUFS"] = .number(target)
            details["toleranceLU"] = .number(compliance.tolerance)
            if let integrated = summary.integrated {
                if abs(integrated - target) > compliance.tolerance + 1e-9 {
                    reasons.append(
                        "integrated loudness \(Rounding.text((integrated * 10).rounded() / 10)) LUFS is outside "
                            + "\(Rounding.text(target)) ±\(Rounding.text(compliance.tolerance)) LU")
                }
            } else {
                reasons.append("no audio above the -70 LUFS gate to measure")
            }
        }
        if let limit = compliance.maxTruePeak {
            details["maxTruePeakDBTP"] = .number(limit)
            let peak = Decibels.from(amplitude: Double(summary.truePeak))
            if peak > limit + 1e-9 {
                reasons.append(
                    "true peak \(Rounding.text((peak * 10).rounded() / 10)) dBTP is above \(Rounding.text(limit)) dBTP")
            }
        }
        if let limit = compliance.maxRange {
            details["maxLoudnessRangeLU"] = .number(limit)
            if let range = summary.range, range > limit + 1e-9 {
                reasons.append(
                    "loudness range \(Rounding.text((range * 10).rounded() / 10)) LU is above "
                        + "\(Rounding.text(limit)) LU")
            }
        }
        if let limit = compliance.maxShortTerm { details["maxShortTermLimitLUFS"] = .number(limit) }
        if let limit = compliance.maxMomentary { details["maxMomentaryLimitLUFS"] = .number(limit) }
        guard !reasons.isEmpty else { return DetectorResult(findings: excesses, measurements: [measurement]) }
        details["reason"] = .string(reasons.joined(separator: "; "))
        let defect = Finding(start: start ?? 0, end: end.position.time, details: details)
        return DetectorResult(findings: [defect] + excesses, measurements: [measurement])
    }
}

extension DetectorDescriptor {
    /// `loudness`: see Docs/detectors.md.
    public static let loudness = DetectorDescriptor(
        id: LoudnessDetector.id,
        summary: "EBU R128 / BS.1770-4 loudness, range and true peak; compliance on request",
        parameters: [
            Knobs.standard.spec, Knobs.target.spec, Knobs.tolerance.spec, Knobs.maxTruePeak.spec,
            Knobs.maxShortTerm.spec, Knobs.maxMomentary.spec, Knobs.maxRange.spec, Knobs.minDuration.spec,
            Knobs.series.spec,
        ],
        factory: .audio { settings, context in
            LoudnessDetector(
                compliance: LoudnessDetector.compliance(
                    standard: Double(settings[Knobs.standard]), target: settings[Knobs.target] ?? .nan,
                    tolerance: settings[Knobs.tolerance] ?? .nan, maxTruePeak: settings[Knobs.maxTruePeak] ?? .nan,
                    maxShortTerm: settings[Knobs.maxShortTerm] ?? .nan,
                    maxMomentary: settings[Knobs.maxMomentary] ?? .nan, maxRange: settings[Knobs.maxRange] ?? .nan),
                series: settings[Knobs.series], minDuration: settings[Knobs.minDuration])
        })
}

private enum Knobs {
    static let standard = Parameter(
        choice: "standard", LoudnessStandard.choices,
        help: "check compliance: ebu-r128 (-23 LUFS ±1 LU, ≤ -1 dBTP), atsc-a85 (-24 LKFS ±2 LU, ≤ -2 dBTP) "
            + "or ebu-r128-s1 (short form: -23 LUFS ±0.5 LU, ≤ -1 dBTP, short-term ≤ -18 LUFS)")
    static let target = Parameter(
        optional: "target", .decibels, range: -70...0,
        help: "integrated loudness target in LUFS (overrides the standard's)")
    static let tolerance = Parameter(
        optional: "tolerance", .decibels, range: 0...30,
        help: "allowed deviation from the target in LU (default: the standard's, else 1)")
    static let maxTruePeak = Parameter(
        optional: "max-true-peak", .decibels, range: -60...6,
        help: "largest true peak allowed in dBTP (overrides the standard's)")
    static let maxShortTerm = Parameter(
        optional: "max-short-term", .decibels, range: -70...0,
        help: "largest short-term (3 s) loudness allowed in LUFS; spans above it are reported")
    static let maxMomentary = Parameter(
        optional: "max-momentary", .decibels, range: -70...0,
        help: "largest momentary (400 ms) loudness allowed in LUFS; spans above it are reported")
    static let maxRange = Parameter(
        optional: "max-range", .decibels, range: 0...50, help: "largest loudness range (LRA) allowed in LU")
    static let minDuration = Parameter.minDuration(of: "short-term or momentary excess", default: 0)
    static let series = Parameter(
        flag: "series",
        help: "add the momentary and short-term series (at most 600 points each, the largest per step) "
            + "to the measurement")
}
