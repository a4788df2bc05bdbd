/// Mean Y′, Cb and Cr over each cell of a coarse grid laid over a picture:
/// the per-frame product several picture detectors read (flashes, colour
/// bars). A view valid only during the call it is handed to.
///
/// The grid has `columns × rows` cells (at most `maxColumns × maxRows`,
/// fewer for pictures, or chroma planes, narrower or shorter than that).
/// Cell edges fall at `i * size / count` of each plane, so 4:2:0 chroma
/// cells cover the same picture area as the luma cells up to rounding.
public struct PictureGrid {
    public static let maxColumns = 48
    public static let maxRows = 27

    public let columns: Int
    public let rows: Int
    /// Cell means in 8-bit code units (a 10-bit 940 reads 235.0), row-major.
    public let luma: UnsafeBufferPointer<Float>
    /// Cb cell means (same units; 128 is neutral); empty without chroma.
    public let cb: UnsafeBufferPointer<Float>
    /// Cr cell means (same units); empty without chroma.
    public let cr: UnsafeBufferPointer<Float>
    /// The picture's range and matrix, for turning means into R′G′B′.
    public let range: ColorRange
    public let matrix: ColorMatrix

    public init(
        columns: Int, rows: Int, luma: UnsafeBufferPointer<Float>, cb: UnsafeBufferPointer<Float>,
        cr: UnsafeBufferPointer<Float>, range: ColorRange, matrix: ColorMatrix
    ) {
        self.columns = columns
        self.rows = rows
        self.luma = luma
        self.cb = cb
        self.cr = cr
        self.range = range
        self.matrix = matrix
    }

    /// Number of cells.
    public var cellCount: Int { columns * rows }

    /// True when the cells carry chroma means.
    public var hasChroma: Bool { cb.count == cellCount && cr.count == cellCount }
}
