import AVQCModel
import Testing

@testable import AVQCDetectors

/// `color-bars` on pictures described by their cell means.
@Suite struct ColorBarsDetectorTests {
    typealias Color = SyntheticGrid.Color

    /// EG 1's seven 75 % bars across the top two thirds, grey below.
    static func eg1(full: Bool = false, shift: @escaping (Int) -> (Float, Float, Float) = { _ in (0, 0, 0) })
        -> (Int, Int, Int) -> Color
    {
        let bars: [(Double, Double, Double)] = [
            (0.75, 0.75, 0.75), (0.75, 0.75, 0), (0, 0.75, 0.75), (0, 0.75, 0), (0.75, 0, 0.75), (0.75, 0, 0),
            (0, 0, 0.75),
        ]
        return { column, row, _ in
            guard row < 18 else { return Color.rgb(0.1, 0.1, 0.1, full: full) }
            let bar = min(6, column * 7 / PictureGrid.maxColumns)
            var color = Color.rgb(bars[bar].0, bars[bar].1, bars[bar].2, full: full)
            let (dy, dcb, dcr) = shift(bar)
            color.y += dy
            color.cb += dcb
            color.cr += dcr
            return color
        }
    }

    func run(_ frames: [(Int, Int, Int) -> Color], range: ColorRange = .limited, tolerance: Double = 0.05)
        -> [Finding]
    {
        let detector = ColorBarsDetector(tolerance: tolerance, minDuration: 0.5)
        SyntheticGrid(fps: 25).feed(frames, into: detector, range: range)
        return detector.finish(
            at: StreamEnd(position: StreamPosition(time: Double(frames.count) / 25, frame: frames.count))
        ).findings
    }

    @Test func barsForOneSecondThenPictureWithinOneFrame() throws {
        let picture: (Int, Int, Int) -> Color = { column, row, _ in
            Color.rgb(Double(column) / 48, Double(row) / 27, 0.3)
        }
        let frames = Array(repeating: Self.eg1(), count: 25) + Array(repeating: picture, count: 25)
        let findings = run(frames)
        try #require(findings.count == 1)
        #expect(findings[0].start == 0 && findings[0].end == 1)
        #expect(findings[0].startFrame == 0 && findings[0].endFrame == 25)
        #expect(findings[0].details["pattern"] == .string("smpte-eg1"))
        #expect(findings[0].details["matrix"] == .string("bt601"))
    }

    @Test func fullRangeBarsAndTheTolerance() {
        let frames = Array(repeating: Self.eg1(full: true), count: 25)
        #expect(run(frames, range: .full).count == 1)
        // Read as limited range, full-range bars are off by more than 5 %.
        #expect(run(frames, range: .limited).isEmpty)
        // Cr 4 % off on one bar passes at 5 %, fails at 3 %.
        let shifted = Array(repeating: Self.eg1 { $0 == 3 ? (0, 0, 9) : (0, 0, 0) }, count: 25)
        #expect(run(shifted).count == 1)
        #expect(run(shifted, tolerance: 0.03).isEmpty)
    }

    @Test func oneWrongBarOrAGreyPictureIsNotBars() {
        // Blue replaced by black: every other bar matches, one does not.
        let wrong = Self.eg1 { $0 == 6 ? (-16, -96, 10) : (0, 0, 0) }
        #expect(run(Array(repeating: wrong, count: 25)).isEmpty)
        let grey: (Int, Int, Int) -> Color = { column, _, _ in Color(y: Float(16 + column * 4)) }
        #expect(run(Array(repeating: grey, count: 25)).isEmpty)
    }
}
