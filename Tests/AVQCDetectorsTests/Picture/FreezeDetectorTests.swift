import AVQCModel
import Testing

@testable import AVQCDetectors

@Suite struct FreezeDetectorTests {
    @Test func stillRunStartsAtItsFirstFrame() {
        let d = FreezeDetector(noiseDecibels: -60, minDuration: 2)
        for i in 0..<250 {
            // Moving picture, except frames 100...179 repeat frame 100 (with tiny noise).
            var picture = SyntheticPicture(value: (100..<180).contains(i) ? 100 : 40 + i % 100)
            if (101..<180).contains(i) { picture.paint(first: 1, value: 101) }
            picture.withFrame(index: i) { d.process($0) }
        }
        let defects = d.finish(at: StreamEnd(position: StreamPosition(time: 10, frame: 250))).defects
        #expect(defects.count == 1)
        #expect(defects[0].startFrame == 100 && defects[0].endFrame == 180)
        #expect(defects[0].start == 4.0 && defects[0].end == 7.2)
    }

    @Test func slowFadeIsNotAFreeze() {
        // One code per 4 frames: next to the previous frame it is under the
        // -60 dB floor (mean 0.25 of 256 codes), but it drifts from the run's first frame.
        let d = FreezeDetector(noiseDecibels: -60, minDuration: 2)
        for i in 0..<250 {
            var picture = SyntheticPicture(value: 50 + i / 4)
            picture.paint(first: (i % 4) * 64 * 36 / 4, value: 51 + i / 4)
            picture.withFrame(index: i) { d.process($0) }
        }
        #expect(d.finish(at: StreamEnd(position: StreamPosition(time: 10, frame: 250))).defects.isEmpty)
    }

    @Test func noiseFloorIsRelativeToBitDepth() {
        // 10-bit: the -60 dB floor is 1.024 codes of mean difference.
        let d = FreezeDetector(noiseDecibels: -60, minDuration: 1)
        let base = SyntheticPicture(bitDepth: 10, value: 400)
        let slightlyOff = SyntheticPicture(bitDepth: 10, value: 401)  // mean diff 1 code: frozen
        let clearlyOff = SyntheticPicture(bitDepth: 10, value: 402)  // mean diff 2 codes: moving
        base.withFrame(index: 0) { frame in
            d.process(frame)
        }
        #expect(slightlyOff.withFrame(index: 1) { d.difference(of: $0.luma) } != nil)
        #expect(clearlyOff.withFrame(index: 1) { d.difference(of: $0.luma) } == nil)
    }

    @Test func freezeRunningToTheEndIsReported() {
        let d = FreezeDetector(noiseDecibels: -60, minDuration: 2)
        for i in 0..<100 {
            SyntheticPicture(value: i < 40 ? i + 20 : 90).withFrame(index: i) { d.process($0) }
        }
        let defects = d.finish(at: StreamEnd(position: StreamPosition(time: 4, frame: 100))).defects
        #expect(defects.count == 1)
        #expect(defects[0].startFrame == 40 && defects[0].endFrame == 100 && defects[0].end == 4)
    }
}
