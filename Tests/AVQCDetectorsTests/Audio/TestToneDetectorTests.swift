import AVQCModel
import Foundation
import Testing

@testable import AVQCDetectors

/// `test-tone` on signals made in memory, with tones at known samples.
@Suite struct TestToneDetectorTests {
    /// Programme: two tones with a slow swell and a harmonic (not a steady sine).
    static func programme(_ count: Int, phase: Double = 0) -> [Float] {
        (0..<count).map { n in
            let t = Double(n) / 48_000
            return Float(
                0.3 * sin(2 * .pi * 220 * t + phase) * (0.6 + 0.4 * sin(2 * .pi * 0.3 * t)) + 0.1
                    * sin(2 * .pi * 1320 * t))
        }
    }

    /// `programme` with a sine of `amplitude` at `frequency` on samples `from..<to`.
    static func withTone(
        _ count: Int, from: Int, to: Int, frequency: Double = 1_000, amplitude: Double = 0.125893
    ) -> [Float] {
        var samples = programme(count)
        for n in from..<to { samples[n] = Float(amplitude * sin(2 * .pi * frequency * Double(n - from) / 48_000)) }
        return samples
    }

    func run(_ channels: [[Float]], anyFrequency: Bool = false) -> [Finding] {
        feed(TestToneDetector(anyFrequency: anyFrequency), channels: channels)
    }

    @Test func aToneAtKnownSamplesToTheMillisecond() throws {
        let left = Self.withTone(720_000, from: 120_123, to: 600_077)
        let findings = run([left, left])
        try #require(findings.count == 1, "\(findings)")
        #expect(abs(findings[0].start - 120_123.0 / 48_000) <= 0.001, "\(findings[0])")
        #expect(abs(findings[0].end - 600_077.0 / 48_000) <= 0.001, "\(findings[0])")
        #expect(findings[0].details["frequencyHz"] == .number(1_000))
        #expect(findings[0].details["levelDBFS"] == .number(-18))
        #expect(findings[0].details["channels"] == .strings(["channel 0", "channel 1"]))
    }

    @Test func otherFrequenciesOnlyWhenAsked() throws {
        let samples = Self.withTone(480_000, from: 96_000, to: 384_000, frequency: 440, amplitude: 0.1)
        #expect(run([samples]).isEmpty)
        let found = run([samples], anyFrequency: true)
        try #require(found.count == 1)
        #expect(found[0].details["frequencyHz"] == .number(440) && found[0].details["levelDBFS"] == .number(-20))
        // 1011 Hz lies outside 1 kHz ± 10 Hz.
        #expect(run([Self.withTone(480_000, from: 96_000, to: 384_000, frequency: 1_011)]).isEmpty)
    }

    @Test func notesWithVibratoOrAChangingLevelAreNotTone() {
        // A 1 kHz note with 5 Hz vibrato of ±6 Hz, and one with a 4 Hz tremolo of ±3 dB.
        let vibrato = (0..<480_000).map { n -> Float in
            let t = Double(n) / 48_000
            return Float(0.2 * sin(2 * .pi * 1_000 * t - 6 / 5 * cos(2 * .pi * 5 * t)))
        }
        let tremolo = (0..<480_000).map { n -> Float in
            let t = Double(n) / 48_000
            return Float(0.2 * pow(10, 3 * sin(2 * .pi * 4 * t) / 20) * sin(2 * .pi * 1_000 * t))
        }
        // A 1 kHz note with its harmonics (an organ pipe): most energy outside the band.
        let organ = (0..<480_000).map { n -> Float in
            let t = Double(n) / 48_000
            return Float((1...6).reduce(0.0) { $0 + 0.1 / Double($1) * sin(2 * .pi * 1_000 * Double($1) * t) })
        }
        #expect(run([vibrato]).isEmpty)
        #expect(run([tremolo]).isEmpty)
        #expect(run([organ]).isEmpty)
    }

    @Test func ebuStereoIdentAndGLITSAreNamed() throws {
        let count = 960_000  // 20 s
        let tone = (0..<count).map { Float(0.125893 * sin(2 * .pi * 1_000 * Double($0) / 48_000)) }
        func interrupted(_ samples: [Float], period: Double, gaps: [Double]) -> [Float] {
            var out = samples
            for n in 0..<count {
                let phase = (Double(n) / 48_000).truncatingRemainder(dividingBy: period)
                if gaps.contains(where: { phase >= $0 && phase < $0 + 0.25 }) { out[n] = 0 }
            }
            return out
        }
        let ebu = run([interrupted(tone, period: 3, gaps: [0]), tone])
        try #require(ebu.count == 1, "\(ebu)")
        #expect(ebu[0].details["pattern"] == .string("EBU stereo ident") && ebu[0].start == 0)
        let glits = run([interrupted(tone, period: 4, gaps: [0]), interrupted(tone, period: 4, gaps: [0.5, 1])])
        try #require(glits.count == 1, "\(glits)")
        #expect(glits[0].details["pattern"] == .string("GLITS"))
        #expect(abs(glits[0].end - 20) <= 0.001)
        // A continuous tone has no pattern.
        #expect(run([tone, tone]).first?.details["pattern"] == nil)
    }

    @Test func quietOrShortTonesAreNotReported() {
        #expect(run([Self.withTone(240_000, from: 48_000, to: 192_000, amplitude: 0.001)]).isEmpty)  // -60 dBFS
        #expect(run([Self.withTone(240_000, from: 48_000, to: 84_000)]).isEmpty)  // 0.75 s
        #expect(run([[Float](repeating: 0, count: 240_000)]).isEmpty)
    }
}
