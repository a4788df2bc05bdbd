import AVQCModel

/// Applies detector rules (a profile's, or `--set DET.severity=…`) to one
/// file's spans, after every detector has finished: severities, time
/// windows, head and tail allowances and required spans. Stream selection
/// happens earlier, when the detectors are set up (`DetectorBank`).
enum RulePolicy {
    /// Seconds by which a span may overrun an allowance or window edge and
    /// still count as inside (timestamps are rounded to the microsecond).
    static let edgeTolerance = 0.001

    /// `defects` as the rules judge them, sorted by start time as before. A
    /// detector with no rule keeps its spans as errors.
    static func apply(
        _ defects: [Defect], checks: [Check], rules: [String: DetectorRule], duration: Double?
    ) -> [Defect] {
        guard !rules.isEmpty else { return defects }
        let end = duration ?? defects.map(\.end).max() ?? 0
        var kept: [Defect] = []
        for var defect in defects {
            guard let rule = rules[defect.detector] else {
                kept.append(defect)
                continue
            }
            if rule.allowHead > 0, defect.end <= rule.allowHead + edgeTolerance { continue }
            if rule.allowTail > 0, defect.start >= end - rule.allowTail - edgeTolerance { continue }
            if let window = rule.window, !overlaps(defect, window.resolved(duration: end)) { continue }
            if let required = rule.required, overlaps(defect, required.resolved(duration: end)) { continue }
            defect.severity = rule.severity
            defect.rule = rule.origin
            kept.append(defect)
        }
        for (id, rule) in rules.sorted(by: { $0.key < $1.key }) {
            guard let required = rule.required else { continue }
            let window = required.resolved(duration: end)
            for check in checks where check.detector == id {
                let present = defects.contains {
                    $0.detector == id && $0.streamIndex == check.streamIndex && overlaps($0, window)
                }
                guard !present else { continue }
                var missing = Defect(
                    detector: id, streamIndex: check.streamIndex, start: window.start, end: window.end,
                    severity: rule.severity,
                    details: ["missing": .string("required \(id) span not found in \(required.description)")])
                missing.rule = rule.origin
                kept.append(missing)
            }
        }
        return kept.enumerated().sorted {
            $0.element.start != $1.element.start ? $0.element.start < $1.element.start : $0.offset < $1.offset
        }.map(\.element)
    }

    /// True when the span meets the window; an empty span (a timestamp
    /// jump) meets it when it lies inside or on its edges.
    static func overlaps(_ defect: Defect, _ window: (start: Double, end: Double)) -> Bool {
        if defect.end <= defect.start { return defect.start >= window.start && defect.start <= window.end }
        return defect.start < window.end && defect.end > window.start
    }
}
