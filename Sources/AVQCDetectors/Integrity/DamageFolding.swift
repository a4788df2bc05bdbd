import AVQCModel

/// One cause, one defect: spans that decode damage explains are folded into
/// the `decode-error` span that explains them.
///
/// A damaged stretch makes a decoder drop frames (a hole in the sample
/// timeline), come back with another layout or rate for a packet
/// (format-change), or produce garbage at full scale (clipping). Such a span
/// is folded when it lies on the same stream and wholly within a
/// `decode-error` span widened by `margin` seconds on each side; the
/// `decode-error` span then lists them in its `alsoReported` detail, e.g.
/// `timestamp-gap ×1, clipping ×2`. Spans that reach further have a cause
/// of their own and stay.
public enum DamageFolding {
    /// Seconds a consequence may reach beyond the damaged frames (concealment
    /// lasts until the decoder recovers, typically the next key frame).
    public static let margin = 0.5
    /// Detectors whose spans are never folded: the damage itself, and
    /// findings with causes of their own.
    public static let independent: Set<String> = [
        "decode-error", "truncation", "loudness", "stream-alignment", "av-sync",
    ]

    /// `defects` with every span that decode damage explains folded into its `decode-error` span.
    public static func fold(_ defects: [Defect]) -> [Defect] {
        let damage = defects.indices.filter { defects[$0].detector == "decode-error" }
        guard !damage.isEmpty else { return defects }
        var folded: [Int: [String: Int]] = [:]
        var kept: [Defect] = []
        for defect in defects {
            if !independent.contains(defect.detector),
                let cause = damage.first(where: { explains(defects[$0], defect) })
            {
                folded[cause, default: [:]][defect.detector, default: 0] += 1
                continue
            }
            kept.append(defect)
        }
        guard !folded.isEmpty else { return defects }
        var result: [Defect] = []
        var position = 0
        for (index, defect) in defects.enumerated() {
            guard position < kept.count, kept[position] == defect else { continue }
            position += 1
            var defect = defect
            if let also = folded[index] {
                defect.details["alsoReported"] = .string(
                    also.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", "))
            }
            result.append(defect)
        }
        return result
    }

    static func explains(_ damage: Defect, _ defect: Defect) -> Bool {
        damage.streamIndex == defect.streamIndex && defect.start >= damage.start - margin
            && defect.end <= damage.end + margin
    }
}
