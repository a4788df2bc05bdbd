/// Loudness delivery specifications `loudness.standard` names.
public struct LoudnessStandard: Sendable, Equatable {
    public var name: String
    /// Programme loudness target, LUFS (= LKFS).
    public var target: Double
    /// Allowed deviation from the target, LU.
    public var tolerance: Double
    /// Largest true peak allowed, dBTP.
    public var maxTruePeak: Double
    /// Largest short-term loudness allowed, LUFS (nil: no limit).
    public var maxShortTerm: Double? = nil
    /// Largest momentary loudness allowed, LUFS (nil: no limit).
    public var maxMomentary: Double? = nil
    /// Largest loudness range allowed, LU (nil: no limit).
    public var maxRange: Double? = nil

    /// EBU R128: −23 LUFS ±1 LU, true peak at most −1 dBTP.
    public static let ebuR128 = LoudnessStandard(name: "ebu-r128", target: -23, tolerance: 1, maxTruePeak: -1)
    /// ATSC A/85: −24 LKFS ±2 LU, true peak at most −2 dBTP.
    public static let atscA85 = LoudnessStandard(name: "atsc-a85", target: -24, tolerance: 2, maxTruePeak: -2)
    /// EBU R128 supplement 1 (short-form content: commercials, trailers):
    /// −23 LUFS ±0.5 LU, true peak at most −1 dBTP, short-term loudness at
    /// most −18 LUFS (s1 allows max momentary −15 LUFS instead; set
    /// `max-momentary` for that). s1 says LRA is not useful for short form.
    public static let ebuR128s1 = LoudnessStandard(
        name: "ebu-r128-s1", target: -23, tolerance: 0.5, maxTruePeak: -1, maxShortTerm: -18)

    /// The choices of `loudness.standard`, in order (the value is the index).
    public static let choices = ["none", ebuR128.name, atscA85.name, ebuR128s1.name]

    static func named(index: Double) -> LoudnessStandard? {
        switch Int(index.isFinite ? index : 0) {
        case 1: return .ebuR128
        case 2: return .atscA85
        case 3: return .ebuR128s1
        default: return nil
        }
    }
}
