import AVQCModel
import Foundation
import Testing

@testable import AVQCDetectors

@Suite struct SilenceDetectorTests {
    @Test func spanIsSampleAccurate() {
        var left = tone(48_000 * 6)
        var right = tone(48_000 * 6, frequency: 660)
        for i in 100_001..<250_003 {
            left[i] = 0
            right[i] = 0.0009
        }  // -61 dBFS on one channel
        let defects = feed(
            SilenceDetector(noiseDecibels: -60, minDuration: 2), channels: [left, right])
        #expect(defects.count == 1)
        #expect(abs(defects[0].start - 100_001.0 / 48_000) < 1e-6)
        #expect(abs(defects[0].end - 250_003.0 / 48_000) < 1e-6)
        #expect(defects[0].stream == nil)  // identity (detector, stream) is stamped by the detector bank
        #expect(defects[0].details["peakDBFS"] == .number(Decibels.from(amplitude: Double(Float(0.0009)))))
    }

    @Test func oneLoudChannelMeansNotSilent() {
        var left = tone(48_000 * 5)
        let right = tone(48_000 * 5)
        for i in 0..<left.count { left[i] = 0 }
        #expect(
            feed(SilenceDetector(noiseDecibels: -60, minDuration: 2), channels: [left, right]).isEmpty)
    }

    @Test func levelIsStrictlyBelowTheThreshold() {
        let atThreshold = [Float](repeating: 0.001, count: 48_000 * 3)
        let below = [Float](repeating: 0.000999, count: 48_000 * 3)
        #expect(
            feed(SilenceDetector(noiseDecibels: -60, minDuration: 2), channels: [atThreshold]).isEmpty)
        #expect(feed(SilenceDetector(noiseDecibels: -60, minDuration: 2), channels: [below]).count == 1)
    }

    @Test func silenceAtTheEndIsClosedThere() {
        var mono = tone(44_100 * 4, rate: 44_100)
        for i in 44_100..<mono.count { mono[i] = 0 }
        let defects = feed(
            SilenceDetector(noiseDecibels: -60, minDuration: 2), channels: [mono], sampleRate: 44_100,
            blockSize: 4096)
        #expect(defects.count == 1)
        #expect(abs(defects[0].start - 1) < 1e-6 && abs(defects[0].end - 4) < 1e-6)
    }

    @Test func shortPausesAreNotSilence() {
        var mono = tone(48_000 * 8)
        for gap in stride(from: 0, to: mono.count - 48_000, by: 96_000) {
            for i in gap..<gap + 90_000 { mono[i] = 0 }  // 1.875 s silent, repeatedly
        }
        #expect(feed(SilenceDetector(noiseDecibels: -60, minDuration: 2), channels: [mono]).isEmpty)
    }
}
