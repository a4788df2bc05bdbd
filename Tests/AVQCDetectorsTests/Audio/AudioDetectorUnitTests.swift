import AVQCModel
import Foundation
import Testing

@testable import AVQCDetectors

/// Audio detectors on synthetic samples, without a decoder: spans placed at
/// known samples, levels known by construction (issue #11).
@Suite struct ChannelSilenceUnitTests {
    @Test func oneDeadChannelAmongLiveOnesIsFoundToTheSample() {
        let count = 48_000 * 6
        var dead = sine(count, amplitude: 0.3, frequency: 330, phase: Double.pi / 2)  // non-zero at the edges
        for i in 48_000..<(48_000 * 4) { dead[i] = 0 }
        let findings = feed(
            ChannelSilenceDetector(levelDecibels: -80, minDuration: 2, includeLFE: false),
            channels: [sine(count, amplitude: 0.3, frequency: 440), dead, sine(count, amplitude: 0.3, frequency: 550)])
        #expect(findings.count == 1)
        let span = try? #require(findings.first)
        #expect(abs((span?.start ?? 0) - 1.0) < 1e-6 && abs((span?.end ?? 0) - 4.0) < 1e-6)
        #expect(span?.details["channel"] == .string("channel 1"))
    }

    @Test func everyChannelQuietIsSilenceNotAChannelDefect() {
        let quiet = [Float](repeating: 0, count: 48_000 * 4)
        #expect(
            feed(
                ChannelSilenceDetector(levelDecibels: -80, minDuration: 2, includeLFE: false), channels: [quiet, quiet]
            ).isEmpty)
    }
}

@Suite struct PhaseInversionUnitTests {
    @Test func anInvertedStretchIsFoundWithinItsWindow() {
        let count = 48_000 * 8
        let left = sine(count, amplitude: 0.3, frequency: 440)
        var right = left
        for i in (48_000 * 2)..<(48_000 * 5) { right[i] = -left[i] }
        let findings = feed(
            PhaseInversionDetector(threshold: -0.3, minDuration: 2, mergeGap: 0), channels: [left, right])
        #expect(findings.count == 1)
        // The correlation window is centred and 210 ms long: edges within half of it.
        #expect(abs((findings.first?.start ?? 0) - 2) <= 0.11 && abs((findings.first?.end ?? 0) - 5) <= 0.11)
    }

    @Test func inPhaseAndUncorrelatedStereoAreNot() {
        let count = 48_000 * 6
        let left = sine(count, amplitude: 0.3, frequency: 440)
        #expect(
            feed(PhaseInversionDetector(threshold: -0.3, minDuration: 2, mergeGap: 0), channels: [left, left]).isEmpty)
        let other = sine(count, amplitude: 0.3, frequency: 659)
        #expect(
            feed(PhaseInversionDetector(threshold: -0.3, minDuration: 2, mergeGap: 0), channels: [left, other]).isEmpty)
    }
}

@Suite struct LoudnessUnitTests {
    static let off = LoudnessDetector.compliance(standard: 0, target: .nan, tolerance: .nan, maxTruePeak: .nan)

    func values(_ channels: [[Float]]) -> [String: DetailValue] {
        feedResult(LoudnessDetector(compliance: Self.off), channels: channels).measurements.first?.values ?? [:]
    }

    func number(_ value: DetailValue?) -> Double {
        switch value {
        case .number(let x): return x
        case .integer(let x): return Double(x)
        default: return .nan
        }
    }

    @Test func aStereoOneKilohertzSineAtMinus23dBFSIsMinus23LUFS() {
        // EBU Tech 3341 case 1: the expected value is -23.0 ± 0.1 LUFS.
        let tone = sine(48_000 * 20, amplitude: pow(10, -23.0 / 20), frequency: 1000)
        let measured = values([tone, tone])
        #expect(abs(number(measured["integratedLUFS"]) + 23) <= 0.1, "\(measured)")
        #expect(abs(number(measured["samplePeakDBFS"]) + 23) <= 0.01)
    }

