import AVQCModel
import Foundation
import Testing

@testable import AVQCDetectors

@Suite struct ContainerDurationTests {
    func truncation(shortfall: Double, byContainer: Bool) -> [Finding] {
        let detector = TruncationDetector<VideoFrame>(tolerance: 0.25, containerTolerance: 0.5)
        return detector.finish(
            at: StreamEnd(
                position: StreamPosition(time: 10, frame: 250), declaredEnd: 10 + shortfall,
                declaredByContainer: byContainer)
        ).defects
    }

    @Test func streamsMayEndApartWhenOnlyTheContainerDeclaresADuration() {
        #expect(truncation(shortfall: 0.4, byContainer: true).isEmpty)  // MKV: audio runs 0.4 s longer
        #expect(truncation(shortfall: 0.6, byContainer: true).count == 1)
        #expect(truncation(shortfall: 0.4, byContainer: false).count == 1)  // the stream's own duration
    }
}
