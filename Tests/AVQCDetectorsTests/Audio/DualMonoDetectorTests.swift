import AVQCModel
import Foundation
import Testing

@testable import AVQCDetectors

/// `dual-mono` on signals made in memory, with identical stretches at known samples.
@Suite struct DualMonoDetectorTests {
    /// Two different, slowly varying tones (a stand-in for stereo programme).
    static func stereo(_ count: Int) -> [[Float]] {
        [sine(count, amplitude: 0.3, frequency: 440), sine(count, amplitude: 0.25, frequency: 660, phase: 1)]
    }

    func run(_ channels: [[Float]], threshold: Double = -60, allPairs: Bool = false, format: AudioFormat? = nil)
        -> DetectorResult
    {
        feedResult(
            DualMonoDetector(threshold: threshold, allPairs: allPairs, minDuration: 1), channels: channels,
            format: format)
    }

    @Test func identicalChannelsAtKnownSamplesWithin10ms() throws {
        var channels = Self.stereo(240_000)
        for n in 48_100..<144_050 { channels[1][n] = channels[0][n] }  // 1.00208 s to 3.00104 s
        let findings = run(channels).findings
        try #require(findings.count == 1, "\(findings)")
        #expect(abs(findings[0].start - 48_100.0 / 48_000) <= 0.01, "\(findings[0])")
        #expect(abs(findings[0].end - 144_050.0 / 48_000) <= 0.01, "\(findings[0])")
        #expect(findings[0].details["pair"] == .string("channel 0-channel 1"))
        #expect(findings[0].details["differenceDB"] == .number(-200))
        #expect(findings[0].details["throughout"] == nil)
    }

    @Test func throughoutAndTheWholeStreamDifference() throws {
        let mono = sine(144_000, amplitude: 0.3, frequency: 440)
        let result = run([mono, mono])
        let findings = result.findings
        try #require(findings.count == 1)
        #expect(findings[0].start == 0 && abs(findings[0].end - 3) < 1e-9)
        #expect(findings[0].details["throughout"] == .string("yes"))
        #expect(result.measurements.first?.values["differenceDB.channel 0-channel 1"] == .number(-200))
        // Stereo: the difference is near the programme's level, and nothing is found.
        let stereo = run(Self.stereo(144_000))
        #expect(stereo.findings.isEmpty)
        if case .number(let db)? = stereo.measurements.first?.values["differenceDB.channel 0-channel 1"] {
            #expect(db > -10)
        }
    }

    @Test func digitalSilenceIsNotMonoAndDoesNotSplitASpan() throws {
        let silence = [Float](repeating: 0, count: 240_000)
        #expect(run([silence, silence]).findings.isEmpty)
        // Identical 0-2 s, silence 2-3 s, identical 3-4 s, stereo 4-5 s: one span, 0-4 s.
        var channels = Self.stereo(240_000)
        for n in 0..<192_000 { channels[1][n] = channels[0][n] }
        for n in 96_000..<144_000 { (channels[0][n], channels[1][n]) = (0, 0) }
        var findings = run(channels).findings
        try #require(findings.count == 1, "\(findings)")
        #expect(findings[0].start == 0 && abs(findings[0].end - 4) <= 0.01, "\(findings[0])")
        // Identical 0-2 s, then silence to the end: the span ends where the signal did.
        channels = Self.stereo(240_000)
        for n in 0..<96_000 { channels[1][n] = channels[0][n] }
        for n in 96_000..<240_000 { (channels[0][n], channels[1][n]) = (0, 0) }
        findings = run(channels).findings
        try #require(findings.count == 1, "\(findings)")
        #expect(abs(findings[0].end - 2) <= 0.01, "\(findings[0])")
    }

    @Test func theThresholdDecides() {
        // The right channel is the left plus a different signal 50 dB below it.
        let left = sine(144_000, amplitude: 0.3, frequency: 440)
        let other = sine(144_000, amplitude: 0.3 * Decibels.amplitude(-50), frequency: 1_234)
        let right = zip(left, other).map { $0 + $1 }
        #expect(run([left, right], threshold: -60).findings.isEmpty)
        #expect(run([left, right], threshold: -40).findings.count == 1)
    }

    @Test func allPairsFindsIdenticalSurroundsTheFrontPairAlone() throws {
        let names = ["FL", "FR", "FC", "LFE", "BL", "BR"]
        let format = AudioFormat(sampleRate: 48_000, channels: 6, channelLayout: "5.1", channelNames: names)
        let rear = sine(96_000, amplitude: 0.2, frequency: 300)
        let channels = [
            sine(96_000, amplitude: 0.3, frequency: 440), sine(96_000, amplitude: 0.3, frequency: 550),
            sine(96_000, amplitude: 0.3, frequency: 660), sine(96_000, amplitude: 0.3, frequency: 60), rear, rear,
        ]
        #expect(run(channels, format: format).findings.isEmpty)
        let all = run(channels, allPairs: true, format: format).findings
        try #require(all.count == 1, "\(all)")
        #expect(all[0].details["pair"] == .string("BL-BR"))
    }

    @Test func aMonoStreamHasNoPair() {
        let result = run([sine(96_000, amplitude: 0.3, frequency: 440)])
        #expect(result.findings.isEmpty && result.measurements.isEmpty)
    }
}
