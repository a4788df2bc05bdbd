import Foundation

/// Reads the audio frame code of av-drift-detector's sync pattern (PyPI
/// `av-drift-detector`, 0.6): during pattern frame N, four tones, one per
/// band; band b's 16 tones sit on harmonics k0 + 18·b + t of the frame rate
/// (k0: the first harmonic at or above 600 Hz), band 0 plays nibble 0 of
/// N mod 65536 and band b > 0 plays (nibble_b + K_b·nibble_0) mod 16, K = 5,
/// 7, 11. Every tone completes whole cycles in a frame, so a window of one
/// frame aligned to the pattern's frame boundaries sees exactly one tone per
/// band (measured on the package's own synthesizer).
///
/// The reader looks for the code once a second (the 64 harmonics must hold a
/// third of a window's energy), then finds the frame boundaries by trying 32
/// phases over 12 frames (then each sample ±16 around the best), and follows
/// them frame by frame (±2 samples, for drift). Frame starts land within
/// 0.1 ms of the truth (tests at 25, 29.97 and 50 fps). Each window whose four bands are clean (the strongest tone holds
/// 60% of its band) gives an event: the window's start time and the id.
final class ToneCodeReader {
    private static let bandGap = 2
    private static let tonesPerBand = 16
    private static let hops = [0, 5, 7, 11]
    private static let minPurity = 0.6

    let frameRate: Double
    private(set) var events: [(time: Double, id: Int)] = []
    private var rate = 0
    private var frameLength = 0.0
    private var coefficients: [Double] = []
    private var samples: [Float] = []
    /// Absolute sample index of `samples[0]`, and the time of absolute sample 0.
    private var base = 0
    private var origin: Double?
    private var nextCheck = 0
    /// When locked: the absolute (fractional) sample index where the next frame starts.
    private var next: Double?
    private var misses = 0
    private var scratch = [Double](repeating: 0, count: 64)

    init(frameRate: Double) {
        self.frameRate = frameRate
    }

    /// Takes `mono` samples at `rate` per second, the first at `time` seconds.
    func feed(_ mono: UnsafeBufferPointer<Float>, time: Double, rate: Int) {
        // The frame rate comes from the file: only plausible video rates are read.
        guard frameRate > 1, frameRate <= 1000, rate > 0 else { return }
        if self.rate != rate {
            configure(rate: rate)
            origin = time
        }
        samples.append(contentsOf: mono)
        let end = base + samples.count
        let length = Int(frameLength.rounded(.up))
        if let start = next {
            var at = start
            while Int(at.rounded()) + length + 2 <= end {
                at = follow(from: at)
                if next == nil { break }
            }
            if next != nil { next = at }
        } else if end >= nextCheck + 13 * length + length {
            search(from: nextCheck)
            nextCheck += rate
        }
        trim(keepingFrom: next.map { Int($0) - 4 } ?? nextCheck)
    }

    /// Starts over at a new sample rate (the first block, or a rate change mid-stream).
    private func configure(rate: Int) {
        self.rate = rate
        base = 0
        next = nil
        nextCheck = 0
        misses = 0
        samples = []
        samples.reserveCapacity(6 * rate)
        frameLength = Double(rate) / frameRate
        let first = Int((600 / frameRate - 1e-9).rounded(.up))
        coefficients = []
        for band in 0..<4 {
            for tone in 0..<Self.tonesPerBand {
                let harmonic = first + band * (Self.tonesPerBand + Self.bandGap) + tone
                coefficients.append(2 * cos(2 * Double.pi * Double(harmonic) * frameRate / Double(rate)))
            }
        }
    }

    private func trim(keepingFrom index: Int) {
        let drop = min(index - base, samples.count)
        guard drop > 4 * rate else { return }
        samples.removeFirst(drop)
        base += drop
    }

