import AVQCModel
import Testing

@testable import AVQCDetectors

@Suite struct BlackDetectorTests {
    func detector(minDuration: Double = 2) -> BlackDetector {
        BlackDetector(minDuration: minDuration, pictureRatio: 0.98, pixelThreshold: 0.10)
    }

    func isBlack(_ picture: SyntheticPicture) -> Bool {
        let d = detector()
        return picture.withFrame(index: 0) { frame in (d.blackRatio(of: frame.luma) ?? 0) >= 0.98 }
    }

    @Test(arguments: [
        // (bit depth, range, luma, black?)  thresholds: 8-bit limited 37, full 25; 10-bit limited 151, full 102
        (8, ColorRange.limited, 16, true), (8, .limited, 37, true), (8, .limited, 38, false),
        (8, .full, 0, true), (8, .full, 25, true), (8, .full, 26, false), (8, .full, 30, false),
        (8, .limited, 30, true),
        (10, .limited, 64, true), (10, .limited, 151, true), (10, .limited, 152, false),
        (10, .full, 102, true), (10, .full, 103, false), (12, .limited, 606, true), (12, .limited, 607, false),
        (16, .full, 6553, true), (16, .full, 6554, false),
    ])
    func thresholdFollowsRangeAndDepth(depth: Int, range: ColorRange, luma: Int, black: Bool) {
        #expect(isBlack(SyntheticPicture(bitDepth: depth, range: range, value: luma)) == black)
    }

    @Test func pictureRatioIsTheShareOfBlackPixels() {
        var picture = SyntheticPicture(width: 100, height: 10, value: 16)  // 1000 pixels
        picture.paint(first: 20, value: 200)  // 98.0 % black
        #expect(isBlack(picture))
        picture.paint(first: 21, value: 200)  // 97.9 %
        #expect(!isBlack(picture))
    }

    @Test func strideIsRespected() {
        // The padding is white; a detector reading it would see 7/71 non-black.
        #expect(isBlack(SyntheticPicture(width: 64, height: 36, value: 16)))
    }

    @Test func spanIsFrameExact() {
        let d = detector()
        let black = SyntheticPicture(value: 16)
        let bright = SyntheticPicture(value: 120)
        for i in 0..<200 {
            ((50..<125).contains(i) ? black : bright).withFrame(index: i) { d.process($0) }
        }
        let defects = d.finish(at: StreamEnd(position: StreamPosition(time: 8, frame: 200))).defects
        #expect(defects.count == 1)
        #expect(defects[0].start == 2.0 && defects[0].end == 5.0)
        #expect(defects[0].startFrame == 50 && defects[0].endFrame == 125)
        #expect(defects[0].defect(detector: "black", streamIndex: 0).startTimecode == "00:00:02.000")
    }

    @Test func shortBlackIsIgnoredAndTrailingBlackIsClosed() {
        let d = detector()
        let black = SyntheticPicture(value: 16)
        let bright = SyntheticPicture(value: 120)
        for i in 0..<150 {
            let isBlack = (10..<59).contains(i) || i >= 100  // 1.96 s, then 2.0 s to the end
            (isBlack ? black : bright).withFrame(index: i) { d.process($0) }
        }
        let defects = d.finish(at: StreamEnd(position: StreamPosition(time: 6, frame: 150))).defects
        #expect(defects.count == 1)
        #expect(defects[0].startFrame == 100 && defects[0].endFrame == 150 && defects[0].end == 6)
    }
}
