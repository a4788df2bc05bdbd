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

    public init(name: String, unit: ParameterUnit, defaultValue: Double, range: ClosedRange<Double>, help: String) {
        self.name = name
        self.unit = unit
        self.defaultValue = defaultValue
        self.range = range
        self.help = help
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
        var number = lower
        var divisor = 1.0
        switch unit {
        case .seconds:
            if lower.hasSuffix("ms") {
                number = String(lower.dropLast(2))
                divisor = 1000
            } else if lower.hasSuffix("s") {
                number = String(lower.dropLast())
            }
        case .decibels:
            for suffix in ["dbfs", "db"] where lower.hasSuffix(suffix) {
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

    /// `range` as text, e.g. `0 s to 86400 s`.
    public var rangeDescription: String {
        unit.format(range.lowerBound) + " to " + unit.format(range.upperBound)
    }
}
