/// The unit a detector parameter is given in.
public enum ParameterUnit: String, Sendable {
    /// Seconds; accepts `2`, `2.5s`, `500ms`.
    case seconds
    /// Decibels (dB or dBFS); accepts `-60`, `-60dB`, `-60dBFS`.
    case decibels
    /// A fraction 0…1; accepts `0.98` or `98%`.
    case ratio

    /// How `avqc detectors` shows a value in this unit.
    public func format(_ value: Double) -> String {
        let number = value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(value)
        switch self {
        case .seconds: return number + " s"
        case .decibels: return number + " dB"
        case .ratio: return number
        }
    }
}
