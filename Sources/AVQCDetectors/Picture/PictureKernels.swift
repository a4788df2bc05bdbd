import AVQCModel

/// Loops over whole planes that produce per-frame products (cell means).
/// Like `LumaKernels`, they read the decoder's memory in place and allocate
/// nothing.
enum PictureKernels {
    /// Writes the mean of each cell of a `columns × rows` grid over `plane`
    /// into `out` (row-major), in 8-bit code units. Cells taller than 2
    /// rows are sampled on evenly spaced rows (2 or 3 per cell, every sample
    /// of those rows): enough for the uniform areas grid readers look for
    /// (flashes, bars, dark pictures), and cheap at 1080p and up.
    static func cellMeans(_ plane: LumaPlane, columns: Int, rows: Int, into out: UnsafeMutableBufferPointer<Float>) {
        guard columns > 0, rows > 0, columns <= 4096, plane.width >= columns, plane.height >= rows,
            out.count >= columns * rows
        else {
            for i in out.indices { out[i] = 0 }
            return
        }
        let unit = Float(1 << (plane.bitDepth - 8))
        withUnsafeTemporaryAllocation(of: Int.self, capacity: columns + 1) { edges in
            for c in 0...columns { edges[c] = c * plane.width / columns }
            for r in 0..<rows {
                let y0 = r * plane.height / rows
                let y1 = (r + 1) * plane.height / rows
                let step = max(1, (y1 - y0) / 2)
                var sampled = 0
                for c in 0..<columns { out[r * columns + c] = 0 }
                for y in stride(from: y0, to: y1, by: step) {
                    sampled += 1
                    if plane.isWide {
                        let row = plane.row16(y)
                        for c in 0..<columns { out[r * columns + c] += Float(rowSum(row, edges[c], edges[c + 1])) }
                    } else {
                        let row = plane.row8(y)
                        for c in 0..<columns { out[r * columns + c] += Float(rowSum(row, edges[c], edges[c + 1])) }
                    }
                }
                for c in 0..<columns {
                    let count = Float((edges[c + 1] - edges[c]) * sampled)
                    out[r * columns + c] /= count * unit
                }
            }
        }
    }

    @inline(__always)
    private static func rowSum(_ row: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> UInt32 {
        var sum: UInt32 = 0
        for x in from..<to { sum &+= UInt32(row[x]) }
        return sum
    }

    @inline(__always)
    private static func rowSum(_ row: UnsafeBufferPointer<UInt16>, _ from: Int, _ to: Int) -> UInt32 {
        var sum: UInt32 = 0
        for x in from..<to { sum &+= UInt32(row[x]) }
        return sum
    }

    /// The sum and the largest sample of row `y`.
    static func rowStatistics(_ plane: LumaPlane, _ y: Int) -> (sum: Int, maximum: Int) {
        plane.isWide ? rowStatistics(plane.row16(y)) : rowStatistics(plane.row8(y))
    }

    @inline(__always)
    private static func rowStatistics<T: FixedWidthInteger & UnsignedInteger>(
        _ row: UnsafeBufferPointer<T>
    ) -> (sum: Int, maximum: Int) {
        var sum: UInt64 = 0
        var maximum: T = 0
        for value in row {
            sum &+= UInt64(value)
            maximum = max(maximum, value)
        }
        return (Int(truncatingIfNeeded: sum), Int(maximum))
    }

    /// The sum and the largest sample of column `x` over `rows`.
    static func columnStatistics(_ plane: LumaPlane, column x: Int, rows: StrideTo<Int>) -> (sum: Int, maximum: Int) {
        guard x >= 0, x < plane.width else { return (0, 0) }
        var sum = 0
        var maximum = 0
        for y in rows {
            let value = plane.isWide ? Int(plane.row16(y)[x]) : Int(plane.row8(y)[x])
            sum += value
            maximum = max(maximum, value)
        }
        return (sum, maximum)
    }
}
