/// Parameter values for one detector, by parameter name, in the parameter's
/// canonical unit (seconds, dB, ratio 0…1).
public struct DetectorSettings: Sendable, Equatable {
    public var values: [String: Double]

    public init(values: [String: Double]) {
        self.values = values
    }

    /// The value of `name`. Every parameter a detector declares is present
    /// (defaults fill the gaps), so a missing name is a programming error
    /// and reads as 0.
    public subscript(_ name: String) -> Double {
        get { values[name] ?? 0 }
        set { values[name] = newValue }
    }
}
