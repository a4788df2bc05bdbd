import AVQCModel

/// `black-borders`: letterbox, pillarbox and windowbox, and where they change.
/// See Docs/detectors.md.
///
/// Each frame's active picture is the rectangle inside its border lines: a
/// row or column (from each edge inwards) whose mean is at most `level` and
/// whose brightest sample is at most `peak-level` of the range above black
/// (bars are flat; dark scenery is not). Columns are measured on every
/// fourth row. A frame that is entirely border, or whose active picture is
/// dark on average (mean below `dark-frame`), does not vote; nor does a
/// frame that would move an edge inwards while the current picture is dark
/// on average (its grid cells' mean): a dark scene with one lit subject
/// cannot shrink the picture. A new rectangle replaces the current one once voting
/// frames have shown it for `min-duration` seconds; it starts at its first
/// frame. At the end, the rectangle shown longest is the programme's (a
/// measurement); stretches with another rectangle are defects.
public final class BlackBordersDetector: Detector, GridReader {
    /// A rectangle in pixels, with the picture it lies in.
    public struct Rectangle: Sendable, Equatable {
        public var left: Int
        public var top: Int
        public var right: Int
        public var bottom: Int
        public var width: Int
        public var height: Int

        var activeWidth: Int { right - left }
        var activeHeight: Int { bottom - top }

        /// True when every edge is within `tolerance` pixels of `other`'s (in
        /// this picture's pixels when the picture size changed: the borders
        /// are compared, not the size, which `format-change` reports).
        func matches(_ other: Rectangle, tolerance: Int) -> Bool {
            guard width != other.width || height != other.height else {
                return abs(left - other.left) <= tolerance && abs(top - other.top) <= tolerance
                    && abs(right - other.right) <= tolerance && abs(bottom - other.bottom) <= tolerance
            }
            guard other.width > 0, other.height > 0 else { return false }
            let sx = Double(width) / Double(other.width)
            let sy = Double(height) / Double(other.height)
            let t = Double(tolerance)
            return abs(Double(left) - Double(other.left) * sx) <= t
                && abs(Double(right) - Double(other.right) * sx) <= t
                && abs(Double(top) - Double(other.top) * sy) <= t
                && abs(Double(bottom) - Double(other.bottom) * sy) <= t
        }

        /// letterbox, pillarbox, windowbox or none, for borders wider than `tolerance`.
        func kind(tolerance: Int) -> String {
            let vertical = top > tolerance || height - bottom > tolerance
            let horizontal = left > tolerance || width - right > tolerance
            switch (vertical, horizontal) {
            case (true, true): return "windowbox"
            case (true, false): return "letterbox"
            case (false, true): return "pillarbox"
            case (false, false): return "none"
            }
        }

        func details(sampleAspect: Double, tolerance: Int) -> [String: DetailValue] {
            let aspect =
                activeHeight > 0 ? Double(activeWidth) * sampleAspect / Double(activeHeight) : 0
            return [
                "rectangle": .string("\(activeWidth)x\(activeHeight)+\(left)+\(top)"),
                "aspectRatio": .number(aspect), "kind": .string(kind(tolerance: tolerance)),
                "borderLeft": .integer(left), "borderRight": .integer(width - right),
                "borderTop": .integer(top), "borderBottom": .integer(height - bottom),
                "asymmetryX": .integer(abs(left - (width - right))),
                "asymmetryY": .integer(abs(top - (height - bottom))),
            ]
        }
    }

    /// A stretch shown with one rectangle.
    struct Segment: SpanEvidence {
        var rectangle: Rectangle?
        static var empty: Segment { Segment(rectangle: nil) }
        mutating func absorb(_ other: Segment) {
            if rectangle == nil { rectangle = other.rectangle }
        }
        var details: [String: DetailValue] { [:] }
    }

