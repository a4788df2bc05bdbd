import AVQCModel
import Foundation

/// `pse`: photosensitive-epilepsy flashing (ITU-R BT.1702, Ofcom Guidance
/// Note annex 1, WCAG 2.x general and red flash thresholds). See
/// Docs/detectors.md.
///
/// Luminance model: each grid cell's mean Y′CbCr becomes R′G′B′ through the
/// frame's matrix and range, is linearised with the sRGB transfer curve (as
/// WCAG's relative luminance is) and scaled to a display whose white is
/// `peak` cd/m² (200 by default), so WCAG's 0.1 and 0.8 relative-luminance
/// thresholds are 20 and 160 cd/m².
///
/// Each frame gives a signed luminance change for "the area that flashes
/// together": the change that more than `area` of the picture's cells made
/// in the same direction (an order statistic of the per-cell changes).
/// Same-direction changes over consecutive frames accumulate, so a flash
/// that rises over three frames is one transition. A transition counts when
/// the accumulated change reaches `luminance-change` and the darker state
/// is below `dark-level`. Saturated-red transitions (R / (R+G+B) ≥ 0.8, a
/// change of (R−G−B)×320 of at least `red-change`) are counted the same
/// way, apart. A flash is a pair of opposing transitions; more than
/// `max-flashes` in any 1 s window (by presentation time) fails, unless
/// every flash's leading edge lies `isolated-gap` or more after the one
/// before. Flashing at `warning-flashes` per second or more for more than
/// `extended-share` of any 5 s also fails.
public final class PSEDetector: SpanDetector, GridReader {
    /// Evidence kept per span.
    public struct Evidence: SpanEvidence {
        /// Most flashes in a 1 s window inside the span (transitions / 2).
        public var flashes: Double
        /// Largest share of the picture that flashed together (0…1).
        public var area: Double
        /// Largest accumulated luminance change of one transition, cd/m².
        public var peakChange: Double
        /// Largest accumulated red change of one transition, (R−G−B)×320.
        public var peakRedChange = 0.0
        /// The rules that failed: `general`, `red`, `extended`.
        public var rules: Set<String>

        public static var empty: Evidence { Evidence(flashes: 0, area: 0, peakChange: 0, rules: []) }
        public mutating func absorb(_ other: Evidence) {
            flashes = max(flashes, other.flashes)
            area = max(area, other.area)
            peakChange = max(peakChange, other.peakChange)
            peakRedChange = max(peakRedChange, other.peakRedChange)
            rules.formUnion(other.rules)
        }
        public var details: [String: DetailValue] {
            var details: [String: DetailValue] = [
                "flashesPerSecond": .number(flashes), "flashingArea": .number(area),
                "peakLuminanceChange": .number(peakChange), "rule": .string(rules.sorted().joined(separator: "+")),
            ]
            if peakRedChange > 0 { details["peakRedChange"] = .number(peakRedChange) }
            return details
        }
    }

    /// The thresholds, in the units the guidelines state them.
    public struct Thresholds: Sendable {
        /// Share of the picture (0…1) that must flash together: more than this counts.
        public var area = 0.25
        /// Smallest luminance change of a transition, cd/m².
        public var luminanceChange = 20.0
        /// The darker state must be below this, cd/m².
        public var darkLevel = 160.0
        /// Display white, cd/m².
        public var peak = 200.0
        /// Flashes allowed in any 1 s window.
        public var maxFlashes = 3
        /// Flashes whose leading edges are this many seconds apart are always acceptable.
        public var isolatedGap = 0.36
        /// Flashes per second that count towards extended flashing.
        public var warningFlashes = 2
        /// Share (0…1) of any `extendedWindow` seconds that may flash at warning level.
        public var extendedShare = 0.8
        /// Seconds of the extended-flashing window.
        public var extendedWindow = 5.0
        /// Smallest red change, (R−G−B)×320.
        public var redChange = 20.0
        /// Whether red transitions are counted.
        public var red = true

        public init() {}
    }

    public static let id = "pse"

