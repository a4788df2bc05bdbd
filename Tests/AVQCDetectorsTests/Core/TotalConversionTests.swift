import AVQCModel
import Foundation
import Testing

@testable import AVQCDetectors

/// Conversions fed by file data are total: huge, infinite or NaN values clamp, never trap.
@Suite struct TotalConversionTests {
    @Test func saturatingIntegers() {
        #expect(Int(saturating: .nan) == 0)
        #expect(Int(saturating: .infinity) == .max && Int(saturating: -.infinity) == .min)
        #expect(Int(saturating: 1e300) == .max && Int(saturating: -1e300) == .min)
        #expect(Int(saturating: 41.9) == 41 && Int(saturating: -41.9) == -41)
        #expect(Int64(saturating: 9e18 * 4) == .max)
    }

    @Test func timecodesOfAbsurdTimes() {
        // A damaged timestamp can say 10^17 s; the timecode saturates instead of trapping.
        #expect(!Timecode.string(fromSeconds: 1e17).isEmpty)
        #expect(Timecode.string(fromSeconds: 3661.5) == "01:01:01.500")
    }

    @Test func loudnessOfNonFiniteEnergyIsIgnored() {
        var histogram = LoudnessHistogram()
        histogram.add(energy: .infinity)
        histogram.add(energy: .nan)
        #expect(histogram.total == 0)
        histogram.add(energy: 1e300)  // +3000 LUFS: the top bin, counted
        #expect(histogram.total == 1)
    }

    @Test(arguments: [1.0, 8, 100, 2000, 3000, 8000, 44_100, 768_000])
    func kWeightingIsStableAtEveryRate(rate: Double) {
        let (shelf, highPass) = KWeighting.filters(sampleRate: rate)
        for filter in [shelf, highPass] {
            // Both poles inside the unit circle: |a2| < 1 and |a1| < 1 + a2.
            #expect(abs(filter.a2) < 1 && abs(filter.a1) < 1 + filter.a2, "\(rate): \(filter)")
            let finite = [filter.b0, filter.b1, filter.b2, filter.a1, filter.a2].allSatisfy { $0.isFinite }
            #expect(finite)
        }
    }

    @Test func aWildJumpCountsSaturatedMissingFrames() {
        let detector = VideoTimestampGapDetector(frameRate: 25, maxRatio: 1.5, regularShare: 0.9, mergeGap: 0)
        let picture = SyntheticPicture(value: 100)
        for i in 0..<42 {
            // From frame 40 on the clock jumps by 10^300 s and stays there.
            frame(picture, index: i, time: i < 40 ? Double(i) / 25 : 1e300 + Double(i)) { detector.process($0) }
        }
        let defects = detector.finish(at: StreamEnd(position: StreamPosition(time: 1e300, frame: 42))).defects
        let gap = defects.first { $0.details["gaps"] != nil }
        #expect(gap?.details["missingFrames"] == .integer(.max - 1), "\(defects)")
    }

    @Test func toneCodesAtAbsurdDeclaredFrameRatesAreIgnored() {
        // The code reader's frame length comes from the video's declared rate (file data).
        let samples = [Float](repeating: 0.1, count: 48_000)
        for rate in [0, 1e-300, 1e300, .infinity, .nan, 25] {
            let reader = ToneCodeReader(frameRate: rate)
            samples.withUnsafeBufferPointer { reader.feed($0, time: 0, rate: 48_000) }
            #expect(reader.events.isEmpty)
        }
    }
}