    public struct Thresholds: Sendable {
        /// A border line's mean is at most this fraction (0…1) of the range above black.
        public var level = 0.04
        /// Its brightest sample is at most this fraction of the range above black.
        public var peakLevel = 0.1
        /// A border line's mean Cb and Cr are within this fraction of the range of neutral.
        public var chroma = 0.02
        /// Frames whose active picture's mean is below this fraction do not vote.
        public var darkFrame = 0.1
        /// Edges within this fraction of the picture's size (and 2 pixels) are the same.
        public var tolerance = 0.01
        /// Seconds a new rectangle must be shown before it replaces the current one.
        public var minDuration = 1.0
        /// Report a constant border (the programme's own rectangle) as a defect too.
        public var flagConstant = false
        public init() {}
    }

    public static let id = "black-borders"

    public let thresholds: Thresholds
    private var current: (rectangle: Rectangle, start: StreamPosition)?
    private var candidate: (rectangle: Rectangle, start: StreamPosition)?
    private var segments = BoundedSpanList<Segment>()
    private var first: StreamPosition?
    private var sampleAspect = 1.0
    private var gridScratch: [Float] = []

    public init(thresholds: Thresholds = Thresholds()) {
        self.thresholds = thresholds
    }

    /// Pixels two edges may differ by and still be the same edge.
    func tolerance(width: Int, height: Int) -> Int {
        max(2, Int((thresholds.tolerance * Double(max(width, height))).rounded()))
    }

    public func process(_ frame: VideoFrame) {
        let position = StreamPosition(time: frame.time, frame: frame.index)
        if first == nil { first = position }
        sampleAspect = frame.sampleAspect
        // A picture too dark on the whole to vote even if its active part
        // were half of it is not scanned at all (fades, black stretches).
        let whole = Rectangle(
            left: 0, top: 0, right: frame.luma.width, bottom: frame.luma.height, width: frame.luma.width,
            height: frame.luma.height)
        let overall = frame.withGrid(scratch: &gridScratch) { grid in Self.meanLevel(of: grid, in: whole) }
        guard overall >= thresholds.darkFrame / 2 else { return }
        guard let rectangle = activeRectangle(frame.luma, chroma: frame.chroma) else { return }
        let tolerance = tolerance(width: rectangle.width, height: rectangle.height)
        // Dark frames do not vote; nor does one that would move an edge
        // inwards while the current picture is dark (the shared grid's means).
        let shown = current
        let (level, shownLevel) = frame.withGrid(scratch: &gridScratch) { grid in
            (Self.meanLevel(of: grid, in: rectangle), shown.map { Self.meanLevel(of: grid, in: $0.rectangle) })
        }
        guard level >= thresholds.darkFrame else { return }
        guard let shown else {
            current = (rectangle, first ?? position)
            return
        }
        if rectangle.matches(shown.rectangle, tolerance: tolerance) {
            candidate = nil
            return
        }
        let shrinks =
            rectangle.left > shown.rectangle.left + tolerance || rectangle.top > shown.rectangle.top + tolerance
            || rectangle.right < shown.rectangle.right - tolerance
            || rectangle.bottom < shown.rectangle.bottom - tolerance
        if shrinks, (shownLevel ?? 0) < thresholds.darkFrame { return }
        if let waiting = candidate, rectangle.matches(waiting.rectangle, tolerance: tolerance) {
            guard position.time - waiting.start.time >= thresholds.minDuration - 1e-9 else { return }
            segments.append(
                TrackedSpan(start: shown.start, end: waiting.start, evidence: Segment(rectangle: shown.rectangle)))
            current = waiting
            candidate = nil
        } else {
            candidate = (rectangle, position)
        }
    }