    public let thresholds: Thresholds
    public var tracker: SpanTracker<Evidence>
    private var gridScratch: [Float] = []
    /// Per-cell luminance and red values of the previous frame, and of this one.
    private var previous = CellState()
    private var current = CellState()
    /// Scratch for the order statistics (reused).
    private var sortScratch: [Float] = []
    private var general: TransitionSeries
    private var redSeries: TransitionSeries
    /// Stretches of warning-level flashing that reach into the last `extendedWindow` seconds.
    private var warnings: [TrackedSpan<Evidence>] = []
    /// The failing stretch being built.
    private var open: TrackedSpan<Evidence>?

    public init(thresholds: Thresholds = Thresholds(), mergeGap: Double = 0) {
        self.thresholds = thresholds
        self.tracker = SpanTracker(minDuration: 0, mergeGap: mergeGap)
        self.general = TransitionSeries(threshold: thresholds.luminanceChange, darkLevel: thresholds.darkLevel)
        self.redSeries = TransitionSeries(threshold: thresholds.redChange, darkLevel: .infinity)
    }

    public func process(_ frame: VideoFrame) {
        let position = StreamPosition(time: frame.time, frame: frame.index)
        let frameEnd = StreamPosition(time: frame.time + frame.duration, frame: frame.index + 1)
        frame.withGrid(scratch: &gridScratch) { grid in current.load(grid, peak: thresholds.peak) }
        defer { swap(&previous, &current) }
        let cells = current.count
        guard previous.count == cells, cells > 0 else { return }

        // More than `area` of the cells: the k cells that changed most.
        let k = min(cells, Int((thresholds.area * Double(cells)).rounded(.down)) + 1)
        var evidence = Evidence.empty
        let luminance = Self.areaChanges(
            current: current.luminance, previous: previous.luminance, cells: cells, k: k, scratch: &sortScratch)
        if let transition = general.feed(luminance, at: position, end: frameEnd) {
            evidence.area = transition.area
            evidence.peakChange = transition.change
        }
        if thresholds.red, current.hasRed || previous.hasRed {
            let red = Self.areaChanges(
                current: current.red, previous: previous.red, cells: cells, k: k, scratch: &sortScratch)
            if let transition = redSeries.feed(red, at: position, end: frameEnd) {
                evidence.area = max(evidence.area, transition.area)
                evidence.peakRedChange = transition.change
            }
        } else {
            _ = redSeries.feed((nil, nil), at: position, end: frameEnd)
        }
        general.forget(before: frame.time - 1)
        redSeries.forget(before: frame.time - 1)

        var failing: Set<String> = []
        var windowTransitions = 0
        if general.fails(maxFlashes: thresholds.maxFlashes, isolatedGap: thresholds.isolatedGap) {
            failing.insert("general")
            windowTransitions = general.count
        }
        if thresholds.red, redSeries.fails(maxFlashes: thresholds.maxFlashes, isolatedGap: thresholds.isolatedGap) {
            failing.insert("red")
            windowTransitions = max(windowTransitions, redSeries.count)
        }

        // Extended flashing: warning-level flashing (a 1 s window with
        // 2 × warning-flashes transitions) covers its window from its first
        // to its last transition; more than `extended-share` of the last
        // `extendedWindow` seconds covered fails.
        for series in thresholds.red ? [general, redSeries] : [general] {
            guard series.count >= 2 * thresholds.warningFlashes, let first = series.first,
                let last = series.lastEnd
            else { continue }
            if let newest = warnings.last, first.time <= newest.end.time + 1e-9 {
                warnings.removeLast()
                warnings.append(
                    TrackedSpan(
                        start: newest.start.time <= first.time ? newest.start : first,
                        end: newest.end.time >= last.time ? newest.end : last, evidence: .empty))
            } else {
                warnings.append(TrackedSpan(start: first, end: last, evidence: .empty))
            }
        }
        let windowStart = frame.time + frame.duration - thresholds.extendedWindow
        while let oldest = warnings.first, oldest.end.time <= windowStart { warnings.removeFirst() }
        let covered = warnings.reduce(0.0) { $0 + $1.end.time - max($1.start.time, windowStart) }
        if covered > thresholds.extendedShare * thresholds.extendedWindow + 1e-9 {
            failing.insert("extended")
            windowTransitions = max(windowTransitions, general.count, redSeries.count)
        }

        guard !failing.isEmpty else {
            closeOpen(at: position)
            return
        }
        evidence.flashes = Double(windowTransitions) / 2
        evidence.rules = failing
        // The failing window starts at its first transition (extended: at the window's start).
        var start = position
        if failing.contains("general"), let first = general.first, first.time < start.time { start = first }
        if failing.contains("red"), let first = redSeries.first, first.time < start.time { start = first }
        if failing.contains("extended"), let first = warnings.first, first.start.time < start.time {
            // From the first transition of warning-level flashing in the window.
            start = first.start
        }
        // It ends with the last transition of the failing window.
        var ends: [StreamPosition] = []
        let extended = failing.contains("extended")
        if failing.contains("general") || extended, let last = general.lastEnd { ends.append(last) }
        if failing.contains("red") || extended && thresholds.red, let last = redSeries.lastEnd { ends.append(last) }
        let end = ends.max { $0.time < $1.time } ?? frameEnd
        if var span = open, start.time <= span.end.time + 1e-6 {
            if start.time < span.start.time { span.start = start }
            if end.time > span.end.time { span.end = end }
            span.evidence.absorb(evidence)
            open = span
        } else {
            closeOpen(at: position)
            open = TrackedSpan(start: start, end: end, evidence: evidence)
        }
    }

