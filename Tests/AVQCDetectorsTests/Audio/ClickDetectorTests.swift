import AVQCModel
import Foundation
import Testing

@testable import AVQCDetectors

/// `clicks` on signals made in memory, with single-sample clicks at known samples.
@Suite struct ClickDetectorTests {
    /// Music-like programme: two tones with a swell, a harmonic and a little noise.
    static func programme(_ count: Int, seed: UInt64 = 1) -> [Float] {
        var state = seed
        return (0..<count).map { n in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let noise = Double(Int64(bitPattern: state >> 11) % 1_000_000) / 1_000_000 * 0.01
            let t = Double(n) / 48_000
            return Float(
                0.3 * sin(2 * .pi * 220 * t) * (0.6 + 0.4 * sin(2 * .pi * 0.3 * t)) + 0.1 * sin(2 * .pi * 1_320 * t)
                    + noise)
        }
    }

    func run(_ channels: [[Float]], threshold: Double = 13) -> [Finding] {
        feed(ClickDetector(threshold: threshold), channels: channels)
    }

    @Test func singleSampleClicksToTheSample() throws {
        var left = Self.programme(480_000)
        var right = Self.programme(480_000, seed: 2)
        // -20 dBFS clicks: left at 100000 and 300001, right at 200000 (a frame's last sample is 200703).
        for n in [100_000, 300_001] { left[n] -= 0.1 * (left[n] < 0 ? -1 : 1) }
        right[200_703] += 0.1 * (right[200_703] < 0 ? 1 : -1)
        let findings = run([left, right]).sorted { $0.start < $1.start }
        try #require(findings.count == 3, "\(findings)")
        let truth = [(100_000, "channel 0"), (200_703, "channel 1"), (300_001, "channel 0")]
        for (finding, (sample, channel)) in zip(findings, truth) {
            #expect(abs(finding.start - Double(sample) / 48_000) <= 2.0 / 48_000, "\(finding)")
            #expect(finding.details["channel"] == .string(channel))
            if case .number(let size)? = finding.details["levelDBFS"] { #expect(abs(size + 20) < 1.5, "\(finding)") }
        }
    }

    @Test func programmeAloneRaisesNothing() {
        #expect(run([Self.programme(480_000)]).isEmpty)
        // Nor does an onset from silence, or silence.
        var onset = [Float](repeating: 0, count: 96_000) + Self.programme(96_000)
        onset[0] = 0
        #expect(run([onset]).isEmpty)
        #expect(run([[Float](repeating: 0, count: 96_000)]).isEmpty)
    }

    @Test func smallClicksAndFullScaleAreNotClicks() {
        var quiet = Self.programme(240_000)
        quiet[100_000] += 0.005  // -46 dBFS: under min-level
        #expect(run([quiet]).isEmpty)
        var clipped = Self.programme(240_000)
        clipped[100_000] = 1  // a full-scale sample is clipping's
        #expect(run([clipped]).isEmpty)
    }

    @Test func aBurstOfClicksIsOneEvent() throws {
        var samples = Self.programme(240_000)
        for n in [100_000, 100_020, 100_040] { samples[n] -= 0.2 * (samples[n] < 0 ? -1 : 1) }
        let findings = run([samples])
        try #require(findings.count == 1, "\(findings)")
        #expect(abs(findings[0].start - 100_000.0 / 48_000) <= 2.0 / 48_000)
        #expect(findings[0].end >= 100_040.0 / 48_000)
    }
}
