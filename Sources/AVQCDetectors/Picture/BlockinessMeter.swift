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
final class BlockinessMeter {
    /// Block periods measured, each a divisor of 16.
    let periods: [Int]
    /// Step counts and position counts per phase (0…15), column pass then
    /// row pass. Raw storage, allocated once: the per-pixel loops touch it
    /// without bounds or exclusivity checks.
    private let steps = UnsafeMutablePointer<Int>.allocate(capacity: 32)
    private let positions = UnsafeMutablePointer<Int>.allocate(capacity: 32)
    /// One row of step flags, grown to the widest picture seen.
    private var flags = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
    private var flagCapacity = 1

    deinit {
        steps.deallocate()
        positions.deallocate()
        flags.deallocate()
    }

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
    func measure(_ plane: LumaPlane) -> Reading {
        guard plane.width >= 24, plane.height >= 24 else { return .none }
        steps.update(repeating: 0, count: 32)
        positions.update(repeating: 0, count: 32)
        if flagCapacity < plane.width {
            flags.deallocate()
            flags = .allocate(capacity: plane.width)
            flagCapacity = plane.width
        }
        // Sample about 150 rows per picture in each pass; a stride of 7 or 3
        // (coprime with 16) visits every phase of the 16-grid.
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

    /// Marks in `flags[x]` (1 or 0) whether there is an isolated step between
    /// `b[x]` and `c[x]`, with `a[x]` before and `d[x]` after it: at least
    /// `minimum`, with both sides changing by at most half the step (flat, as
    /// the insides of blocks starved of detail are). Branch-free so that it
    /// vectorizes.
    @inline(__always)
    private static func markSteps<T: FixedWidthInteger & UnsignedInteger>(
        _ a: UnsafePointer<T>, _ b: UnsafePointer<T>, _ c: UnsafePointer<T>, _ d: UnsafePointer<T>, count: Int,
        minimum: Int32, into flags: UnsafeMutablePointer<UInt8>
    ) {
        for x in 0..<count {
            let pa = Int32(truncatingIfNeeded: a[x])
            let pb = Int32(truncatingIfNeeded: b[x])
            let pc = Int32(truncatingIfNeeded: c[x])
            let pd = Int32(truncatingIfNeeded: d[x])
            let step = abs(pc &- pb)
            let side = max(abs(pb &- pa), abs(pd &- pc))
            flags[x] = (step >= minimum) && (side &* 2 <= step) ? 1 : 0
        }
    }

    private func count<T: FixedWidthInteger & UnsignedInteger>(
        _ plane: LumaPlane, stride: Int, minimum: Int, row: (Int) -> UnsafeBufferPointer<T>
    ) {
        let width = plane.width
        let height = plane.height
        let minimum = Int32(minimum)
        let flags = self.flags
        let steps = self.steps
        let positions = self.positions
        // Vertical block edges: steps between columns x and x+1 (x = 1…width−3)
        // along sampled rows; flags[i] is for x = i + 1.
        var y = 2
        var rows = 0
        while y < height - 2 {
            guard let p = row(y).baseAddress else { break }
            Self.markSteps(p, p + 1, p + 2, p + 3, count: width - 3, minimum: minimum, into: flags)
            var i = 0
            while i + 16 <= width - 3 {
                for k in 0..<16 { steps[(i + k + 1) & 15] &+= Int(flags[i + k]) }
                i += 16
            }
            while i < width - 3 {
                steps[(i + 1) & 15] &+= Int(flags[i])
                i += 1
            }
            rows += 1
            y += stride
        }
        for x in 1..<(width - 2) { positions[x & 15] += rows }

        // Horizontal block edges: steps between rows y and y+1 along whole
        // sampled rows; a stride coprime with 16 visits every phase.
        y = 1
        while y < height - 2 {
            guard let above = row(y - 1).baseAddress, let top = row(y).baseAddress,
                let bottom = row(y + 1).baseAddress, let below = row(y + 2).baseAddress
            else { break }
            Self.markSteps(above, top, bottom, below, count: width, minimum: minimum, into: flags)
            var found: UInt32 = 0
            for i in 0..<width { found &+= UInt32(flags[i]) }
            steps[16 + (y & 15)] += Int(found)
            positions[16 + (y & 15)] += width
            y += stride
        }
    }
}