    /// Keeps the open stretch once a frame passes without a failing window.
    private func closeOpen(at position: StreamPosition) {
        guard let span = open else { return }
        tracker.add(span)
        open = nil
    }

    /// The stretch still open at the end is kept.
    public func close(at end: StreamEnd) {
        closeOpen(at: end.position)
    }

    /// The changes (up and down) that more than the area threshold made
    /// together: the k-th largest rise and the k-th largest fall of the
    /// per-cell values, with the mean level of the cells that made them.
    static func areaChanges(
        current: [Float], previous: [Float], cells: Int, k: Int, scratch: inout [Float]
    ) -> (up: AreaChange?, down: AreaChange?) {
        if scratch.count < cells { scratch = [Float](repeating: 0, count: cells) }
        let (up, down) = scratch.withUnsafeMutableBufferPointer { delta -> (Float, Float) in
            for i in 0..<cells { delta[i] = current[i] - previous[i] }
            var sorted = UnsafeMutableBufferPointer(rebasing: delta[0..<cells])
            sorted.sort()
            return (sorted[cells - k], sorted[k - 1])
        }
        func change(_ threshold: Float, rising: Bool) -> AreaChange? {
            guard rising ? threshold > 0 : threshold < 0 else { return nil }
            var before = 0.0
            var after = 0.0
            var count = 0
            var moved = 0
            for i in 0..<cells {
                let delta = current[i] - previous[i]
                if rising ? delta >= threshold : delta <= threshold {
                    before += Double(previous[i])
                    after += Double(current[i])
                    count += 1
                }
                if rising ? delta >= threshold / 2 : delta <= threshold / 2 { moved += 1 }
            }
            guard count > 0 else { return nil }
            return AreaChange(
                change: Double(threshold), before: before / Double(count), after: after / Double(count),
                area: Double(moved) / Double(cells))
        }
        return (change(up, rising: true), change(down, rising: false))
    }
}

extension PSEDetector {
    /// One frame's change of an area that moved together: the signed change
    /// (cd/m² or red units), the mean level of that area before and after,
    /// and the share of the picture that moved at least half as much.
    struct AreaChange {
        var change: Double
        var before: Double
        var after: Double
        var area: Double
    }