    /// The frame's active picture, or nil when it is entirely border.
    func activeRectangle(_ plane: LumaPlane, chroma: ChromaPlanes? = nil) -> Rectangle? {
        let width = plane.width
        let height = plane.height
        guard width > 0, height > 0 else { return nil }
        let range = plane.whiteCode - plane.blackCode
        let level = plane.blackCode + thresholds.level * range
        let peak = plane.blackCode + thresholds.peakLevel * range
        // Bars are neutral: a line whose mean chroma strays further is scenery.
        let neutral = chroma?.neutralCode ?? 0
        let chromaSpread = thresholds.chroma * range * 224 / 219
        func isNeutral(_ sum: Int, _ count: Int) -> Bool {
            count == 0 || abs(Double(sum) / Double(count) - neutral) <= chromaSpread
        }
        func isBorder(row y: Int) -> Bool {
            let (sum, maximum) = PictureKernels.rowStatistics(plane, y)
            guard Double(sum) <= level * Double(width), Double(maximum) <= peak else { return false }
            guard let chroma else { return true }
            let cy = min(y >> chroma.shiftY, chroma.cb.height - 1)
            return isNeutral(PictureKernels.rowStatistics(chroma.cb, cy).sum, chroma.cb.width)
                && isNeutral(PictureKernels.rowStatistics(chroma.cr, cy).sum, chroma.cr.width)
        }
        var top = 0
        while top < height, isBorder(row: top) { top += 1 }
        guard top < height else { return nil }
        var bottom = height
        while bottom > top, isBorder(row: bottom - 1) { bottom -= 1 }

        // Columns from each side inwards, each on every fourth row between
        // the top and bottom borders: a full-width picture costs two columns.
        let rows = stride(from: top, to: bottom, by: 4)
        let rowCount = (bottom - top + 3) / 4
        func isBorder(column x: Int) -> Bool {
            let (sum, maximum) = PictureKernels.columnStatistics(plane, column: x, rows: rows)
            guard Double(sum) <= level * Double(rowCount), Double(maximum) <= peak else { return false }
            guard let chroma else { return true }
            let cx = min(x >> chroma.shiftX, chroma.cb.width - 1)
            let from = min(top >> chroma.shiftY, chroma.cb.height - 1)
            let to = max(from + 1, min((bottom + (1 << chroma.shiftY) - 1) >> chroma.shiftY, chroma.cb.height))
            let chromaRows = stride(from: from, to: to, by: 4)
            let count = (to - from + 3) / 4
            return isNeutral(PictureKernels.columnStatistics(chroma.cb, column: cx, rows: chromaRows).sum, count)
                && isNeutral(PictureKernels.columnStatistics(chroma.cr, column: cx, rows: chromaRows).sum, count)
        }
        var left = 0
        while left < width, isBorder(column: left) { left += 1 }
        guard left < width else { return nil }
        var right = width
        while right > left, isBorder(column: right - 1) { right -= 1 }
        return Rectangle(left: left, top: top, right: right, bottom: bottom, width: width, height: height)
    }

    /// The mean luma (0…1 of the range above black) of the grid cells whose
    /// centres lie inside `rectangle`.
    static func meanLevel(of grid: PictureGrid, in rectangle: Rectangle) -> Double {
        guard grid.columns > 0, grid.rows > 0, rectangle.width > 0, rectangle.height > 0 else { return 0 }
        let (black, range) = grid.range == .full ? (0.0, 255.0) : (16.0, 219.0)
        var total = 0.0
        var count = 0
        for row in 0..<grid.rows {
            let y = (Double(row) + 0.5) / Double(grid.rows) * Double(rectangle.height)
            guard y >= Double(rectangle.top), y < Double(rectangle.bottom) else { continue }
            for column in 0..<grid.columns {
                let x = (Double(column) + 0.5) / Double(grid.columns) * Double(rectangle.width)
                guard x >= Double(rectangle.left), x < Double(rectangle.right) else { continue }
                total += Double(grid.luma[row * grid.columns + column])
                count += 1
            }
        }
        return count > 0 ? (total / Double(count) - black) / range : 0
    }

