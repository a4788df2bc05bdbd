import AVQCModel
import Testing

@testable import AVQCDetectors

/// `broadcast-range` on 8-bit and 10-bit pictures made in memory.
@Suite struct BroadcastRangeDetectorTests {
    /// Measures a 64x36 picture of luma `base` with `share` of it at `lifted`
    /// and, with `chroma`, 4:2:0 planes all at (cb, cr).
    func levels(
        base: Int = 120, lifted: Int, share: Double, bitDepth: Int = 8, range: ColorRange = .limited,
        chroma: (Int, Int)? = nil, strict: Bool = false
    ) -> BroadcastRangeDetector.FrameLevels {
        var picture = SyntheticPicture(bitDepth: bitDepth, range: range, value: base)
        picture.paint(first: Int(share * 64 * 36), value: lifted)
        let detector = BroadcastRangeDetector(strict: strict)
        guard let (cb, cr) = chroma else { return picture.withFrame(index: 0) { detector.measure($0) } }
        let planeCb = [UInt8](repeating: UInt8(cb), count: 32 * 18)
        let planeCr = [UInt8](repeating: UInt8(cr), count: 32 * 18)
        return picture.withFrame(index: 0) { frame in
            planeCb.withUnsafeBytes { b in
                planeCr.withUnsafeBytes { r in
                    let planes = ChromaPlanes(
                        cb: LumaPlane(
                            base: b.baseAddress!, stride: 32, width: 32, height: 18, bitDepth: 8, range: range),
                        cr: LumaPlane(
                            base: r.baseAddress!, stride: 32, width: 32, height: 18, bitDepth: 8, range: range),
                        shiftX: 1, shiftY: 1)
                    return detector.measure(
                        VideoFrame(
                            luma: frame.luma, index: 0, time: 0, duration: 0.04, chroma: planes, matrix: .bt709))
                }
            }
        }
    }

    @Test func lumaOutsideTheTolerantAndStrictRanges() {
        // 250 is above 246 (105 %): 10 % of the picture outside.
        let high = levels(lifted: 250, share: 0.1)
        #expect(high.lumaOutside == 230 && high.pixels == 2304)
        #expect(abs(high.highest - (250.0 - 16) / 219) < 1e-9)
        // 240 is inside the tolerant range, outside the strict one; 4 is below 5.
        #expect(levels(lifted: 240, share: 0.1).lumaOutside == 0)
        #expect(levels(lifted: 240, share: 0.1, strict: true).lumaOutside == 230)
        #expect(levels(lifted: 4, share: 0.1).lumaOutside == 230)
        #expect(levels(lifted: 5, share: 0.1).lumaOutside == 0)
        // Full range: every code is legal luma.
        #expect(levels(lifted: 255, share: 0.5, range: .full).lumaOutside == 0)
        // 10-bit: 984 is the tolerant top, 1000 is outside.
        #expect(levels(base: 480, lifted: 984, share: 0.1, bitDepth: 10).lumaOutside == 0)
        #expect(levels(base: 480, lifted: 1000, share: 0.1, bitDepth: 10).lumaOutside == 230)
    }

    @Test func gamutFromChromaWithLegalLuma() {
        // Mid grey with neutral chroma is in gamut; saturated Cr at 255 puts red far above 105 %.
        #expect(levels(lifted: 120, share: 0, chroma: (128, 128)).gamutOutside == 0)
        let red = levels(lifted: 120, share: 0, chroma: (128, 255))
        #expect(red.lumaOutside == 0 && red.gamutOutside == 2304)
        #expect(red.highest > 1.05)
    }

    @Test func spansOfFramesOverTheShare() throws {
        let detector = BroadcastRangeDetector(maxShare: 0.01, mergeGap: 0)
        for index in 0..<75 {
            var picture = SyntheticPicture(value: 120)
            if (25..<50).contains(index) { picture.paint(first: 100, value: 252) }  // 4.3 %
            if index == 60 { picture.paint(first: 10, value: 252) }  // 0.4 %: under the share
            picture.withFrame(index: index) { detector.process($0) }
        }
        let findings = detector.finish(at: StreamEnd(position: StreamPosition(time: 3, frame: 75))).findings
        try #require(findings.count == 1)
        #expect(findings[0].start == 1 && findings[0].end == 2)
        #expect(findings[0].details["signals"] == .string("luma"))
        #expect(findings[0].details["worstFrame"] != nil)
    }
}
