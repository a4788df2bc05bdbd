import Foundation

/// Conversions between amplitude ratios and decibels (20·log10).
public enum Decibels {
    /// The amplitude ratio for `decibels` (−60 dB → 0.001).
    public static func amplitude(_ decibels: Double) -> Double {
        pow(10, decibels / 20)
    }

    /// `ratio` in decibels, floored at `floor` so silence and identity stay finite.
    public static func from(amplitude ratio: Double, floor: Double = -200) -> Double {
        guard ratio > 0 else { return floor }
        return max(floor, 20 * log10(ratio))
    }
}
