import AVQCModel

/// A detector parameter as a typed constant: declared once, in the
/// detector's own file, and read only through this constant
/// (`settings[Knobs.minDuration]`), so a parameter that is not declared
/// cannot be read at all. `spec` is what the command line, `avqc detectors`
/// and the docs see.
public struct Parameter<Value: Sendable>: Sendable {
    public let spec: ParameterSpec
    private let decode: @Sendable (Double) -> Value

    init(spec: ParameterSpec, decode: @escaping @Sendable (Double) -> Value) {
        self.spec = spec
        self.decode = decode
    }

    /// The parameter's value from its stored form (NaN = "none").
    func value(from stored: Double) -> Value { decode(stored) }
}

/// Longest duration parameter accepted, in seconds (one day).
let maxParameterSeconds = 86_400.0

extension Parameter where Value == Double {
    /// A number in seconds, dB or a ratio.
    init(_ name: String, _ unit: ParameterUnit, default value: Double, range: ClosedRange<Double>, help: String) {
        self.init(
            spec: ParameterSpec(name: name, unit: unit, defaultValue: value, range: range, help: help),
            decode: { $0 })
    }

    /// `min-duration`: the shortest span of `what` reported, in seconds.
    static func minDuration(of what: String, default value: Double = 2.0) -> Parameter<Double> {
        Parameter(
            "min-duration", .seconds, default: value, range: 0...maxParameterSeconds,
            help: "shortest \(what) span reported")
    }

    /// `merge-gap`: spans closer than this many seconds merge.
    static func mergeGap(default value: Double = 0) -> Parameter<Double> {
        Parameter(
            "merge-gap", .seconds, default: value, range: 0...maxParameterSeconds,
            help: "spans closer than this merge into one (0: never)")
    }

    /// `noise`: a level in dB, −60 by default.
    static func noise(_ help: String) -> Parameter<Double> {
        Parameter("noise", .decibels, default: -60, range: -200...0, help: help)
    }
}

extension Parameter where Value == Double? {
    /// A number that may be `none` (stored as NaN, read as nil).
    init(
        optional name: String, _ unit: ParameterUnit, default value: Double = .nan, range: ClosedRange<Double>,
        help: String
    ) {
        self.init(
            spec: ParameterSpec(
                name: name, unit: unit, defaultValue: value, range: range, help: help, allowsNone: true),
            decode: { $0.isNaN ? nil : $0 })
    }
}

extension Parameter where Value == Bool {
    /// `yes` or `no`.
    init(flag name: String, default value: Bool = false, help: String) {
        self.init(
            spec: ParameterSpec(name: name, unit: .boolean, defaultValue: value ? 1 : 0, range: 0...1, help: help),
            decode: { $0 != 0 })
    }
}

extension Parameter where Value == Int {
    /// A whole number.
    init(count name: String, default value: Int, range: ClosedRange<Int>, help: String) {
        self.init(
            spec: ParameterSpec(
                name: name, unit: .count, defaultValue: Double(value),
                range: Double(range.lowerBound)...Double(range.upperBound), help: help),
            decode: { Int(saturating: $0.rounded()) })
    }

    /// One of `choices`, read as its index.
    init(choice name: String, _ choices: [String], help: String) {
        self.init(
            spec: ParameterSpec(name: name, unit: .choice, defaultValue: 0, range: 0...0, help: help, choices: choices),
            decode: { Int(saturating: $0) })
    }
}
