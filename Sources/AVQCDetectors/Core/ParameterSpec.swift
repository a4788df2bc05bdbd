/// One tunable parameter of a detector.
public struct ParameterSpec: Sendable {
    /// Name after the dot in `--set DETECTOR.NAME=VALUE`.
    public let name: String
    public let unit: ParameterUnit
    public let defaultValue: Double
    /// Allowed values, inclusive, in `unit`.
    public let range: ClosedRange<Double>
    /// One line for `avqc detectors`.
    public let help: String
    /// The names a `.choice` parameter accepts (its value is the index).
    public let choices: [String]
    /// When true, `none` is accepted and stored as NaN ("not set").
    public let allowsNone: Bool

    public init(
        name: String, unit: ParameterUnit, defaultValue: Double, range: ClosedRange<Double>, help: String,
        choices: [String] = [], allowsNone: Bool = false
    ) {
        self.name = name
        self.unit = unit
        self.defaultValue = defaultValue
        self.range = unit == .choice ? 0...Double(max(0, choices.count - 1)) : range
        self.help = help
        self.choices = choices
        self.allowsNone = allowsNone
    }

    /// Why a value was refused.
    public enum ValueError: Error, Equatable {
        case notANumber(String)
        case outOfRange(Double)
    }

    /// Parses `text` in this parameter's unit and checks the range.
    public func parse(_ text: String) throws(ValueError) -> Double {
        let trimmed = text.trimmingCharactersInWhitespace()
        let lower = trimmed.lowercased()
        if allowsNone, lower == "none" || lower == "off" { return .nan }
        var number = lower
        var divisor = 1.0
        switch unit {
        case .choice:
            guard let index = choices.firstIndex(of: lower) else { throw .notANumber(text) }
            return Double(index)
        case .boolean:
            if ["yes", "true", "on", "1"].contains(lower) { return 1 }
            if ["no", "false", "off", "0"].contains(lower) { return 0 }
            throw .notANumber(text)
        case .count:
            break
        case .seconds:
            if lower.hasSuffix("ms") {
                number = String(lower.dropLast(2))
                divisor = 1000
            } else if lower.hasSuffix("s") {
                number = String(lower.dropLast())
            }
        case .decibels:
            for suffix in ["dbfs", "dbtp", "db", "lufs", "lkfs", "lu"] where lower.hasSuffix(suffix) {
                number = String(lower.dropLast(suffix.count))
                break
            }
        case .hertz:
            if lower.hasSuffix("khz") {
                number = String(lower.dropLast(3))
                divisor = 0.001
            } else if lower.hasSuffix("hz") {
                number = String(lower.dropLast(2))
            }
        case .luminance:
            for suffix in ["cd/m²", "cd/m2", "nits", "nit"] where lower.hasSuffix(suffix) {
                number = String(lower.dropLast(suffix.count))
                break
            }
        case .ratio:
            if lower.hasSuffix("%") {
                number = String(lower.dropLast())
                divisor = 100
            }
        }
        guard let parsed = Double(number.trimmingCharactersInWhitespace()), parsed.isFinite else {
            throw .notANumber(text)
        }
        let value = parsed / divisor
        guard range.contains(value) else { throw .outOfRange(value) }
        return value
    }

    /// `value` as `avqc detectors` shows it, e.g. `2 s`, `-60 dB`, `ebu-r128`, `none`.
    public func format(_ value: Double) -> String {
        if value.isNaN { return "none" }
        let number = value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(value)
        switch unit {
        case .seconds: return number + " s"
        case .decibels: return number + " dB"
        case .luminance: return number + " cd/m²"
        case .hertz: return number + " Hz"
        case .ratio, .count: return number
        case .boolean: return value != 0 ? "yes" : "no"
        case .choice:
            let index = Int(value)
            return choices.indices.contains(index) ? choices[index] : number
        }
    }

    /// What the parameter accepts, e.g. `0 s to 86400 s`, `one of none, ebu-r128`.
    public var rangeDescription: String {
        let base: String
        switch unit {
        case .choice: base = "one of " + choices.joined(separator: ", ")
        case .boolean: base = "yes or no"
        default: base = format(range.lowerBound) + " to " + format(range.upperBound)
        }
        return allowsNone && unit != .choice ? base + ", or none" : base
    }
}
