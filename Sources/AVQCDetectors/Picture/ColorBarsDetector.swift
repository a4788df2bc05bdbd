import AVQCModel

/// `color-bars`: test patterns left in the programme. See Docs/detectors.md.
///
/// Each frame's grid cells (`PictureGrid`) in the upper part of the picture
/// (5 % to 50 % of the height, where every pattern below has its colour
/// bars) are compared with the bars of SMPTE EG 1 (seven 75 % bars across
/// the width), SMPTE RP 219 (seven 75 % bars between two 40 % grey
/// eighths) and EBU (eight bars: white, six 75 % colours, black; white at
/// 100 % or 75 %, or every bar at 100 %). A cell that straddles a bar edge
/// is skipped. A cell matches when its mean Y′, Cb and Cr are all within
/// `tolerance` of the nominal range of the bar's value, computed for the
/// frame's range with its matrix (the other matrices are tried too: bars
/// are bars even when mis-tagged). A frame shows bars when at least
/// `match-share` of its tested cells match and every bar has a matching
/// cell.
public final class ColorBarsDetector: SpanDetector, GridReader {
    /// Evidence kept per span.
    public struct Evidence: SpanEvidence {
        /// The pattern seen (the first frame's), e.g. `smpte-eg1`.
        public var pattern: String?
        /// The matrix the values matched with.
        public var matrix: String?
        /// Largest deviation of a matched cell, as a fraction of the nominal range.
        public var maxDeviation: Double

        public static var empty: Evidence { Evidence(pattern: nil, matrix: nil, maxDeviation: 0) }
        public mutating func absorb(_ other: Evidence) {
            if pattern == nil {
                pattern = other.pattern
                matrix = other.matrix
            }
            maxDeviation = max(maxDeviation, other.maxDeviation)
        }
        public var details: [String: DetailValue] {
            var details: [String: DetailValue] = ["maxDeviation": .number(maxDeviation)]
            if let pattern { details["pattern"] = .string(pattern) }
            if let matrix { details["matrix"] = .string(matrix) }
            return details
        }
    }

    /// A bar pattern: bars as (left edge, right edge) fractions of the width and R′G′B′ (0…1).
    struct Pattern: Sendable {
        let name: String
        let bars: [(from: Double, to: Double, rgb: (Double, Double, Double))]
    }

    static let colours75: [(Double, Double, Double)] = [
        (0.75, 0.75, 0), (0, 0.75, 0.75), (0, 0.75, 0), (0.75, 0, 0.75), (0.75, 0, 0), (0, 0, 0.75),
    ]

    static let patterns: [Pattern] = {
        func even(_ colours: [(Double, Double, Double)], from: Double = 0, to: Double = 1)
            -> [(from: Double, to: Double, rgb: (Double, Double, Double))]
        {
            let width = (to - from) / Double(colours.count)
            return colours.enumerated().map { (from + Double($0) * width, from + Double($0 + 1) * width, $1) }
        }
        let grey40 = (0.4, 0.4, 0.4)
        return [
            Pattern(name: "smpte-eg1", bars: even([(0.75, 0.75, 0.75)] + colours75)),
            Pattern(
                name: "smpte-rp219",
                bars: [(0, 0.125, grey40)] + even([(0.75, 0.75, 0.75)] + colours75, from: 0.125, to: 0.875)
                    + [(0.875, 1, grey40)]),
            Pattern(name: "ebu-100/75", bars: even([(1, 1, 1)] + colours75 + [(0, 0, 0)])),
            Pattern(name: "ebu-75", bars: even([(0.75, 0.75, 0.75)] + colours75 + [(0, 0, 0)])),
            Pattern(
                name: "ebu-100",
                bars: even([(1, 1, 1), (1, 1, 0), (0, 1, 1), (0, 1, 0), (1, 0, 1), (1, 0, 0), (0, 0, 1), (0, 0, 0)])),
        ]
    }()

    public static let id = "color-bars"

    /// Largest deviation of a cell's mean from the bar's value, as a fraction (0…1) of the nominal range.
    public let tolerance: Double
    /// Share (0…1) of the tested cells that must match.
    public let matchShare: Double
    public var tracker: SpanTracker<Evidence>
    private var gridScratch: [Float] = []

    public init(tolerance: Double = 0.05, matchShare: Double = 0.9, minDuration: Double = 0.5, mergeGap: Double = 0) {
        self.tolerance = tolerance
        self.matchShare = matchShare
        self.tracker = SpanTracker(minDuration: minDuration, mergeGap: mergeGap)
    }

