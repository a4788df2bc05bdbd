/// Rounding used wherever times and figures leave the program, so reports
/// carry `2.04` rather than `2.0400000000000005`.
public enum Rounding {
    /// `value` rounded to the nearest millionth.
    public static func micro(_ value: Double) -> Double {
        guard value.isFinite else { return value }
        return (value * 1_000_000).rounded() / 1_000_000
    }

    /// `value` as the shortest text that round-trips after rounding to a millionth.
    public static func text(_ value: Double) -> String {
        guard value.isFinite else { return value > 0 ? "inf" : (value < 0 ? "-inf" : "nan") }
        let rounded = micro(value)
        if rounded == rounded.rounded(), abs(rounded) < 1e15 {
            return String(Int64(rounded))
        }
        return String(rounded)
    }
}