    @Test func truePeakFindsTheOverBetweenSamples() {
        // A quarter-rate sine at 45°: every sample is at 0.707 of the peak (-3 dB), the waveform reaches it.
        let tone = sine(48_000 * 2, amplitude: 0.5, frequency: 12_000, phase: Double.pi / 4)
        let measured = values([tone, tone])
        let peak = 20 * log10(0.5)
        #expect(abs(number(measured["samplePeakDBFS"]) - (peak - 3.01)) <= 0.05)
        let truePeak = number(measured["truePeakDBTP"])
        #expect(truePeak <= peak + 0.2 && truePeak >= peak - 0.4, "\(truePeak) dBTP for a \(peak) dB sine")
    }

    @Test func digitalSilenceHasNoLoudnessAndNoPeak() {
        let quiet = [Float](repeating: 0, count: 48_000 * 5)
        let measured = values([quiet, quiet])
        #expect(measured["integratedLUFS"] == nil)
        #expect(number(measured["truePeakDBTP"]) <= -200)
    }
}

@Suite struct ClippingAndDropoutUnitTests {
    @Test func aHeldFullScaleRunIsClippingASingleFullScaleSampleIsNot() {
        var samples = sine(48_000 * 2, amplitude: 0.5, frequency: 440)
        for i in 24_000..<24_010 { samples[i] = 1.0 }
        samples[40_000] = 1.0
        let findings = feed(ClippingDetector(minRun: 3, mergeGap: 0.1), channels: [samples])
        #expect(findings.count == 1)
        #expect(abs((findings.first?.start ?? 0) - 0.5) < 0.001)
    }

    @Test func aCutOfTenMillisecondsInsideMusicIsADropout() {
        var samples = sine(48_000 * 2, amplitude: 0.4, frequency: 440)
        for i in 48_000..<48_480 { samples[i] = 0 }
        let findings = feed(
            DropoutDetector(
                quietDecibels: -90, activeDecibels: -50, minLength: 0.005, maxLength: 0.2, guardTime: 0.05,
                mergeGap: 0),
            channels: [samples, samples])
        #expect(findings.count == 1)
        #expect(abs((findings.first?.start ?? 0) - 1.0) < 1e-4 && abs((findings.first?.end ?? 0) - 1.01) < 1e-4)
    }
}

@Suite struct StreamTimingUnitTests {
    @Test func audioStartingLateIsOneFindingOnTheAudioStream() {
        let detector = StreamAlignmentDetector(maxStartOffset: 0.1, maxEndOffset: 0.5)
        let result = detector.finish(streams: [
            StreamTiming(index: 0, type: .video, start: 0, end: 10),
            StreamTiming(index: 1, type: .audio, start: 0.3, end: 10.2),
        ])
        #expect(result.findings.count == 1)
        #expect(result.findings.first?.stream == 1)
        #expect(result.findings.first?.details["edge"] == .string("start"))
        #expect(result.findings.first.map { abs($0.duration - 0.3) < 1e-9 } == true)
        let aligned = detector.finish(streams: [
            StreamTiming(index: 0, type: .video, start: 0, end: 10),
            StreamTiming(index: 1, type: .audio, start: 0.05, end: 10.4),
        ])
        #expect(aligned.findings.isEmpty)
    }

    @Test func flashesAndBeepsPairAtTheirOffset() {
        // Flashes every second, beeps 40 ms later, one stray beep that must not pair.
        let flashes = (1...8).map { Double($0) }
        let beeps = flashes.map { $0 + 0.040 } + [4.5]
        let pairs = AVSyncDetector.pairs(flashes: flashes, beeps: beeps.sorted(), minEvents: 3)
        #expect(pairs?.count == 8)
        #expect(pairs?.allSatisfy { abs($0.offset - 0.040) < 1e-9 } == true)
        #expect(AVSyncDetector.pairs(flashes: [1, 2], beeps: [1.04, 2.04], minEvents: 3) == nil)
    }
}

/// The bounded loudness series.
@Suite struct LoudnessSeriesTests {
    @Test func stepsDoubleAndTheLargestValueStays() {
        var series = LoudnessSeries(interval: 0.01, perPoint: 10, capacity: 600)
        // Two hours of 10 ms readings, one loud reading at 3600 s.
        for k in 0..<720_000 {
            let t = Double(k + 1) / 100
            series.add(k == 360_000 ? -5 : -30 - Double(k % 7), at: t)
        }
        #expect(series.points.count <= 600 && series.points.count >= 300)
        #expect(series.step == 12.8)
        #expect(series.points.max() == -5 && series.points.min() == -30)
        #expect(series.start == 0.01)
    }
}