    public func process(_ frame: VideoFrame) {
        let position = StreamPosition(time: frame.time, frame: frame.index)
        let found = frame.withGrid(scratch: &gridScratch) { grid in bars(in: grid) }
        if let found {
            tracker.observe(defective: true, at: position, evidence: found)
        } else {
            tracker.observe(defective: false, at: position)
        }
    }

    /// The pattern `grid` shows, or nil.
    func bars(in grid: PictureGrid) -> Evidence? {
        guard grid.hasChroma, grid.columns >= 16, grid.rows >= 4 else { return nil }
        let matrices = [grid.matrix] + [ColorMatrix.bt601, .bt709, .bt2020].filter { $0 != grid.matrix }
        for pattern in Self.patterns {
            for matrix in matrices {
                if let deviation = match(grid, pattern, matrix) {
                    return Evidence(pattern: pattern.name, matrix: matrix.rawValue, maxDeviation: deviation)
                }
            }
        }
        return nil
    }

    /// The largest deviation of a matched cell when `grid` shows `pattern` under `matrix`, else nil.
    private func match(_ grid: PictureGrid, _ pattern: Pattern, _ matrix: ColorMatrix) -> Double? {
        let (kr, kb) = matrix.weights
        let kg = 1 - kr - kb
        let full = grid.range == .full
        let (yBlack, yScale, cScale) = full ? (0.0, 255.0, 255.0) : (16.0, 219.0, 224.0)
        // Each bar's expected Y′, Cb, Cr in 8-bit codes.
        let expected = pattern.bars.map { bar -> (Double, Double, Double) in
            let (r, g, b) = bar.rgb
            let y = kr * r + kg * g + kb * b
            return (
                yBlack + yScale * y, 128 + cScale * (b - y) / (2 * (1 - kb)), 128 + cScale * (r - y) / (2 * (1 - kr))
            )
        }
        let margin = 0.01
        var tested = 0
        var matched = 0
        var worst = 0.0
        var barMatched = [Bool](repeating: false, count: pattern.bars.count)
        let firstRow = Int((0.05 * Double(grid.rows)).rounded(.up))
        let lastRow = max(firstRow, Int((0.5 * Double(grid.rows)).rounded(.down)) - 1)
        for row in firstRow...lastRow {
            for column in 0..<grid.columns {
                let from = Double(column) / Double(grid.columns)
                let to = Double(column + 1) / Double(grid.columns)
                guard
                    let bar = pattern.bars.firstIndex(where: {
                        from >= $0.from - 1e-9 + margin * 0 && to <= $0.to + 1e-9
                    })
                else { continue }
                // Keep clear of the edges: a cell touching a bar edge may hold ringing.
                let edges = pattern.bars[bar]
                guard from >= edges.from + margin || edges.from == 0, to <= edges.to - margin || edges.to == 1 else {
                    continue
                }
                let cell = row * grid.columns + column
                let (ey, ecb, ecr) = expected[bar]
                let deviation = max(
                    abs(Double(grid.luma[cell]) - ey) / yScale, abs(Double(grid.cb[cell]) - ecb) / cScale,
                    abs(Double(grid.cr[cell]) - ecr) / cScale)
                tested += 1
                if deviation <= tolerance {
                    matched += 1
                    barMatched[bar] = true
                    worst = max(worst, deviation)
                }
            }
            // Settled early: too many misses already.
            if Double(tested - matched) > (1 - matchShare) * Double(grid.columns * (lastRow - firstRow + 1)) {
                return nil
            }
        }
        guard tested > 0, Double(matched) >= matchShare * Double(tested), !barMatched.contains(false) else {
            return nil
        }
        return worst
    }
}

extension DetectorDescriptor {
    /// `color-bars`: see Docs/detectors.md.
    public static let colorBars = DetectorDescriptor(
        id: ColorBarsDetector.id, summary: "SMPTE EG 1, RP 219 and EBU colour bars left in the programme",
        parameters: [Knobs.tolerance.spec, Knobs.matchShare.spec, Knobs.minDuration.spec, Knobs.mergeGap.spec],
        factory: .video { settings, _ in
            ColorBarsDetector(
                tolerance: settings[Knobs.tolerance], matchShare: settings[Knobs.matchShare],
                minDuration: settings[Knobs.minDuration], mergeGap: settings[Knobs.mergeGap])
        })
}

private enum Knobs {
    static let tolerance = Parameter(
        "tolerance", .ratio, default: 0.05, range: 0...1,
        help: "largest deviation of a bar's Y'/Cb/Cr mean, as a fraction of the nominal range")
    static let matchShare = Parameter(
        "match-share", .ratio, default: 0.9, range: 0...1, help: "share of the sampled cells that must match")
    static let minDuration = Parameter.minDuration(of: "color-bars", default: 0.5)
    static let mergeGap = Parameter.mergeGap()
}
