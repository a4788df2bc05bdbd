import AVQCModel
import Foundation

/// ITU-R BS.1770-4 / EBU R128 loudness of one audio stream: K-weighted mean
/// square in 100 ms sub-blocks; momentary (400 ms) and short-term (3 s)
/// loudness every 100 ms; integrated loudness over 400 ms blocks with 75%
/// overlap, gated at −70 LUFS and −10 LU; loudness range (EBU Tech 3342) over
/// short-term values gated at −70 LUFS and −20 LU, 10th to 95th percentile;
/// true peak; sample peak.
///
/// Channel weights: 1.0, surround channels (side and back) 1.41 (+1.5 dB),
/// LFE excluded. Memory is fixed (a 30-entry ring and two histograms).
final class LoudnessMeter {
    struct Summary: Sendable {
        var integrated: Double?
        var range: Double?
        var maxMomentary: Double?
        var maxShortTerm: Double?
        /// Linear, full scale = 1.
        var truePeak: Float
        var samplePeak: Float
    }

    let sampleRate: Int
    private let weights: [Double]
    private let shelf: Biquad
    private let highPass: Biquad
    /// Filter state per channel: shelf (z1, z2), high-pass (z1, z2).
    private var state: [(Double, Double, Double, Double)]
    private let subBlockLength: Int
    private var filled = 0
    private var channelEnergy: [Double]
    private var ring = [Double](repeating: 0, count: 30)
    private var subBlocks = 0
    private var blocks = LoudnessHistogram()
    private var shortTerm = LoudnessHistogram()
    private var maxMomentary: Double?
    private var maxShortTerm: Double?
    private let truePeak: TruePeakMeter
    private var samplePeak: Float = 0

    init(format: AudioFormat) {
        sampleRate = max(1, format.sampleRate)
        weights = (0..<format.channels).map { format.isLFE($0) ? 0 : (format.isSurround($0) ? 1.41 : 1.0) }
        (shelf, highPass) = KWeighting.filters(sampleRate: Double(sampleRate))
        state = Array(repeating: (0, 0, 0, 0), count: format.channels)
        channelEnergy = Array(repeating: 0, count: format.channels)
        subBlockLength = max(1, Int((Double(sampleRate) / 10).rounded()))
        truePeak = TruePeakMeter(sampleRate: sampleRate, channels: format.channels)
    }

    func process(_ block: AudioBlock) {
        let channels = min(block.channelCount, weights.count)
        for c in 0..<channels { truePeak.process(block.channel(c), channel: c) }
        var offset = 0
        while offset < block.frameCount {
            let length = min(block.frameCount - offset, subBlockLength - filled)
            for c in 0..<channels where weights[c] > 0 {
                channelEnergy[c] += filter(block.channel(c), from: offset, count: length, channel: c)
            }
            filled += length
            offset += length
            if filled == subBlockLength { closeSubBlock() }
        }
    }

    /// K-weights `count` samples of one channel and returns their sum of squares.
    private func filter(_ samples: UnsafeBufferPointer<Float>, from start: Int, count: Int, channel: Int) -> Double {
        var (s1, s2, h1, h2) = state[channel]
        let a = shelf
        let b = highPass
        var sum = 0.0
        var peak = samplePeak
        for i in start..<(start + count) {
            let x = Double(samples[i])
            let magnitude = abs(samples[i])
            if magnitude > peak { peak = magnitude }
            let y = a.b0 * x + s1
            s1 = a.b1 * x - a.a1 * y + s2
            s2 = a.b2 * x - a.a2 * y
            let z = b.b0 * y + h1
            h1 = b.b1 * y - b.a1 * z + h2
            h2 = b.b2 * y - b.a2 * z
            sum += z * z
        }
        samplePeak = peak
        state[channel] = (s1, s2, h1, h2)
        return sum
    }

    private func closeSubBlock() {
        var energy = 0.0
        for c in channelEnergy.indices {
            energy += weights[c] * channelEnergy[c] / Double(subBlockLength)
            channelEnergy[c] = 0
        }
        filled = 0
        ring[subBlocks % ring.count] = energy
        subBlocks += 1
        if subBlocks >= 4 {
            let momentary = mean(last: 4)
            blocks.add(energy: momentary)
            if momentary > 0 { maxMomentary = max(maxMomentary ?? -.infinity, LoudnessHistogram.loudness(momentary)) }
        }
        if subBlocks >= 30 {
            let value = mean(last: 30)
            shortTerm.add(energy: value)
            if value > 0 { maxShortTerm = max(maxShortTerm ?? -.infinity, LoudnessHistogram.loudness(value)) }
        }
    }

    private func mean(last count: Int) -> Double {
        var sum = 0.0
        for k in 1...count { sum += ring[(subBlocks - k) % ring.count] }
        return sum / Double(count)
    }

    var summary: Summary {
        Summary(
            integrated: blocks.gatedLoudness(relativeOffset: 10),
            range: shortTerm.range(relativeOffset: 20, low: 0.10, high: 0.95),
            maxMomentary: maxMomentary, maxShortTerm: maxShortTerm,
            truePeak: max(truePeak.peak, samplePeak), samplePeak: samplePeak)
    }
}
