import AVQCModel
import Foundation

/// Finds audio sync events for `av-sync`, two ways at once (see `BurstTracker`):
/// - `events`: tone-burst onsets after quiet, on the broadband envelope
///   (largest absolute value over channels), on-level 0.02 (−34 dBFS);
/// - `toneEvents`: onsets of a `toneFrequency` (1 kHz) burst over programme
///   audio, on the envelope of the channels' mean through a band-pass
///   filter (Q 8) centred there, on-level 8 times the band's background.
///   The filter delays the half-peak point of a burst's envelope; that
///   delay (`toneDelay`, measured on avqc's own pattern) is taken off.
final class BeepCollector: Detector, EnvelopeReader {
    static let onLevel: Float = 0.02
    /// The beep frequency of avqc's pattern and of most sync references, in Hz.
    static let toneFrequency = 1000.0
    private static let toneQ = 8.0

    private var broadband = BurstTracker(floor: onLevel)
    private var tone = BurstTracker(floor: 0.005, relative: 8)
    private var envelope: [Float] = []
    private var band: [Float] = []
    private var filterRate = 0
    private var filter = Biquad(b0: 0, b1: 0, b2: 0, a1: 0, a2: 0)
    private var z1 = 0.0
    private var z2 = 0.0
    /// Seconds by which the band-pass filter delays a burst's half-peak point.
    private var toneDelay = 0.0

    /// av-drift-detector's frame code (`ToneCodeReader`), read when the
    /// video's frame rate is known (`codeFrameRate`).
    var codeFrameRate: Double?
    private var codeReader: ToneCodeReader?
    private var mono: [Float] = []

    var events: [Double] { broadband.onsets }
    var codes: [(time: Double, id: Int)] { codeReader?.events ?? [] }
    var toneEvents: [Double] { tone.onsets.map { $0 - toneDelay } }

    func process(_ block: AudioBlock) {
        guard block.frameCount > 0, block.channelCount > 0 else { return }
        let count = block.frameCount
        if filterRate != block.sampleRate { configure(rate: block.sampleRate) }
        if band.count < count {
            band = [Float](repeating: 0, count: count)
            mono = [Float](repeating: 0, count: count)
        }
        if codeReader == nil, let codeFrameRate { codeReader = ToneCodeReader(frameRate: codeFrameRate) }
        let channels = block.channelCount
        let weight = 1 / Double(max(channels, 1))
        for i in 0..<count {
            var sum = 0.0
            for c in 0..<channels { sum += Double(block.channelData[c][i]) }
            let x = sum * weight
            mono[i] = Float(x)
            let y = filter.b0 * x + z1
            z1 = filter.b1 * x - filter.a1 * y + z2
            z2 = filter.b2 * x - filter.a2 * y
            band[i] = Float(abs(y))
        }
        if let codeReader {
            mono.withUnsafeBufferPointer {
                codeReader.feed(UnsafeBufferPointer(rebasing: $0[0..<count]), time: block.time, rate: block.sampleRate)
            }
        }
        broadband.begin(time: block.time, rate: block.sampleRate)
        tone.begin(time: block.time, rate: block.sampleRate)
        block.withEnvelope(scratch: &envelope) { envelope in
            for i in 0..<count {
                broadband.feed(envelope[i])
                tone.feed(band[i])
            }
        }
    }

    /// The band-pass (RBJ, 0 dB peak) at `toneFrequency` for `rate`, and its envelope delay.
    private func configure(rate: Int) {
        filterRate = rate
        let w0 = 2 * Double.pi * Self.toneFrequency / Double(max(rate, 1))
        let alpha = sin(w0) / (2 * Self.toneQ)
        let a0 = 1 + alpha
        filter = Biquad(b0: alpha / a0, b1: 0, b2: -alpha / a0, a1: -2 * cos(w0) / a0, a2: (1 - alpha) / a0)
        z1 = 0
        z2 = 0
        // The envelope of a resonator rises as 1 − e^(−t/τ), τ = 2Q/ω0: half-peak after τ·ln 2.
        toneDelay = 2 * Self.toneQ / (2 * Double.pi * Self.toneFrequency) * log(2)
    }

    func finish(at end: StreamEnd) -> DetectorResult { DetectorResult() }
}
