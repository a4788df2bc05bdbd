/// A value in a defect's `details` or a measurement's `values`: encoded in
/// JSON as a plain number, string or array of strings.
public enum DetailValue: Sendable, Equatable, Codable, CustomStringConvertible {
    case integer(Int)
    case number(Double)
    case string(String)
    case strings([String])
    /// A series of numbers (e.g. loudness every step), in order.
    case numbers([Double])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([Double].self) {
            self = .numbers(value)
        } else {
            self = .strings(try container.decode([String].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value.isFinite ? value : 0)
        case .string(let value): try container.encode(value)
        case .strings(let value): try container.encode(value)
        case .numbers(let value): try container.encode(value.map { $0.isFinite ? $0 : 0 })
        }
    }

    /// The value with numbers rounded to the millionth (for reports).
    public var rounded: DetailValue {
        switch self {
        case .number(let value): return .number(Rounding.micro(value))
        case .numbers(let values): return .numbers(values.map { ($0 * 1000).rounded() / 1000 })
        default: return self
        }
    }

    /// A compact, human-readable rendering (numbers to at most 6 decimals).
    public var description: String {
        switch self {
        case .integer(let value): return String(value)
        case .number(let value): return Rounding.text(value)
        case .string(let value): return value
        case .strings(let value): return value.joined(separator: "; ")
        case .numbers(let value):
            // A series is data for graphs, not for reading: its size and range.
            guard let low = value.min(), let high = value.max() else { return "0 values" }
            return "\(value.count) values, \(Rounding.text(low)) to \(Rounding.text(high))"
        }
    }
}
