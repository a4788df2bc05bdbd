import AVQCModel
import Foundation
import Testing

@testable import AVQCDetectors

@Suite struct FreezeRefreshTests {
    /// Runs the freeze detector over `values`, one flat picture per frame (25 fps).
    func spans(_ values: [Int], refresh: Double? = -40) -> [Finding] {
        let detector = FreezeDetector(noiseDecibels: -60, refreshDecibels: refresh, minDuration: 2)
        for (index, value) in values.enumerated() {
            SyntheticPicture(value: value).withFrame(index: index) { detector.process($0) }
        }
        return detector.finish(
            at: StreamEnd(position: StreamPosition(time: Double(values.count) / 25, frame: values.count))
        )
        .defects
    }

    @Test func aStillPictureReCodedAtAKeyFrameStaysOneFreeze() {
        // 25 moving frames, 100 frozen at 100 with a one-code shift at frame 60 (−48 dB), then motion.
        let moving = (0..<25).map { 30 + 4 * $0 }
        let frozen = (0..<100).map { $0 < 35 ? 100 : 101 }
        let values = moving + frozen + (0..<25).map { 150 + 3 * $0 }
        let found = spans(values)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.startFrame == 25 && found.first?.endFrame == 125)
        #expect(found.first?.details["refreshes"] == .integer(1))
        // Without refreshes the step splits the run.
        #expect(spans(values, refresh: nil).map(\.startFrame) == [60])
    }

    @Test func halfRateMotionAndSteadyChangeAreNotFrozen() {
        // Each picture shown twice, moving by one code: a step after every still frame.
        #expect(spans((0..<200).map { 50 + $0 / 2 }).isEmpty)
        // A slow fade: one code every frame.
        #expect(spans((0..<200).map { 200 - $0 / 1 }).isEmpty)
    }
}
