import AVQCModel

@testable import AVQCDetectors

/// Pictures described by their cell means (what `GridReader`s read), for
/// feeding picture detectors without pixels: each frame is a full grid of
/// one background colour with the first `share` of its cells (in raster
/// order) painted another colour. Colours are 8-bit limited-range Y′CbCr.
struct SyntheticGrid {
    struct Color {
        var y: Float
        var cb: Float = 128
        var cr: Float = 128

        static let black = Color(y: 16)
        static let white = Color(y: 235)
        /// BT.601 Y′CbCr (limited range unless `full`) for an R′G′B′ colour given 0…1.
        static func rgb(_ r: Double, _ g: Double, _ b: Double, full: Bool = false) -> Color {
            let y = 0.299 * r + 0.587 * g + 0.114 * b
            let (black, scale, chroma) = full ? (0.0, 255.0, 255.0) : (16.0, 219.0, 224.0)
            return Color(
                y: Float(black + scale * y), cb: Float(128 + chroma * (b - y) / 1.772),
                cr: Float(128 + chroma * (r - y) / 1.402))
        }
    }

    let columns = PictureGrid.maxColumns
    let rows = PictureGrid.maxRows
    var fps: Double

    /// Feeds `detector` one frame per element of `frames`: (background, painted colour, painted share).
    func feed(_ frames: [(Color, Color, Double)], into detector: some Detector<VideoFrame>) {
        let cells = columns * rows
        feed(
            frames.map { background, painted, share in
                let paintedCells = Int((share * Double(cells)).rounded())
                return { _, _, index in index < paintedCells ? painted : background }
            }, into: detector)
    }

    /// Feeds `detector` one frame per element of `frames`, each giving the
    /// colour of the cell at (column, row, raster index).
    func feed(
        _ frames: [(Int, Int, Int) -> Color], into detector: some Detector<VideoFrame>, range: ColorRange = .limited
    ) {
        let cells = columns * rows
        var values = [Float](repeating: 0, count: 3 * cells)
        let pixel: [UInt8] = [16]
        pixel.withUnsafeBytes { raw in
            let luma = LumaPlane(
                base: raw.baseAddress!, stride: 1, width: 1, height: 1, bitDepth: 8, range: .limited)
            for (index, colorAt) in frames.enumerated() {
                for i in 0..<cells {
                    let color = colorAt(i % columns, i / columns, i)
                    values[i] = color.y
                    values[cells + i] = color.cb
                    values[2 * cells + i] = color.cr
                }
                values.withUnsafeBufferPointer { all in
                    var frame = VideoFrame(
                        luma: luma, index: index, time: Double(index) / fps, duration: 1 / fps, matrix: .bt601)
                    frame.grid = PictureGrid(
                        columns: columns, rows: rows, luma: UnsafeBufferPointer(rebasing: all[0..<cells]),
                        cb: UnsafeBufferPointer(rebasing: all[cells..<(2 * cells)]),
                        cr: UnsafeBufferPointer(rebasing: all[(2 * cells)..<(3 * cells)]), range: range,
                        matrix: .bt601)
                    detector.process(frame)
                }
            }
        }
    }

    /// A square wave: `on` for the first half of each period of `hertz`,
    /// `off` otherwise, from `start` to `end` seconds, and `off` outside;
    /// `seconds` long in all. Returns the frames and the transition frames.
    func flashing(
        hertz: Double, from start: Double, to end: Double, seconds: Double, on: Color = .white,
        off: Color = .black, share: Double = 1
    ) -> (frames: [(Color, Color, Double)], transitions: [Int]) {
        let count = Int((seconds * fps).rounded())
        var frames: [(Color, Color, Double)] = []
        var transitions: [Int] = []
        var last = false
        for n in 0..<count {
            let t = Double(n) / fps
            // Half-periods counted from `start`, with one tolerance throughout.
            let half = ((t - start) * 2 * hertz + 1e-9).rounded(.down)
            let lit = t >= start - 1e-9 && t < end - 1e-9 && Int(half) % 2 == 0
            if lit != last, n > 0 { transitions.append(n) }
            last = lit
            frames.append((off, on, lit ? share : 0))
        }
        return (frames, transitions)
    }
}
