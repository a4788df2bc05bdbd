import AVQCModel

extension VideoFrame {
    /// The grid's shape for this picture: at most 48 × 27 cells, and no more
    /// cells than the chroma planes have samples.
    var gridShape: (columns: Int, rows: Int) {
        let width = chroma?.cb.width ?? luma.width
        let height = chroma?.cb.height ?? luma.height
        return (min(PictureGrid.maxColumns, max(width, 0)), min(PictureGrid.maxRows, max(height, 0)))
    }

    /// Computes the cell means into `storage` (grown once to three full
    /// grids) and returns the grid's shape and whether it has chroma.
    func computeGrid(into storage: inout [Float]) -> (columns: Int, rows: Int, chroma: Bool) {
        let (columns, rows) = gridShape
        let cells = columns * rows
        let needed = 3 * PictureGrid.maxColumns * PictureGrid.maxRows
        if storage.count < needed { storage = [Float](repeating: 0, count: needed) }
        guard cells > 0 else { return (0, 0, false) }
        storage.withUnsafeMutableBufferPointer { all in
            PictureKernels.cellMeans(
                luma, columns: columns, rows: rows, into: UnsafeMutableBufferPointer(rebasing: all[0..<cells]))
            if let chroma {
                PictureKernels.cellMeans(
                    chroma.cb, columns: columns, rows: rows,
                    into: UnsafeMutableBufferPointer(rebasing: all[cells..<(2 * cells)]))
                PictureKernels.cellMeans(
                    chroma.cr, columns: columns, rows: rows,
                    into: UnsafeMutableBufferPointer(rebasing: all[(2 * cells)..<(3 * cells)]))
            }
        }
        return (columns, rows, chroma != nil)
    }

    /// Calls `body` with the frame's grid: the shared one when the pipeline
    /// computed it, else computed into `scratch`.
    func withGrid<R>(scratch: inout [Float], _ body: (PictureGrid) -> R) -> R {
        if let grid { return body(grid) }
        let shape = computeGrid(into: &scratch)
        return scratch.withUnsafeBufferPointer { all in
            body(Self.grid(over: all, shape: shape, range: luma.range, matrix: matrix))
        }
    }

    /// A copy of the frame carrying its grid, computed into `buffer`, for `body`.
    public func sharingGrid(in buffer: inout [Float], _ body: (VideoFrame) -> Void) {
        let shape = computeGrid(into: &buffer)
        buffer.withUnsafeBufferPointer { all in
            var shared = self
            shared.grid = Self.grid(over: all, shape: shape, range: luma.range, matrix: matrix)
            body(shared)
        }
    }

    private static func grid(
        over all: UnsafeBufferPointer<Float>, shape: (columns: Int, rows: Int, chroma: Bool), range: ColorRange,
        matrix: ColorMatrix
    ) -> PictureGrid {
        let cells = shape.columns * shape.rows
        let empty = UnsafeBufferPointer(rebasing: all[0..<0])
        return PictureGrid(
            columns: shape.columns, rows: shape.rows, luma: UnsafeBufferPointer(rebasing: all[0..<cells]),
            cb: shape.chroma ? UnsafeBufferPointer(rebasing: all[cells..<(2 * cells)]) : empty,
            cr: shape.chroma ? UnsafeBufferPointer(rebasing: all[(2 * cells)..<(3 * cells)]) : empty,
            range: range, matrix: matrix)
    }
}
