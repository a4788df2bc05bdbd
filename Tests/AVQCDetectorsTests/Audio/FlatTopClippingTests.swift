import AVQCModel
import Foundation
import Testing

@testable import AVQCDetectors

@Suite struct FlatTopClippingTests {
    func clipping(_ samples: [Float]) -> [Finding] {
        let detector = ClippingDetector(minRun: 3, mergeGap: 0.1)
        feedAudio(samples) { detector.process($0) }
        return detector.finish(at: StreamEnd(position: StreamPosition(time: Double(samples.count) / 48_000))).defects
    }

    @Test func aClippedSineThroughALossyCodecIsFound() {
        // A 440 Hz sine driven to 1.5x and clipped, with a lossy codec's ripple (±4%) on the plateau,
        // never held at ±1.0: no full-scale run, but flat tops from 1 s to 3 s.
        let samples = (0..<(4 * 48_000)).map { n -> Float in
            let t = Double(n) / 48_000
            let drive = (1...3).contains(t) ? 1.5 : 0.5
            let clipped = max(-1, min(1, drive * sin(2 * Double.pi * 440 * t)))
            return Float(clipped * 0.97 + 0.03 * sin(2 * Double.pi * 7000 * t) * abs(clipped))
        }
        let found = clipping(samples)
        #expect(found.count == 1, "\(found)")
        #expect(abs((found.first?.start ?? 0) - 1) <= 0.03 && abs((found.first?.end ?? 0) - 3) <= 0.03)
        #expect(found.first?.details["flatTopWindows"] != nil)
    }

    @Test func aLoudCleanSineIsNot() {
        let samples = (0..<(3 * 48_000)).map { Float(0.99 * sin(2 * Double.pi * 440 * Double($0) / 48_000)) }
        #expect(clipping(samples).isEmpty)
    }
}
