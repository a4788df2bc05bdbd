/// Loudness delivery specifications `loudness.standard` names.
public struct LoudnessStandard: Sendable, Equatable {
    public var name: String
    /// Programme loudness target, LUFS (= LKFS).
    public var target: Double
    /// Allowed deviation from the target, LU.
    public var tolerance: Double
    /// Largest true peak allowed, dBTP.
    public var maxTruePeak: Double

    /// EBU R128: −23 LUFS ±1 LU, true peak at most −1 dBTP.
    public static let ebuR128 = LoudnessStandard(name: "ebu-r128", target: -23, tolerance: 1, maxTruePeak: -1)
    /// ATSC A/85: −24 LKFS ±2 LU, true peak at most −2 dBTP.
    public static let atscA85 = LoudnessStandard(name: "atsc-a85", target: -24, tolerance: 2, maxTruePeak: -2)

    /// The choices of `loudness.standard`, in order (the value is the index).
    public static let choices = ["none", ebuR128.name, atscA85.name]

    static func named(index: Double) -> LoudnessStandard? {
        switch Int(index.isFinite ? index : 0) {
        case 1: return .ebuR128
        case 2: return .atscA85
        default: return nil
        }
    }
}
