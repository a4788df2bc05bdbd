import AVQCModel

/// Loops over whole planes that produce per-frame products (cell means).
/// Like `LumaKernels`, they read the decoder's memory in place and allocate
/// nothing.
enum PictureKernels {
    /// Writes the mean of each cell of a `columns × rows` grid over `plane`
    /// into `out` (row-major), in 8-bit code units.
    static func cellMeans(_ plane: LumaPlane, columns: Int, rows: Int, into out: UnsafeMutableBufferPointer<Float>) {
        guard columns > 0, rows > 0, plane.width >= columns, plane.height >= rows, out.count >= columns * rows else {
            for i in out.indices { out[i] = 0 }
            return
        }
        let unit = Float(1 << (plane.bitDepth - 8))
        for r in 0..<rows {
            let y0 = r * plane.height / rows
            let y1 = (r + 1) * plane.height / rows
            for c in 0..<columns { out[r * columns + c] = 0 }
            for y in y0..<y1 {
                for c in 0..<columns {
                    let x0 = c * plane.width / columns
                    let x1 = (c + 1) * plane.width / columns
                    let sum = plane.isWide ? rowSum(plane.row16(y), x0, x1) : rowSum(plane.row8(y), x0, x1)
                    out[r * columns + c] += Float(sum)
                }
            }
            for c in 0..<columns {
                let x0 = c * plane.width / columns
                let x1 = (c + 1) * plane.width / columns
                let count = Float((x1 - x0) * (y1 - y0))
                out[r * columns + c] /= count * unit
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
}
