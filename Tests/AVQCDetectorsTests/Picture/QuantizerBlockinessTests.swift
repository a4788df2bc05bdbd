import AVQCModel
import Foundation
import Testing

@testable import AVQCDetectors

@Suite struct QuantizerBlockinessTests {
    @Test func starvedFramesByTheirQuantizer() {
        let detector = BlockinessDetector(
            codec: "h264", threshold: 0.3, contrast: 7, quantizerLevel: 0.85, minDuration: 0.5,
            mergeGap: 0.5)
        let picture = SyntheticPicture(value: 100)
        for index in 0..<100 {
            let qp = (40..<70).contains(index) ? 51.0 : 26.0
            picture.withFrame(index: index) { base in
                detector.process(
                    VideoFrame(
                        luma: base.luma, index: index, time: base.time, duration: base.duration,
                        quantizer: CodingQuantizer(scale: .h264, mean: qp)))
            }
        }
        let found = detector.finish(at: StreamEnd(position: StreamPosition(time: 4, frame: 100))).defects
        #expect(found.map(\.startFrame) == [40] && found.map(\.endFrame) == [70])
        #expect(found.first?.details["meanQuantizer"] == .number(51))
        #expect(found.first?.details["quantizerScale"] == .string("h264-qp"))
        #expect(
            CodingQuantizer(scale: .mpeg2, mean: 62).level == 1 && CodingQuantizer(scale: .vp9, mean: 300).level == 1)
    }
}
