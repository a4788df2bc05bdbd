import AVQCMedia
import AVQCModel

/// The screening pass's sink: audio goes on to the detector bank (audio is
/// decoded in full, it is cheap); each decoded video keyframe is reduced to
/// a small picture signature for `ScreenPlanner`.
final class KeyframeProbe: FrameSink {
    /// A keyframe as the planner sees it.
    struct Keyframe {
        /// Presentation time in seconds.
        var time: Double
        /// Share of sampled pixels at or below `blackLevel` (0…1).
        var darkShare: Double
        /// Mean level of each of `cells` cells, 0…1 of the nominal range.
        var cells: [Float]
    }

    let bank: DetectorBank
    /// A sampled pixel counts as dark at or below this share of the range above black.
    let blackLevel: Double
    private(set) var keyframes: [Int: [Keyframe]] = [:]
    /// The signature grid: `columns` × `rows` cells.
    static let columns = 16
    static let rows = 9
    /// Pixels sampled: every `step`-th in both directions.
    static let step = 4

    init(bank: DetectorBank, blackLevel: Double) {
        self.bank = bank
        self.blackLevel = blackLevel
    }

    func audio(_ block: AudioBlock, stream: Int) {
        bank.audio(block, stream: stream)
    }

    func video(_ frame: VideoFrame, stream: Int) {
        let luma = frame.luma
        guard luma.width > 0, luma.height > 0 else { return }
        let black = luma.blackCode
        let span = max(1, luma.whiteCode - black)
        let darkCode = black + blackLevel * span
        var sums = [Double](repeating: 0, count: Self.columns * Self.rows)
        var counts = [Int](repeating: 0, count: Self.columns * Self.rows)
        var dark = 0
        var sampled = 0
        /// Adds every `step`-th sample of one row to its cells.
        func sample<Pixel: BinaryInteger>(_ pixels: UnsafeBufferPointer<Pixel>, row: Int) {
            var x = 0
            while x < luma.width {
                let code = Double(pixels[x])
                let cell = row * Self.columns + min(Self.columns - 1, x * Self.columns / luma.width)
                sums[cell] += code
                counts[cell] += 1
                if code <= darkCode { dark += 1 }
                sampled += 1
                x += Self.step
            }
        }
        var y = 0
        while y < luma.height {
            let row = min(Self.rows - 1, y * Self.rows / luma.height)
            if luma.isWide { sample(luma.row16(y), row: row) } else { sample(luma.row8(y), row: row) }
            y += Self.step
        }
        let cells = zip(sums, counts).map { sum, count in
            count > 0 ? Float((sum / Double(count) - black) / span) : 0
        }
        keyframes[stream, default: []].append(
            Keyframe(time: frame.time, darkShare: sampled > 0 ? Double(dark) / Double(sampled) : 0, cells: cells))
    }
}
