import AVQCModel

/// Reads the frame-number barcode of av-drift-detector's sync pattern (PyPI
/// `av-drift-detector`, 0.x): three rows of sixteen data cells between a
/// white guard cell (left) and a black one (right), spanning 3%…97% of the
/// width, rows 7.5% of the height tall from 4% down. The 48 bits, most
/// significant first, are version:4 | fps code:4 | frame id:24 |
/// reserved:8 | CRC-8:8; version 2 (the package's 0.6) Gray-codes the id, so
/// that a picture caught between two frames differs in one bit (version 1:
/// plain binary; both measured on the package's own output). The guards
/// give the black and white levels, so the threshold follows range
/// conversion and re-encoding.
///
/// The CRC's polynomial is not published with the package; instead a frame
/// counts only with version 1 or 2, a guard contrast of at least 48 codes
/// (8-bit scale) and every cell clearly on one side of the threshold; the
/// audio side must then carry the same ids for a pattern to be measured.
struct StampReader {
    static let rows = 3
    static let dataColumns = 16
    private static let x0 = 0.03
    private static let x1 = 0.97
    private static let y0 = 0.04
    private static let rowHeight = 0.075

    /// The frame id the picture carries, or nil.
    static func read(_ plane: LumaPlane) -> Int? {
        guard plane.width >= 64, plane.height >= 36 else { return nil }
        let columns = dataColumns + 2
        let cellWidth = (x1 - x0) / Double(columns)
        let scale = plane.isWide ? Double(1 << (plane.bitDepth - 8)) : 1
        var bits: UInt64 = 0
        for row in 0..<rows {
            let top = y0 + Double(row) * rowHeight
            let white = cellMean(plane, x: x0, y: top, width: cellWidth, height: rowHeight) / scale
            let black =
                cellMean(plane, x: x0 + Double(columns - 1) * cellWidth, y: top, width: cellWidth, height: rowHeight)
                / scale
            guard white - black >= 48 else { return nil }
            let threshold = (white + black) / 2
            let margin = (white - black) / 4
            for column in 1...dataColumns {
                let value =
                    cellMean(
                        plane, x: x0 + Double(column) * cellWidth, y: top, width: cellWidth, height: rowHeight) / scale
                guard abs(value - threshold) >= margin else { return nil }
                bits = bits << 1 | (value > threshold ? 1 : 0)
            }
        }
        let field = Int((bits >> 16) & 0xFF_FFFF)
        switch bits >> 44 {
        case 1: return field
        case 2:
            var id = field
            var shift = field >> 1
            while shift != 0 {
                id ^= shift
                shift >>= 1
            }
            return id
        default: return nil
        }
    }

    /// Mean code of the middle half of a cell (fractions of the frame).
    private static func cellMean(_ plane: LumaPlane, x: Double, y: Double, width: Double, height: Double) -> Double {
        let w = Double(plane.width)
        let h = Double(plane.height)
        let left = Int((x + width / 4) * w)
        let right = max(left + 1, Int((x + 3 * width / 4) * w))
        let top = Int((y + height / 4) * h)
        let bottom = max(top + 1, Int((y + 3 * height / 4) * h))
        guard left >= 0, right <= plane.width, top >= 0, bottom <= plane.height else { return 0 }
        var sum = 0.0
        var count = 0
        var row = top
        let step = max(1, (bottom - top) / 4)
        while row < bottom {
            if plane.isWide {
                let line = plane.row16(row)
                for i in left..<right { sum += Double(line[i]) }
            } else {
                let line = plane.row8(row)
                for i in left..<right { sum += Double(line[i]) }
            }
            count += right - left
            row += step
        }
        return count > 0 ? sum / Double(count) : 0
    }
}