    /// The transitions of one measure (luminance or red): same-direction
    /// changes accumulate into a run; a run is one transition once its
    /// change reaches `threshold` with its darker end below `darkLevel`.
    /// Keeps the transitions of the last second.
    struct TransitionSeries {
        let threshold: Double
        let darkLevel: Double
        private var accumulated = 0.0
        private var runStartLevel = 0.0
        private var counted = false
        /// Each transition's frame and the end of that frame.
        private var transitions = RingBuffer<(at: StreamPosition, end: StreamPosition)>()

        init(threshold: Double, darkLevel: Double) {
            self.threshold = threshold
            self.darkLevel = darkLevel
        }

        /// Transitions kept (those of the last second).
        var count: Int { transitions.count }
        /// The oldest transition kept.
        var first: StreamPosition? { transitions.first?.at }
        /// The end of the newest transition's frame.
        var lastEnd: StreamPosition? { transitions[transitions.count - 1]?.end }

        /// Feeds one frame's changes; returns the transition it completes, if any.
        mutating func feed(
            _ changes: (up: AreaChange?, down: AreaChange?), at position: StreamPosition, end: StreamPosition
        ) -> (area: Double, change: Double)? {
            let chosen: AreaChange?
            let reversing = accumulated > 0 ? changes.down : accumulated < 0 ? changes.up : nil
            if let reversing, abs(reversing.change) >= threshold {
                // An area swung back by a whole transition in one frame, even if
                // another area kept going (anti-phase flashing).
                chosen = reversing
            } else {
                switch (changes.up, changes.down) {
                case (let up?, let down?): chosen = up.change >= -down.change ? up : down
                case (let up?, nil): chosen = up
                case (nil, let down?): chosen = down
                case (nil, nil): chosen = nil
                }
            }
            guard let chosen, chosen.change != 0 else { return nil }
            if accumulated == 0 || (chosen.change > 0) != (accumulated > 0) {
                accumulated = 0
                runStartLevel = chosen.before
                counted = false
            }
            accumulated += chosen.change
            guard !counted, abs(accumulated) >= threshold, min(runStartLevel, chosen.after) < darkLevel else {
                return nil
            }
            counted = true
            transitions.append((position, end))
            return (chosen.area, abs(accumulated))
        }

        /// Drops transitions at or before `time` (the window is (t − 1 s, t]).
        mutating func forget(before time: Double) {
            while let oldest = transitions.first, oldest.at.time <= time + 1e-9 { transitions.removeFirst() }
        }

        /// More than `maxFlashes` flashes (2 × maxFlashes + 1 transitions) in
        /// the window, unless each flash's leading edge is `isolatedGap` or
        /// more after the previous one.
        func fails(maxFlashes: Int, isolatedGap: Double) -> Bool {
            guard transitions.count > 2 * maxFlashes else { return false }
            var offset = 2
            while let edge = transitions[offset], let previous = transitions[offset - 2] {
                if edge.at.time - previous.at.time < isolatedGap - 1e-9 { return true }
                offset += 2
            }
            return false
        }
    }

    /// Per-cell values of one frame: screen luminance (cd/m²) and the red
    /// measure ((R−G−B)×320 for saturated-red cells, else 0).
    struct CellState {
        var luminance: [Float] = []
        var red: [Float] = []
        var count = 0
        var hasRed = false

        /// sRGB decoding, 4097 steps over 0…1.
        static let linear: [Float] = (0...4096).map { step in
            let v = Double(step) / 4096
            return Float(v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4))
        }

        @inline(__always)
        static func linearise(_ value: Double) -> Double {
            guard value > 0 else { return 0 }
            return Double(linear[Int(min(value, 1) * 4096)])
        }

