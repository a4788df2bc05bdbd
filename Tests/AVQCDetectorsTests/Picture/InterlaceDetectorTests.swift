import AVQCModel
import Testing

@testable import AVQCDetectors

/// `interlace` on luma pictures made in memory: a bright vertical bar that
/// moves 6 pixels a field across a dark picture, sampled per field.
@Suite struct InterlaceDetectorTests {
    /// The bar's picture at field time `t` (fields count from 0).
    static func barAt(_ t: Int, row: Int, x: Int) -> Int {
        let left = 10 + 6 * t
        return x >= left && x < left + 12 ? 200 : 40
    }

    /// Frame `n` woven from fields: with `topFirst`, even rows at field time
    /// 2n and odd rows at 2n + 1; otherwise the reverse.
    static func woven(_ n: Int, topFirst: Bool) -> SyntheticPicture {
        var picture = SyntheticPicture(width: 128, height: 64, value: 40)
        for y in 0..<picture.height {
            let even = y % 2 == 0
            let t = 2 * n + (even == topFirst ? 0 : 1)
            for x in 0..<picture.width { picture.samples[y * picture.stride + x] = UInt16(barAt(t % 16, row: y, x: x)) }
        }
        return picture
    }

    /// Frame `n` of the same motion, progressive (one moment per frame).
    static func progressive(_ n: Int) -> SyntheticPicture {
        var picture = SyntheticPicture(width: 128, height: 64, value: 40)
        for y in 0..<picture.height {
            for x in 0..<picture.width {
                picture.samples[y * picture.stride + x] = UInt16(barAt((2 * n) % 16, row: y, x: x))
            }
        }
        return picture
    }

    func run(_ frames: [(SyntheticPicture, FieldScan)]) -> DetectorResult {
        let detector = InterlaceDetector()
        for (index, (picture, scan)) in frames.enumerated() {
            picture.withFrame(index: index) { frame in
                detector.process(
                    VideoFrame(
                        luma: frame.luma, index: frame.index, time: frame.time, duration: frame.duration, scan: scan))
            }
        }
        return detector.finish(
            at: StreamEnd(position: StreamPosition(time: Double(frames.count) / 25, frame: frames.count)))
    }

    @Test func wovenFramesFlaggedProgressiveAreCombedFromTheirFirstJudgedFrame() throws {
        let frames =
            (0..<25).map { (Self.progressive($0), FieldScan.progressive) }
            + (25..<75).map { (Self.woven($0, topFirst: true), FieldScan.progressive) }
            + (75..<100).map { (Self.progressive($0), FieldScan.progressive) }
        let result = run(frames)
        try #require(result.findings.count == 1, "\(result.findings)")
        #expect(abs(result.findings[0].start - 1) <= 0.04 + 1e-9 && abs(result.findings[0].end - 3) <= 0.04 + 1e-9)
        #expect(result.findings[0].details["rule"] == .string("combing"))
    }

    @Test func stillStripesAreTextureNotCombing() {
        // Alternate rows bright and dark, never moving: combed-looking, but still.
        var stripes = SyntheticPicture(width: 128, height: 64, value: 40)
        for y in stride(from: 0, to: 64, by: 2) { stripes.paint(x: 0, y: y, width: 128, height: 1, value: 200) }
        #expect(
            InterlaceDetector.combedShare(
                stripes.withFrame(index: 0) { $0.luma }, previous: LumaSnapshot(), threshold: 0.08) == 0)
        #expect(run(Array(repeating: (stripes, FieldScan.progressive), count: 50)).findings.isEmpty)
    }

    @Test func fieldOrderAgainstTheFlag() throws {
        let tff = (0..<50).map { (Self.woven($0, topFirst: true), FieldScan.topFieldFirst) }
        let clean = run(tff)
        #expect(clean.findings.isEmpty)
        #expect(clean.measurements.first?.values["measuredFieldOrder"] == .string("tff"))
        // Bottom-field-first pictures flagged top field first.
        let wrong = run((0..<50).map { (Self.woven($0, topFirst: false), FieldScan.topFieldFirst) })
        try #require(wrong.findings.count == 1)
        #expect(wrong.findings[0].details["measuredOrder"] == .string("bff"))
        #expect(wrong.findings[0].details["flaggedOrder"] == .string("tff"))
        #expect(wrong.findings[0].start == 0 && abs(wrong.findings[0].end - 2) <= 0.04 + 1e-9)
        // Correctly flagged bottom field first is clean.
        #expect(run((0..<50).map { (Self.woven($0, topFirst: false), FieldScan.bottomFieldFirst) }).findings.isEmpty)
    }

    @Test func pulldownCadence() {
        #expect(InterlaceDetector.isPulldown(0b00011_00011))
        #expect(InterlaceDetector.isPulldown(0b10001_10001))
        #expect(InterlaceDetector.isPulldown(0b00110_00110))
        #expect(!InterlaceDetector.isPulldown(0b00101_00101))  // not adjacent
        #expect(!InterlaceDetector.isPulldown(0b00011_00110))  // not repeating
        #expect(!InterlaceDetector.isPulldown(0b00111_00111))  // three in five
        #expect(!InterlaceDetector.isPulldown(0))
    }
}