    /// Energy at the 64 code harmonics over the frame starting at absolute sample `start`,
    /// and the window's total energy.
    private func energies(at start: Int, into out: inout [Double]) -> Double {
        let length = Int(frameLength.rounded())
        let offset = start - base
        guard offset >= 0, offset + length <= samples.count else { return 0 }
        var total = 0.0
        samples.withUnsafeBufferPointer { buffer in
            for (index, coefficient) in coefficients.enumerated() {
                var s1 = 0.0
                var s2 = 0.0
                for i in offset..<(offset + length) {
                    let s0 = Double(buffer[i]) + coefficient * s1 - s2
                    s2 = s1
                    s1 = s0
                }
                out[index] = s1 * s1 + s2 * s2 - coefficient * s1 * s2
            }
            for i in offset..<(offset + length) { total += Double(buffer[i]) * Double(buffer[i]) }
        }
        return total * Double(length) / 2
    }

    /// The id of the frame starting at `start` and how clean its bands are (0…1).
    private func decode(at start: Int, scratch: inout [Double]) -> (id: Int, purity: Double, share: Double) {
        let total = energies(at: start, into: &scratch)
        var tones = [0, 0, 0, 0]
        var purity = 1.0
        var code = 0.0
        for band in 0..<4 {
            var best = 0
            var sum = 0.0
            for tone in 0..<Self.tonesPerBand {
                let e = scratch[band * Self.tonesPerBand + tone]
                sum += e
                if e > scratch[band * Self.tonesPerBand + best] { best = tone }
            }
            code += sum
            tones[band] = best
            purity = min(purity, sum > 0 ? scratch[band * Self.tonesPerBand + best] / sum : 0)
        }
        var id = tones[0]
        for band in 1..<4 {
            let nibble = ((tones[band] - Self.hops[band] * tones[0]) % 16 + 16) % 16
            id |= nibble << (4 * band)
        }
        return (id, purity, total > 0 ? code / total : 0)
    }

    /// Tries 32 phases over 12 frames from absolute sample `from`; locks on the cleanest.
    private func search(from start: Int) {
        guard decode(at: start, scratch: &scratch).share >= 1.0 / 3 else { return }
        var best = (phase: Double(start), purity: 0.0)
        for step in 0..<32 {
            let phase = Double(start) + frameLength * Double(step) / 32
            let purity = meanPurity(from: phase)
            if purity > best.purity { best = (phase, purity) }
        }
        guard best.purity >= Self.minPurity else { return }
        // Then to the sample: ±16 samples around the best of the 32 phases.
        let coarse = best.phase
        for shift in -16...16 where shift != 0 {
            let purity = meanPurity(from: coarse + Double(shift))
            if purity > best.purity { best = (coarse + Double(shift), purity) }
        }
        next = best.phase
        misses = 0
    }

    /// How clean 12 frames are, on average, when frames start at `phase` (absolute samples).
    private func meanPurity(from phase: Double) -> Double {
        var sum = 0.0
        for frame in 0..<12 {
            sum += decode(at: Int((phase + Double(frame) * frameLength).rounded()), scratch: &scratch).purity
        }
        return sum / 12
    }

    /// Decodes the frame starting near `at` (±2 samples, the cleanest) and returns the next start.
    private func follow(from at: Double) -> Double {
        var chosen = (shift: 0, reading: decode(at: Int(at.rounded()), scratch: &scratch))
        for shift in [-2, 2] {
            let reading = decode(at: Int(at.rounded()) + shift, scratch: &scratch)
            if reading.purity > chosen.reading.purity { chosen = (shift, reading) }
        }
        let start = at + Double(chosen.shift)
        if chosen.reading.purity >= Self.minPurity, let origin {
            events.append((origin + start / Double(rate), chosen.reading.id))
            misses = 0
        } else {
            misses += 1
            if misses >= 25 {
                next = nil
                nextCheck = Int(start)
            }
        }
        return start + frameLength
    }
}
