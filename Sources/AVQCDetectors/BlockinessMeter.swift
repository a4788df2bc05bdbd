import AVQCModel

/// Measures how much a picture's luma steps line up with a coding-block grid.
///
/// At sampled positions it looks for *isolated steps*: a difference between
/// two neighbouring samples of at least `minimumStep` that is more than twice
/// the differences just before and after it (a sharp edge between two flat
/// stretches, as block artifacts are). Steps are counted by position modulo
/// 16, across columns (vertical block edges) and down rows (horizontal block
/// edges). For a grid of period P it compares the share of grid-boundary
/// positions that show a step (`on`) with the share of the other positions
/// that do (`off`):
///
/// - `score` = on − off, averaged over the two directions: 0 for clean
///   pictures, rising toward 1 as more block edges show;
/// - `contrast` = (on + 0.01) / (off + 0.01), the smaller of the two
///   directions: how much likelier a step is on the grid than off it.
///
/// Natural edges and texture fall on every phase alike; block edges fall on
/// the grid, in both directions. Periods 8 and 16 are always measured, 4 as
/// well for codecs with 4x4 transforms (H.264, HEVC, VP8/VP9, AV1); each
/// figure takes its largest period.
struct BlockinessMeter {
    /// Block periods measured, each a divisor of 16.
    let periods: [Int]
    /// Step counts and position counts per phase (0…15), horizontal then vertical.
    private var steps = [Int](repeating: 0, count: 32)
    private var positions = [Int](repeating: 0, count: 32)

    init(codec: String) {
        let fourByFour: Set<String> = ["h264", "hevc", "vp8", "vp9", "av1", "vvc"]
        periods = fourByFour.contains(codec) ? [4, 8, 16] : [8, 16]
    }

    struct Reading: Equatable {
        /// Share of grid positions with a step minus share elsewhere (0…1).
        var score: Double
        /// How many times likelier a step is on the grid (≥ 0; about 1 when clean).
        var contrast: Double
        static let none = Reading(score: 0, contrast: 1)
    }

    /// The reading for `plane` (see the type's notes).
    mutating func measure(_ plane: LumaPlane) -> Reading {
        guard plane.width >= 24, plane.height >= 24 else { return .none }
        for i in 0..<32 {
            steps[i] = 0
            positions[i] = 0
        }
        // Sample about 130 rows (and as many columns' worth of rows) per
        // picture; a stride of 7 or 3 visits every phase of the 16-grid.
        let stride = plane.height >= 900 ? 7 : (plane.height >= 300 ? 3 : 1)
        let minimum = 2 << max(0, plane.bitDepth - 8)
        if plane.isWide {
            count(plane, stride: stride, minimum: minimum, row: plane.row16)
        } else {
            count(plane, stride: stride, minimum: minimum, row: plane.row8)
        }
        let horizontal = periods.map { shares(phaseOffset: 0, period: $0) }
        let vertical = periods.map { shares(phaseOffset: 16, period: $0) }
        let score = ((horizontal.map(\.difference).max() ?? 0) + (vertical.map(\.difference).max() ?? 0)) / 2
        let contrast = min(horizontal.map(\.ratio).max() ?? 1, vertical.map(\.ratio).max() ?? 1)
        return Reading(score: max(0, score), contrast: contrast)
    }

    private func shares(phaseOffset: Int, period: Int) -> (difference: Double, ratio: Double) {
        var onGrid = (steps: 0, positions: 0)
        var offGrid = (steps: 0, positions: 0)
        for phase in 0..<16 {
            if phase % period == period - 1 {
                onGrid.steps += steps[phaseOffset + phase]
                onGrid.positions += positions[phaseOffset + phase]
            } else {
                offGrid.steps += steps[phaseOffset + phase]
                offGrid.positions += positions[phaseOffset + phase]
            }
        }
        guard onGrid.positions > 0, offGrid.positions > 0 else { return (0, 1) }
        let on = Double(onGrid.steps) / Double(onGrid.positions)
        let off = Double(offGrid.steps) / Double(offGrid.positions)
        return (on - off, (on + 0.01) / (off + 0.01))
    }

    @inline(__always)
    private static func isStep(_ a: Int, _ b: Int, _ c: Int, _ d: Int, minimum: Int) -> Bool {
        // The step is between b and c; a and d are the samples outside it.
        // Both sides must be flat next to it (changing by at most half the
        // step), as the insides of blocks starved of detail are.
        let step = abs(c - b)
        return step >= minimum && 2 * max(abs(b - a), abs(d - c)) <= step
    }

    private mutating func count<T: FixedWidthInteger & UnsignedInteger>(
        _ plane: LumaPlane, stride: Int, minimum: Int, row: (Int) -> UnsafeBufferPointer<T>
    ) {
        let width = plane.width
        let height = plane.height
        // Vertical block edges: steps between columns x and x+1 along sampled rows.
        var y = 2
        while y < height - 2 {
            let r = row(y)
            for x in 1..<(width - 2)
            where Self.isStep(Int(r[x - 1]), Int(r[x]), Int(r[x + 1]), Int(r[x + 2]), minimum: minimum) {
                steps[x & 15] += 1
            }
            y += stride
        }
        let rowsSampled = (height - 4 + stride - 1) / stride
        for x in 1..<(width - 2) { positions[x & 15] += rowsSampled }

        // Horizontal block edges: steps between rows y and y+1 along sampled columns.
        for y in 1..<(height - 2) {
            let above = row(y - 1)
            let top = row(y)
            let bottom = row(y + 1)
            let below = row(y + 2)
            var found = 0
            var x = (y * 5) % stride
            var sampled = 0
            while x < width {
                if Self.isStep(Int(above[x]), Int(top[x]), Int(bottom[x]), Int(below[x]), minimum: minimum) {
                    found += 1
                }
                sampled += 1
                x += stride
            }
            steps[16 + (y & 15)] += found
            positions[16 + (y & 15)] += sampled
        }
    }
}
