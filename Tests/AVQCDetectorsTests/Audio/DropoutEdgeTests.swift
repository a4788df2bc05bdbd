import AVQCModel
import Foundation
import Testing

@testable import AVQCDetectors

@Suite struct DropoutEdgeTests {
    func dropouts(_ samples: [Float]) -> [Finding] {
        let detector = DropoutDetector(
            quietDecibels: -90, activeDecibels: -50, minLength: 0.005, maxLength: 0.2,
            guardTime: 0.05, mergeGap: 0)
        feedAudio(samples) { detector.process($0) }
        return detector.finish(at: StreamEnd(position: StreamPosition(time: Double(samples.count) / 48_000))).defects
    }

    @Test func aCutWaveformIsADropoutAFadedPauseIsNot() {
        // 30 ms of zero cut into a 300 Hz tone at 1.0137 s (mid-cycle on both sides).
        let cut = (0..<(2 * 48_000)).map { n -> Float in
            (48_658..<50_098).contains(n) ? 0 : Float(0.4 * sin(2 * Double.pi * 300 * Double(n) / 48_000))
        }
        let found = dropouts(cut)
        #expect(found.count == 1 && abs((found.first?.start ?? 0) - 48_658.0 / 48_000) < 0.001, "\(found)")
        // The same pause, but the tone fades out over 30 ms before it and in over 30 ms after (speech).
        let faded = (0..<(2 * 48_000)).map { n -> Float in
            let t = Double(n) / 48_000
            let gain = t < 1.0137 ? min(1, (1.0137 - t) / 0.03) : min(1, (t - 1.0437) / 0.03)
            return (48_658..<50_098).contains(n) ? 0 : Float(0.4 * gain * sin(2 * Double.pi * 300 * t))
        }
        #expect(dropouts(faded).isEmpty)
    }
}
