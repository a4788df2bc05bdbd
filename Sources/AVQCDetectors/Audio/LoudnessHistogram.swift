import AVQCModel
import Foundation

/// Loudness values binned at 0.01 LU from −70 to +10 LUFS, with the energy of
/// each bin: enough for gated means and percentiles in flat memory, however
/// long the programme.
struct LoudnessHistogram {
    static let lowest = -70.0
    static let binsPerLU = 100.0
    static let count = 8_000
    private var counts = [Int](repeating: 0, count: count)
    private var energies = [Double](repeating: 0, count: count)
    private(set) var total = 0
    private(set) var totalEnergy = 0.0

    static func loudness(_ energy: Double) -> Double { -0.691 + 10 * log10(energy) }
    static func energy(_ loudness: Double) -> Double { pow(10, (loudness + 0.691) / 10) }

    private static func bin(_ loudness: Double) -> Int {
        min(count - 1, max(0, Int(saturating: (loudness - lowest) * binsPerLU)))
    }

    /// Adds a block whose mean-square energy is `energy`, if it passes the −70 LUFS absolute gate.
    mutating func add(energy: Double) {
        guard energy > 0, energy.isFinite else { return }
        let loudness = Self.loudness(energy)
        guard loudness > Self.lowest else { return }
        let index = Self.bin(loudness)
        counts[index] += 1
        energies[index] += energy
        total += 1
        totalEnergy += energy
    }

    /// The first bin at or above `loudness`.
    private func firstBin(atOrAbove loudness: Double) -> Int {
        Int(saturating: ((loudness - Self.lowest) * Self.binsPerLU).rounded(.up)).clamped(0, Self.count)
    }

    /// The relative gate: the loudness of all absolutely gated blocks, minus `offset` LU.
    func relativeGate(_ offset: Double) -> Double? {
        guard total > 0 else { return nil }
        return Self.loudness(totalEnergy / Double(total)) - offset
    }

    /// Gated mean loudness (integrated loudness with a −10 LU relative gate).
    func gatedLoudness(relativeOffset: Double) -> Double? {
        guard let gate = relativeGate(relativeOffset) else { return nil }
        var n = 0
        var energy = 0.0
        for index in firstBin(atOrAbove: gate)..<Self.count {
            n += counts[index]
            energy += energies[index]
        }
        guard n > 0 else { return nil }
        return Self.loudness(energy / Double(n))
    }

    /// The spread between the `low` and `high` percentiles (0…1) of the values
    /// above the relative gate: the loudness range of EBU Tech 3342.
    func range(relativeOffset: Double, low: Double, high: Double) -> Double? {
        guard let gate = relativeGate(relativeOffset) else { return nil }
        let start = firstBin(atOrAbove: gate)
        let n = counts[start...].reduce(0, +)
        guard n > 0 else { return nil }
        func percentile(_ p: Double) -> Double {
            let target = max(1, Int((p * Double(n)).rounded(.up)))
            var seen = 0
            for index in start..<Self.count {
                seen += counts[index]
                if seen >= target { return Self.lowest + (Double(index) + 0.5) / Self.binsPerLU }
            }
            return Self.lowest + Double(Self.count) / Self.binsPerLU
        }
        return percentile(high) - percentile(low)
    }
}

extension Int {
    func clamped(_ lower: Int, _ upper: Int) -> Int { Swift.min(upper, Swift.max(lower, self)) }
}
