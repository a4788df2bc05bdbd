/// Parameter values for one detector, by parameter name, in the parameter's
/// canonical unit (seconds, dB, ratio 0…1).
public struct DetectorSettings: Sendable, Equatable {
    public var values: [String: Double]

    public init(values: [String: Double]) {
        self.values = values
    }

    /// The value of `parameter`: as set, else its default. Parameters are
    /// read only through their declared constants, never by name.
    public subscript<Value>(_ parameter: Parameter<Value>) -> Value {
        parameter.value(from: values[parameter.spec.name] ?? parameter.spec.defaultValue)
    }

    /// Sets a declared parameter (from `--set`, after `spec.parse`).
    public mutating func set(_ spec: ParameterSpec, to value: Double) {
        values[spec.name] = value
    }
}