    public func finish(at end: StreamEnd) -> DetectorResult {
        if let shown = current {
            segments.append(
                TrackedSpan(start: shown.start, end: end.position, evidence: Segment(rectangle: shown.rectangle)))
            current = nil
        }
        let all = segments.spans.compactMap { span in span.evidence.rectangle.map { (span, $0) } }
        guard let (_, sample) = all.first else { return DetectorResult() }
        let tolerance = tolerance(width: sample.width, height: sample.height)
        // The programme's rectangle: the one shown longest (edges within tolerance are one).
        var totals: [(rectangle: Rectangle, seconds: Double)] = []
        for (span, rectangle) in all {
            if let index = totals.firstIndex(where: { $0.rectangle.matches(rectangle, tolerance: tolerance) }) {
                totals[index].seconds += span.duration
            } else {
                totals.append((rectangle, span.duration))
            }
        }
        guard let main = totals.max(by: { $0.seconds < $1.seconds }) else { return DetectorResult() }
        var findings: [Finding] = []
        for (span, rectangle) in all where !rectangle.matches(main.rectangle, tolerance: tolerance) {
            var details = rectangle.details(sampleAspect: sampleAspect, tolerance: tolerance)
            let programme = main.rectangle
            details["programmeRectangle"] = .string(
                "\(programme.activeWidth)x\(programme.activeHeight)+\(programme.left)+\(programme.top)")
            details["rule"] = .string("changed")
            findings.append(
                Finding(
                    start: span.start.time, end: span.end.time, startFrame: span.start.frame,
                    endFrame: span.end.frame, details: details))
        }
        if thresholds.flagConstant, main.rectangle.kind(tolerance: tolerance) != "none" {
            for (span, rectangle) in all where rectangle.matches(main.rectangle, tolerance: tolerance) {
                var details = rectangle.details(sampleAspect: sampleAspect, tolerance: tolerance)
                details["rule"] = .string("constant")
                findings.append(
                    Finding(
                        start: span.start.time, end: span.end.time, startFrame: span.start.frame,
                        endFrame: span.end.frame, details: details))
            }
            findings.sort { $0.start < $1.start }
        }
        var measured = main.rectangle.details(sampleAspect: sampleAspect, tolerance: tolerance)
        measured["programmeSeconds"] = .number(main.seconds)
        measured["rectangles"] = .integer(totals.count)
        return DetectorResult(findings: findings, measurements: [DetectorResult.Measured(values: measured)])
    }
}

extension DetectorDescriptor {
    /// `black-borders`: see Docs/detectors.md.
    public static let blackBorders = DetectorDescriptor(
        id: BlackBordersDetector.id,
        summary: "letterbox/pillarbox/windowbox: the programme's rectangle, and stretches where it changes",
        parameters: [
            Knobs.level.spec, Knobs.peakLevel.spec, Knobs.chroma.spec, Knobs.darkFrame.spec, Knobs.tolerance.spec,
            Knobs.minDuration.spec, Knobs.flagConstant.spec,
        ],
        factory: .video { settings, _ in
            var thresholds = BlackBordersDetector.Thresholds()
            thresholds.level = settings[Knobs.level]
            thresholds.peakLevel = settings[Knobs.peakLevel]
            thresholds.chroma = settings[Knobs.chroma]
            thresholds.darkFrame = settings[Knobs.darkFrame]
            thresholds.tolerance = settings[Knobs.tolerance]
            thresholds.minDuration = settings[Knobs.minDuration]
            thresholds.flagConstant = settings[Knobs.flagConstant]
            return BlackBordersDetector(thresholds: thresholds)
        })
}

private enum Knobs {
    static let level = Parameter(
        "level", .ratio, default: 0.04, range: 0...1,
        help: "a border line's mean is at most this fraction of the range above black")
    static let peakLevel = Parameter(
        "peak-level", .ratio, default: 0.1, range: 0...1,
        help: "and its brightest sample at most this fraction (bars are flat, dark scenery is not)")
    static let chroma = Parameter(
        "chroma", .ratio, default: 0.02, range: 0...1,
        help: "and its mean Cb and Cr within this fraction of the range of neutral (bars are grey)")
    static let darkFrame = Parameter(
        "dark-frame", .ratio, default: 0.1, range: 0...1,
        help: "frames whose picture is darker than this on average do not move the borders")
    static let tolerance = Parameter(
        "tolerance", .ratio, default: 0.01, range: 0...0.5,
        help: "edges within this fraction of the picture size (at least 2 px) are the same")
    static let minDuration = Parameter(
        "min-duration", .seconds, default: 1, range: 0...maxParameterSeconds,
        help: "how long a new rectangle must show before it counts")
    static let flagConstant = Parameter(
        flag: "flag-constant", default: false,
        help: "report the programme's own borders (a constant letterbox) as a defect too")
}
