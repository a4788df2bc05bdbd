/// A picture shrunk for a thumbnail: 8-bit full-range Y′CbCr 4:2:0 (as
/// JPEG stores it), `width` × `height` with both even.
public struct SmallPicture: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// `width × height` luma samples, row by row.
    public var y: [UInt8]
    /// `width/2 × height/2` samples each.
    public var cb: [UInt8]
    public var cr: [UInt8]

    /// `frame` point-sampled down to `width` columns (the height keeps the
    /// display aspect, both rounded to even), converted to 8-bit full
    /// range. Nil for a degenerate frame.
    public init?(frame: VideoFrame, width target: Int) {
        let luma = frame.luma
        guard luma.width >= 2, luma.height >= 2, target >= 2 else { return nil }
        let displayWidth = Double(luma.width) * frame.sampleAspect
        let width = max(2, min(target, luma.width) & ~1)
        let scaled = (Double(width) * Double(luma.height) / displayWidth).rounded()
        guard scaled.isFinite else { return nil }
        let height = max(2, min(Int(scaled), luma.height, 4096) & ~1)
        self.width = width
        self.height = height
        y = [UInt8](repeating: 0, count: width * height)
        cb = [UInt8](repeating: 128, count: width * height / 4)
        cr = [UInt8](repeating: 128, count: width * height / 4)
        let limited = luma.range == .limited
        func sample(_ plane: LumaPlane, _ x: Int, _ row: Int) -> Int {
            let shift = plane.bitDepth - 8
            if plane.isWide {
                let value = plane.base.load(fromByteOffset: row * plane.stride + 2 * x, as: UInt16.self)
                return Int(value) >> shift
            }
            return Int(plane.base.load(fromByteOffset: row * plane.stride + x, as: UInt8.self))
        }
        for row in 0..<height {
            let sourceRow = min(luma.height - 1, (2 * row + 1) * luma.height / (2 * height))
            for column in 0..<width {
                let sourceColumn = min(luma.width - 1, (2 * column + 1) * luma.width / (2 * width))
                var value = sample(luma, sourceColumn, sourceRow)
                if limited { value = (value - 16) * 255 / 219 }
                y[row * width + column] = UInt8(clamping: value)
            }
        }
        guard let chroma = frame.chroma else { return }
        let halfWidth = width / 2
        for row in 0..<(height / 2) {
            let lumaRow = min(luma.height - 1, (4 * row + 2) * luma.height / (2 * height))
            let chromaRow = min(chroma.cb.height - 1, lumaRow >> chroma.shiftY)
            for column in 0..<halfWidth {
                let lumaColumn = min(luma.width - 1, (4 * column + 2) * luma.width / (2 * width))
                let chromaColumn = min(chroma.cb.width - 1, lumaColumn >> chroma.shiftX)
                var blue = sample(chroma.cb, chromaColumn, chromaRow)
                var red = sample(chroma.cr, chromaColumn, chromaRow)
                if limited {
                    blue = 128 + (blue - 128) * 255 / 224
                    red = 128 + (red - 128) * 255 / 224
                }
                cb[row * halfWidth + column] = UInt8(clamping: blue)
                cr[row * halfWidth + column] = UInt8(clamping: red)
            }
        }
    }

    /// The mean of the luma samples, 0…255 (tests read thumbnails back with it).
    public var meanLuma: Double {
        y.isEmpty ? 0 : Double(y.reduce(0) { $0 + Int($1) }) / Double(y.count)
    }
}
