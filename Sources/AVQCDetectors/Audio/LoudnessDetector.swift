import AVQCModel

/// `loudness`: a measurement for every audio stream (integrated loudness,
/// loudness range, maximum momentary and short-term loudness, true peak,
/// sample peak), and, when compliance is asked for, a defect spanning a
/// stream that is out of spec. See `LoudnessMeter` and Docs/detectors.md.
public final class LoudnessDetector: Detector {
    public static let id = "loudness"

    /// What compliance checks, after `standard` and explicit settings are combined.
    public struct Compliance: Sendable, Equatable {
        public var standard: String?
        public var target: Double?
        public var tolerance: Double
        public var maxTruePeak: Double?
        public var isActive: Bool { target != nil || maxTruePeak != nil }
    }

    private let compliance: Compliance
    private var meter: LoudnessMeter?
    private var start: Double?

    public init(compliance: Compliance) {
        self.compliance = compliance
    }

    /// Combines `standard` (index into `LoudnessStandard.choices`) with explicit
    /// values (NaN = not set); explicit values win.
    public static func compliance(standard: Double, target: Double, tolerance: Double, maxTruePeak: Double)
        -> Compliance
    {
        let base = LoudnessStandard.named(index: standard)
        return Compliance(
            standard: base?.name, target: target.isNaN ? base?.target : target,
            tolerance: tolerance.isNaN ? (base?.tolerance ?? 1) : tolerance,
            maxTruePeak: maxTruePeak.isNaN ? base?.maxTruePeak : maxTruePeak)
    }

    public func process(_ block: AudioBlock) {
        if meter == nil || meter?.sampleRate != block.sampleRate {
            // A new rate restarts the measurement (format-change reports the change).
            meter = LoudnessMeter(format: block.format)
        }
        if start == nil { start = block.time }
        meter?.process(block)
    }

    public func finish(at end: StreamEnd) -> DetectorResult {
        guard let summary = meter?.summary else { return DetectorResult() }
        var values: [String: DetailValue] = [
            "truePeakDBTP": .number(Decibels.from(amplitude: Double(summary.truePeak))),
            "samplePeakDBFS": .number(Decibels.from(amplitude: Double(summary.samplePeak))),
        ]
        if let value = summary.integrated { values["integratedLUFS"] = .number(value) }
        if let value = summary.range { values["loudnessRangeLU"] = .number(value) }
        if let value = summary.maxMomentary { values["maxMomentaryLUFS"] = .number(value) }
        if let value = summary.maxShortTerm { values["maxShortTermLUFS"] = .number(value) }
        let measurement = DetectorResult.Measured(values: values)
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
        guard !reasons.isEmpty else { return DetectorResult(measurements: [measurement]) }
        details["reason"] = .string(reasons.joined(separator: "; "))
        let defect = Finding(start: start ?? 0, end: end.position.time, details: details)
        return DetectorResult(findings: [defect], measurements: [measurement])
    }
}

extension DetectorDescriptor {
    /// `loudness`: see Docs/detectors.md.
    public static let loudness = DetectorDescriptor(
        id: LoudnessDetector.id,
        summary: "EBU R128 / BS.1770-4 loudness, range and true peak; compliance on request",
        parameters: [Knobs.standard.spec, Knobs.target.spec, Knobs.tolerance.spec, Knobs.maxTruePeak.spec],
        factory: .audio { settings, context in
            LoudnessDetector(

                compliance: LoudnessDetector.compliance(
                    standard: Double(settings[Knobs.standard]), target: settings[Knobs.target] ?? .nan,
                    tolerance: settings[Knobs.tolerance] ?? .nan, maxTruePeak: settings[Knobs.maxTruePeak] ?? .nan))
        })
}

private enum Knobs {
    static let standard = Parameter(
        choice: "standard", LoudnessStandard.choices,
        help: "check compliance: ebu-r128 (-23 LUFS ±1 LU, ≤ -1 dBTP) or atsc-a85 (-24 LKFS ±2 LU, ≤ -2 dBTP)")
    static let target = Parameter(
        optional: "target", .decibels, range: -70...0,
        help: "integrated loudness target in LUFS (overrides the standard's)")
    static let tolerance = Parameter(
        optional: "tolerance", .decibels, range: 0...30,
        help: "allowed deviation from the target in LU (default: the standard's, else 1)")
    static let maxTruePeak = Parameter(
        optional: "max-true-peak", .decibels, range: -60...6,
        help: "largest true peak allowed in dBTP (overrides the standard's)")
}
