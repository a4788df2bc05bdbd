/// The Y′CbCr ↔ R′G′B′ matrix a picture was coded with (its luma weights).
public enum ColorMatrix: String, Sendable, Codable {
    /// ITU-R BT.601 (SD): Kr 0.299, Kb 0.114.
    case bt601
    /// ITU-R BT.709 (HD): Kr 0.2126, Kb 0.0722.
    case bt709
    /// ITU-R BT.2020 non-constant luminance (UHD): Kr 0.2627, Kb 0.0593.
    case bt2020

    /// The red and blue luma weights (Kr, Kb); green is 1 − Kr − Kb.
    public var weights: (red: Double, blue: Double) {
        switch self {
        case .bt601: (0.299, 0.114)
        case .bt709: (0.2126, 0.0722)
        case .bt2020: (0.2627, 0.0593)
        }
    }

    /// The matrix an untagged picture of this height most likely uses, as
    /// players assume: BT.709 from 720 rows up, BT.601 below.
    public static func assumed(forHeight height: Int) -> ColorMatrix { height >= 720 ? .bt709 : .bt601 }
}
