import AVQCModel
import Foundation
import Testing

@testable import AVQCDetectors

/// `dc-offset` on signals made in memory, with biases at known samples.
@Suite struct DCOffsetDetectorTests {
    /// A 440 Hz sine at 0.3 plus `bias` on samples `from..<to`, 48 kHz mono.
    static func signal(seconds: Double, bias: Float, from: Int, to: Int) -> [Float] {
        (0..<Int(seconds * 48_000)).map { n in
            Float(0.3 * sin(2 * Double.pi * 440 * Double(n) / 48_000)) + ((from..<to).contains(n) ? bias : 0)
        }
    }

    func run(_ samples: [Float], window: Double = 10) -> DetectorResult {
        let detector = DCOffsetDetector(threshold: 0.01, window: window)
        feedAudio(samples) { detector.process($0) }
        return detector.finish(at: StreamEnd(position: StreamPosition(time: Double(samples.count) / 48_000)))
    }

    @Test func aBiasMidStreamWithin10ms() throws {
        let result = run(Self.signal(seconds: 25, bias: 0.05, from: 240_000, to: 720_000))
        let findings = result.findings
        try #require(findings.count == 1, "\(findings)")
        #expect(abs(findings[0].start - 5) <= 0.01 && abs(findings[0].end - 15) <= 0.01, "\(findings[0])")
        if case .number(let offset)? = findings[0].details["offset"] { #expect(abs(offset - 0.05) < 0.001) }
        #expect(result.measurements.first?.values["maxOffset.channel 0"] != nil)
    }

    @Test func aNegativeBiasToTheEndAndAShortStream() throws {
        let late = run(Self.signal(seconds: 30, bias: -0.04, from: 480_000, to: 1_440_000)).findings
        try #require(late.count == 1)
        #expect(abs(late[0].start - 10) <= 0.01 && abs(late[0].end - 30) <= 0.01)
        // Shorter than the window: judged on its whole mean.
        let short = run(Self.signal(seconds: 4, bias: 0.05, from: 0, to: 192_000)).findings
        #expect(short.count == 1 && short.first?.start == 0)
    }

    @Test func noBiasOrTooShortABias() {
        #expect(run(Self.signal(seconds: 12, bias: 0, from: 0, to: 0)).findings.isEmpty)
        // 1 s of 0.05 moves a 10 s mean by 0.005: under the threshold.
        #expect(run(Self.signal(seconds: 20, bias: 0.05, from: 240_000, to: 288_000)).findings.isEmpty)
        // With a 1 s window it is found.
        #expect(run(Self.signal(seconds: 20, bias: 0.05, from: 240_000, to: 288_000), window: 1).findings.count == 1)
    }
}