        mutating func load(_ grid: PictureGrid, peak: Double) {
            let cells = grid.cellCount
            if luminance.count < cells {
                luminance = [Float](repeating: 0, count: cells)
                red = [Float](repeating: 0, count: cells)
            }
            count = cells
            hasRed = false
            let (kr, kb) = grid.matrix.weights
            let kg = 1 - kr - kb
            let (yBlack, yScale, cScale) = grid.range == .full ? (0.0, 255.0, 255.0) : (16.0, 219.0, 224.0)
            for i in 0..<cells {
                let y = (Double(grid.luma[i]) - yBlack) / yScale
                var r = y
                var g = y
                var b = y
                if grid.hasChroma {
                    let cb = (Double(grid.cb[i]) - 128) / cScale
                    let cr = (Double(grid.cr[i]) - 128) / cScale
                    r = y + 2 * (1 - kr) * cr
                    b = y + 2 * (1 - kb) * cb
                    g = (y - kr * r - kb * b) / kg
                }
                let lr = Self.linearise(r)
                let lg = Self.linearise(g)
                let lb = Self.linearise(b)
                luminance[i] = Float(peak * (0.2126 * lr + 0.7152 * lg + 0.0722 * lb))
                let sum = lr + lg + lb
                if sum > 0, lr / sum >= 0.8 {
                    red[i] = Float(max(0, (lr - lg - lb) * 320))
                    hasRed = hasRed || red[i] > 0
                } else {
                    red[i] = 0
                }
            }
        }
    }
}

extension DetectorDescriptor {
    /// `pse`: see Docs/detectors.md.
    public static let pse = DetectorDescriptor(
        id: PSEDetector.id,
        summary: "photosensitive flashing: more than 3 general or red flashes in 1 s, or extended flashing",
        parameters: [
            Knobs.area.spec, Knobs.luminanceChange.spec, Knobs.darkLevel.spec, Knobs.peak.spec,
            Knobs.maxFlashes.spec, Knobs.isolatedGap.spec, Knobs.red.spec, Knobs.redChange.spec,
            Knobs.warningFlashes.spec, Knobs.extendedShare.spec, Knobs.mergeGap.spec,
        ],
        factory: .video { settings, _ in
            var thresholds = PSEDetector.Thresholds()
            thresholds.area = settings[Knobs.area]
            thresholds.luminanceChange = settings[Knobs.luminanceChange]
            thresholds.darkLevel = settings[Knobs.darkLevel]
            thresholds.peak = settings[Knobs.peak]
            thresholds.maxFlashes = settings[Knobs.maxFlashes]
            thresholds.isolatedGap = settings[Knobs.isolatedGap]
            thresholds.red = settings[Knobs.red]
            thresholds.redChange = settings[Knobs.redChange]
            thresholds.warningFlashes = settings[Knobs.warningFlashes]
            thresholds.extendedShare = settings[Knobs.extendedShare]
            return PSEDetector(thresholds: thresholds, mergeGap: settings[Knobs.mergeGap])
        })
}

private enum Knobs {
    static let area = Parameter(
        "area", .ratio, default: 0.25, range: 0.01...1,
        help: "flashing counts when more than this share of the picture flashes together (0.2: the stricter rule)")
    static let luminanceChange = Parameter(
        "luminance-change", .luminance, default: 20, range: 1...10_000,
        help: "smallest luminance change of a flash transition")
    static let darkLevel = Parameter(
        "dark-level", .luminance, default: 160, range: 1...10_000,
        help: "a transition counts only when its darker state is below this")
    static let peak = Parameter(
        "peak", .luminance, default: 200, range: 1...10_000, help: "display white of the luminance model")
    static let maxFlashes = Parameter(
        count: "max-flashes", default: 3, range: 1...30, help: "flashes allowed in any 1 s window")
    static let isolatedGap = Parameter(
        "isolated-gap", .seconds, default: 0.36, range: 0...1,
        help: "flashes whose leading edges are this far apart always pass (Ofcom: 9 frames at 25 fps)")
    static let red = Parameter(flag: "red", default: true, help: "count saturated-red flashes")
    static let redChange = Parameter(
        "red-change", .ratio, default: 20, range: 1...320, help: "smallest red change, (R-G-B)x320 in linear light")
    static let warningFlashes = Parameter(
        count: "warning-flashes", default: 2, range: 1...30,
        help: "flashes per second that count towards extended flashing")
    static let extendedShare = Parameter(
        "extended-share", .ratio, default: 0.8, range: 0...1,
        help: "extended flashing fails above this share of any 5 s at warning level")
    static let mergeGap = Parameter.mergeGap()
}
