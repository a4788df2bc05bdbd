import AVQCModel

/// Loops over whole planes that produce per-frame products (cell means).
/// Like `LumaKernels`, they read the decoder's memory in place and allocate
/// nothing.
enum PictureKernels {
    /// Writes the mean of each cell of a `columns × rows` grid over `plane`
    /// into `out` (row-major), in 8-bit code units. Cells taller than 4
    /// rows are sampled on evenly spaced rows (4 to 7 per cell): a mean over
    /// a cell needs no more, and it keeps the cost low at 1080p and up
    /// (every sample of those rows is read).
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
                let step = max(1, (y1 - y0) / 4)
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
        if plane.isWide {
            let row = plane.row16(y)
            var sum: UInt64 = 0
            var maximum: UInt16 = 0
            for value in row {
                sum &+= UInt64(value)
                maximum = max(maximum, value)
            }
            return (Int(sum), Int(maximum))
        }
        let row = plane.row8(y)
        var sum: UInt32 = 0
        var maximum: UInt8 = 0
        for value in row {
            sum &+= UInt32(value)
            maximum = max(maximum, value)
        }
        return (Int(sum), Int(maximum))
    }

    /// Per-column sums and maxima over `rows` of `plane`, written into the
    /// first `width` entries of `sums` and `maxima` (which must be that
    /// long). Returns the number of rows read.
    static func columnStatistics(
        _ plane: LumaPlane, rows: StrideTo<Int>, sums: inout [UInt32], maxima: inout [UInt16]
    ) -> Int {
        let width = plane.width
        guard sums.count >= width, maxima.count >= width else { return 0 }
        var count = 0
        sums.withUnsafeMutableBufferPointer { sums in
            maxima.withUnsafeMutableBufferPointer { maxima in
                for x in 0..<width {
                    sums[x] = 0
                    maxima[x] = 0
                }
                for y in rows {
                    count += 1
                    if plane.isWide {
                        let row = plane.row16(y)
                        for x in 0..<width {
                            sums[x] &+= UInt32(row[x])
                            maxima[x] = max(maxima[x], row[x])
                        }
                    } else {
                        let row = plane.row8(y)
                        for x in 0..<width {
                            sums[x] &+= UInt32(row[x])
                            maxima[x] = max(maxima[x], UInt16(row[x]))
                        }
                    }
                }
            }
        }
        return count
    }
}
