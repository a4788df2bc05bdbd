import AVQCModel
import Foundation

/// ITU-R BS.1770-4 / EBU R128 loudness of one audio stream: K-weighted mean
/// square in 100 ms sub-blocks; momentary (400 ms) and short-term (3 s)
/// loudness every 100 ms; integrated loudness over 400 ms blocks with 75%
/// overlap, gated at −70 LUFS and −10 LU; loudness range (EBU Tech 3342) over
/// short-term values gated at −70 LUFS and −20 LU, 10th to 95th percentile;
/// true peak; sample peak. The energy is also kept per tenth of a
/// sub-block (10 ms ticks), so the momentary and short-term loudness can be
/// followed every 10 ms (`onTick`); every figure above uses the 100 ms steps.
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
    /// Samples into the current sub-block, and into the current tick.
    private var filled = 0
    private var channelEnergy: [Double]
    /// The weighted energy (sum over samples, not yet a mean) of the last 300
    /// ticks (10 per sub-block: 3 s), a ring.
    private var ticks = [Double](repeating: 0, count: 300)
    private var tickCount = 0
    private var ring = [Double](repeating: 0, count: 30)
    private var subBlocks = 0
    /// Called at the end of every tick (a tenth of a sub-block, 10 ms) with
    /// its end time (seconds) and the momentary and short-term loudness
    /// (LUFS; nil until 400 ms or 3 s have been measured, −∞ for silence)
    /// of the window ending there.
    var onTick: ((_ time: Double, _ momentary: Double?, _ shortTerm: Double?) -> Void)?
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
        for c in 0..<channels {
            truePeak.process(block.channel(c), channel: c)
            samplePeak = max(samplePeak, SampleKernels.peak(block.channel(c)))
        }
        // Weighted channels, filtered two at a time (two independent filter
        // chains in one loop run nearly twice as fast as one after the other).
        let weighted = (0..<channels).filter { weights[$0] > 0 }
        var offset = 0
        while offset < block.frameCount {
            let length = min(block.frameCount - offset, tickEnd - filled)
            var pair = 0
            while pair + 1 < weighted.count {
                let (c0, c1) = (weighted[pair], weighted[pair + 1])
                let energy = filter(
                    block.channel(c0), block.channel(c1), from: offset, count: length, channels: (c0, c1))
                channelEnergy[c0] += energy.x
                channelEnergy[c1] += energy.y
                pair += 2
            }
            if pair < weighted.count {
                let c = weighted[pair]
                let energy = filter(block.channel(c), block.channel(c), from: offset, count: length, channels: (c, c))
                channelEnergy[c] += energy.x
            }
            filled += length
            offset += length
            if filled == tickEnd { closeTick(at: block.time(ofSample: offset)) }
        }
    }

    /// Samples into the sub-block at which the current tick ends (the
    /// sub-block split in ten parts as even as its length allows).
    private var tickEnd: Int { (tickCount % 10 + 1) * subBlockLength / 10 }

    /// Ends a tick: its weighted energy joins the 3 s ring; every tenth
    /// tick also closes a sub-block.
    private func closeTick(at time: Double) {
        var energy = 0.0
        for c in channelEnergy.indices {
            energy += weights[c] * channelEnergy[c]
            channelEnergy[c] = 0
        }
        ticks[tickCount % ticks.count] = energy
        tickCount += 1
        if tickCount % 10 == 0 {
            var sum = 0.0
            for k in 1...10 { sum += ticks[(tickCount - k) % ticks.count] }
            closeSubBlock(energy: sum / Double(subBlockLength))
        }
        guard let onTick else { return }
        onTick(time, windowLoudness(ticks: 40), windowLoudness(ticks: 300))
    }

    /// The loudness of the last `count` ticks (count/10 sub-blocks), nil before that many.
    private func windowLoudness(ticks count: Int) -> Double? {
        guard tickCount >= count else { return nil }
        var sum = 0.0
        for k in 1...count { sum += ticks[(tickCount - k) % ticks.count] }
        let energy = sum / (Double(count / 10) * Double(subBlockLength))
        return energy > 0 ? LoudnessHistogram.loudness(energy) : -.infinity
    }

    /// K-weights `count` samples of two channels (the same channel twice for
    /// an odd one out) and returns their sums of squares.
    private func filter(
        _ first: UnsafeBufferPointer<Float>, _ second: UnsafeBufferPointer<Float>, from start: Int, count: Int,
        channels: (Int, Int)
    ) -> SIMD2<Double> {
        let (c0, c1) = channels
        var s1 = SIMD2(state[c0].0, state[c1].0)
        var s2 = SIMD2(state[c0].1, state[c1].1)
        var h1 = SIMD2(state[c0].2, state[c1].2)
        var h2 = SIMD2(state[c0].3, state[c1].3)
        let range = start..<(start + count)
        // Digital silence into a settled filter gives exactly nothing: skip it.
        if s1 == .zero, s2 == .zero, h1 == .zero, h2 == .zero,
            SampleKernels.isZero(UnsafeBufferPointer(rebasing: first[range])),
            c0 == c1 || SampleKernels.isZero(UnsafeBufferPointer(rebasing: second[range]))
        {
            return .zero
        }
        let a = shelf
        let b = highPass
        var sum = SIMD2<Double>.zero
        for i in range {
            let x = SIMD2(Double(first[i]), Double(second[i]))
            let y = a.b0 * x + s1
            s1 = a.b1 * x - a.a1 * y + s2
            s2 = a.b2 * x - a.a2 * y
            let z = b.b0 * y + h1
            h1 = b.b1 * y - b.a1 * z + h2
            h2 = b.b2 * y - b.a2 * z
            sum += z * z
        }
        // Flush a filter ringing out below 10^-20 (−400 dB) to exactly 0, so
        // that silence after a signal takes the fast path above (and no
        // denormal arithmetic is ever reached).
        let tiny = SIMD2<Double>(repeating: 1e-20)
        for lane in 0..<2 {
            if abs(s1[lane]) < tiny[lane], abs(s2[lane]) < tiny[lane], abs(h1[lane]) < tiny[lane],
                abs(h2[lane]) < tiny[lane]
            {
                (s1[lane], s2[lane], h1[lane], h2[lane]) = (0, 0, 0, 0)
            }
        }
        state[c0] = (s1.x, s2.x, h1.x, h2.x)
        if c1 != c0 { state[c1] = (s1.y, s2.y, h1.y, h2.y) }
        return sum
    }

    private func closeSubBlock(energy: Double) {
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
