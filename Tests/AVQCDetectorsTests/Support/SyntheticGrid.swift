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
        /// Limited-range BT.601 for an R′G′B′ colour given 0…1.
        static func rgb(_ r: Double, _ g: Double, _ b: Double) -> Color {
            let y = 0.299 * r + 0.587 * g + 0.114 * b
            return Color(
                y: Float(16 + 219 * y), cb: Float(128 + 224 * (b - y) / 1.772), cr: Float(128 + 224 * (r - y) / 1.402))
        }
    }

    let columns = PictureGrid.maxColumns
    let rows = PictureGrid.maxRows
    var fps: Double

    /// Feeds `detector` one frame per element of `frames`: (background, painted colour, painted share).
    func feed(_ frames: [(Color, Color, Double)], into detector: some Detector<VideoFrame>) {
        let cells = columns * rows
        var values = [Float](repeating: 0, count: 3 * cells)
        let pixel: [UInt8] = [16]
        pixel.withUnsafeBytes { raw in
            let luma = LumaPlane(
                base: raw.baseAddress!, stride: 1, width: 1, height: 1, bitDepth: 8, range: .limited)
            for (index, (background, painted, share)) in frames.enumerated() {
                let paintedCells = Int((share * Double(cells)).rounded())
                for i in 0..<cells {
                    let color = i < paintedCells ? painted : background
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
                        cr: UnsafeBufferPointer(rebasing: all[(2 * cells)..<(3 * cells)]), range: .limited,
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
