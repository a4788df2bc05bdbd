import AVQCModel
import Foundation

/// `test-tone`: line-up tone left in programme. See Docs/detectors.md.
///
/// Each channel is cut into 50 ms blocks. A block is a tone candidate when
/// its level is at least `min-level`, its frequency (from the spacing of its
/// upward zero crossings, interpolated between samples) lies within
/// `tolerance` of `frequency` (or anywhere from 20 Hz to 0.45 × the sample
/// rate with `any-frequency`), and at least 99% of its energy lies in a
/// Hann-windowed band around that frequency (a Goertzel filter, about 40 Hz
/// wide). It is tone while every block of its run of candidates stays
/// within 2 Hz and 1 dB of the run's first block: a steady sine (a note
/// with vibrato or tremolo leaves that window and its whole run is no tone). A span runs while any channel carries tone, bridging interruptions
/// of up to 300 ms (the GLITS and EBU identification gaps); spans shorter
/// than `min-duration` are dropped. Its edges are placed within 1 ms: a
/// sine satisfies x[n]² + x[n−1]² − 2·cos ω·x[n]·x[n−1] = A²·sin²ω, so the
/// first (or last) sample where that invariant breaks for four samples in a
/// row, around the block where the tone appeared (or went), is where it
/// starts (or ends).
///
/// Interruptions of one channel inside a span name the line-up pattern:
/// the left channel interrupted every 3 s with the right continuous is the
/// EBU stereo identification (EBU Tech 3304); every 4 s with the right
/// interrupted too is GLITS.
public final class TestToneDetector: Detector {
    struct Evidence: SpanEvidence {
        /// Energy-weighted sums for the mean frequency.
        var frequencySum = 0.0
        var weight = 0.0
        /// Highest block level, dBFS (a sine's peak level).
        var level = -200.0
        /// Bit c set: channel c carried tone.
        var channels: UInt64 = 0
        var names: [String] = []
        var pattern: String?

        static var empty: Evidence { Evidence() }
        mutating func absorb(_ other: Evidence) {
            frequencySum += other.frequencySum
            weight += other.weight
            level = max(level, other.level)
            channels |= other.channels
            if names.isEmpty { names = other.names }
            if pattern == nil { pattern = other.pattern }
        }
        var frequency: Double { weight > 0 ? frequencySum / weight : 0 }
        var details: [String: DetailValue] {
            let carried = names.indices.filter { $0 < 64 && channels & (1 << UInt64($0)) != 0 }.map { names[$0] }
            var details: [String: DetailValue] = [
                "frequencyHz": .number((frequency * 10).rounded() / 10),
                "levelDBFS": .number((level * 100).rounded() / 100),
                "channels": .strings(carried),
                "tone": .string(
                    "\(Rounding.text((frequency * 10).rounded() / 10)) Hz at "
                        + "\(Rounding.text((level * 10).rounded() / 10)) dBFS in \(carried.joined(separator: ", "))"
                        + (pattern.map { " (\($0))" } ?? "")),
            ]
            if let pattern { details["pattern"] = .string(pattern) }
            return details
        }
    }

    public static let id = "test-tone"
    /// Seconds of silence or programme in every channel that a span bridges.
    static let bridge = 0.3
    /// Share of a block's energy that must lie in the tone's band.
    static let minShare = 0.99

    /// Frequency looked for (Hz) and how far from it a tone may lie (Hz).
    public let frequency: Double
    public let tolerance: Double
    private let anyFrequency: Bool
    /// Lowest tone level, dBFS (a sine's peak level).
    private let minLevel: Double
    private var tracker: SpanTracker<Evidence>

    private var configured = false
    private var sampleRate = 48_000.0
    private var blockLength = 2_400
    private var channels = 0
    private var names: [String] = []
    private var hann: [Double] = []
    private var hannSum = 0.0
    private var hannSquares = 0.0
    /// This block's and the previous block's samples, per channel.
    private var current: [[Float]] = []
    private var previous: [[Float]] = []
    private var filled = 0
    private var blockStart = 0.0
    private var previousStart = 0.0
    /// Per channel: the first block (frequency, level) of the current run of
    /// candidates, which every later block of the run must stay within 2 Hz
    /// and 1 dB of, and whether one did not (the run is then no tone).
    private var candidate: [(frequency: Double, level: Double)?] = []
    private var unsteady: [Bool] = []
    private var wasTone: [Bool] = []
    private var toneNow: [(frequency: Double, level: Double, energy: Double)?] = []
    /// Per channel: the latest tone block's frequency and level.
    private var lastTone: [(frequency: Double, level: Double)?] = []

    private var openStart: Double?
    private var openEvidence = Evidence()
    private var lastToneEnd = 0.0
    /// Where the tone stopped, while the bridge may still resume it.
    private var pendingEnd: Double?
    /// Per channel: start times of interruptions inside the open span, and the one in progress.
    private var gaps: [[Double]] = []
    private var gapStart: [Double?] = []

    public init(
        frequency: Double = 1_000, tolerance: Double = 10, anyFrequency: Bool = false, minLevel: Double = -50,
        minDuration: Double = 1, mergeGap: Double = 0
    ) {
        self.frequency = frequency
        self.tolerance = tolerance
        self.anyFrequency = anyFrequency
        self.minLevel = minLevel
        self.tracker = SpanTracker(minDuration: minDuration, mergeGap: mergeGap)
    }

    public func process(_ block: AudioBlock) {
        if !configured || block.channelCount != channels { configure(block) }
        var i = 0
        while i < block.frameCount {
            if filled == 0 { blockStart = block.time(ofSample: i) }
            let n = min(block.frameCount - i, blockLength - filled)
            for c in 0..<channels {
                let source = block.channel(c)
                current[c].withUnsafeMutableBufferPointer { target in
                    guard let from = source.baseAddress, let to = target.baseAddress else { return }
                    (to + filled).update(from: from + i, count: n)
                }
            }
            filled += n
            i += n
            if filled == blockLength { closeBlock() }
        }
    }

    private func configure(_ block: AudioBlock) {
        configured = true
        channels = block.channelCount
        sampleRate = Double(max(1, block.sampleRate))
        blockLength = max(16, Int(saturating: (sampleRate * 0.05).rounded()))
        names = (0..<channels).map {
            block.format.channelNames.indices.contains($0) ? block.format.channelNames[$0] : "channel \($0)"
        }
        hann = (0..<blockLength).map { 0.5 - 0.5 * cos(2 * Double.pi * (Double($0) + 0.5) / Double(blockLength)) }
        hannSum = hann.reduce(0, +)
        hannSquares = hann.reduce(0) { $0 + $1 * $1 }
        current = Array(repeating: [Float](repeating: 0, count: blockLength), count: channels)
        previous = current
        filled = 0
        candidate = Array(repeating: nil, count: channels)
        unsteady = Array(repeating: false, count: channels)
        wasTone = Array(repeating: false, count: channels)
        toneNow = Array(repeating: nil, count: channels)
        lastTone = Array(repeating: nil, count: channels)
        gaps = Array(repeating: [], count: channels)
        gapStart = Array(repeating: nil, count: channels)
    }

    /// The block's tone, if it is a candidate: frequency (Hz), level (dBFS) and energy.
    private func analyse(_ x: [Float]) -> (frequency: Double, level: Double, energy: Double)? {
        let count = x.count
        let energy = x.withUnsafeBufferPointer { Double(SampleKernels.sumOfSquares($0)) }
        // Too quiet to be a tone (digital silence among it): no crossings to count.
        let level = Decibels.from(amplitude: (2 * energy / Double(count)).squareRoot())
        guard level >= minLevel else { return nil }
        var ups = 0
        var first = 0.0
        var last = 0.0
        x.withUnsafeBufferPointer { x in
            for k in 1..<count where x[k - 1] < 0 && x[k] >= 0 {
                let position = Double(k - 1) + Double(x[k - 1]) / Double(x[k - 1] - x[k])
                if ups == 0 { first = position }
                last = position
                ups += 1
            }
        }
        guard ups >= 3, last > first else { return nil }
        let measured = Double(ups - 1) / (last - first) * sampleRate
        if anyFrequency {
            guard measured >= 20, measured <= 0.45 * sampleRate else { return nil }
        } else {
            guard abs(measured - frequency) <= tolerance else { return nil }
        }
        // The share of the block's (windowed) energy in the band around `measured`.
        let omega = 2 * Double.pi * measured / sampleRate
        let coefficient = 2 * cos(omega)
        var s1 = 0.0
        var s2 = 0.0
        var windowed = 0.0
        x.withUnsafeBufferPointer { x in
            hann.withUnsafeBufferPointer { w in
                for k in 0..<count {
                    let v = Double(x[k]) * w[k]
                    let s = v + coefficient * s1 - s2
                    s2 = s1
                    s1 = s
                    windowed += v * v
                }
            }
        }
        let power = s1 * s1 + s2 * s2 - coefficient * s1 * s2
        let expected = hannSum * hannSum / (2 * hannSquares) * windowed
        guard expected > 0, power / expected >= Self.minShare else { return nil }
        return (measured, level, energy)
    }

    private func closeBlock() {
        let end = blockStart + Double(blockLength) / sampleRate
        var anyTone = false
        for c in 0..<channels {
            let found = analyse(current[c])
            var tone = found
            if let found {
                if unsteady[c] {
                    tone = nil
                } else if let reference = candidate[c] {
                    if abs(found.frequency - reference.frequency) > 2 || abs(found.level - reference.level) > 1 {
                        // Not steady: a note, not a tone, until this run of candidates ends.
                        unsteady[c] = true
                        tone = nil
                    }
                } else {
                    candidate[c] = (found.frequency, found.level)
                }
            } else {
                candidate[c] = nil
                unsteady[c] = false
            }
            toneNow[c] = tone
            if let tone {
                anyTone = true
                lastTone[c] = (tone.frequency, tone.level)
            }
        }
        if anyTone {
            if openStart == nil {
                openStart = onset()
                openEvidence = Evidence()
                openEvidence.names = names
                for c in 0..<channels { (gaps[c], gapStart[c]) = ([], nil) }
            }
            pendingEnd = nil
            lastToneEnd = end
            for c in 0..<channels {
                if let tone = toneNow[c] {
                    openEvidence.frequencySum += tone.frequency * tone.energy
                    openEvidence.weight += tone.energy
                    openEvidence.level = max(openEvidence.level, tone.level)
                    if c < 64 { openEvidence.channels |= 1 << UInt64(c) }
                    if let started = gapStart[c] {
                        let length = blockStart - started
                        if length >= 0.1, length <= 0.5, gaps[c].count < 256 { gaps[c].append(started) }
                        gapStart[c] = nil
                    }
                } else if wasTone[c] {
                    gapStart[c] = blockStart
                }
            }
        } else if openStart != nil {
            if pendingEnd == nil { pendingEnd = offset(base: blockStart - Double(blockLength) / sampleRate) }
            if end - lastToneEnd >= Self.bridge - 1e-9 { close() }
        }
        for c in 0..<channels { wasTone[c] = toneNow[c] != nil }
        swap(&current, &previous)
        previousStart = blockStart
        filled = 0
    }

    /// Where the tone that the current block carries started: the latest
    /// break of the sine invariant, over the previous and current blocks, of
    /// the channels that carry it (the earliest of them).
    private func onset() -> Double {
        let base = blockStart - Double(blockLength) / sampleRate
        var earliest = blockStart + Double(blockLength) / sampleRate
        for c in 0..<channels {
            guard let tone = toneNow[c] else { continue }
            let index = lastBreak(channel: c, tone: tone) ?? 0
            earliest = min(earliest, max(0, base + Double(index) / sampleRate))
        }
        return earliest
    }

    /// Where the tone of the previous block ended: the first break of the
    /// invariant over the previous block and the first `limit − B` samples
    /// of the current one (the latest of the channels that carried it).
    private func offset(limit: Int? = nil, base: Double) -> Double {
        let limit = limit ?? 2 * blockLength
        var latest = base
        for c in 0..<channels {
            guard wasTone[c], let tone = lastTone[c] else { continue }
            let index = firstBreak(channel: c, frequency: tone.frequency, level: tone.level, limit: limit) ?? limit
            latest = max(latest, base + Double(index) / sampleRate)
        }
        return latest
    }

    /// The sample `k` of the previous block followed by the current one (0..<2B).
    @inline(__always)
    private func sample(_ c: Int, _ k: Int) -> Double {
        Double(k < blockLength ? previous[c][k] : current[c][k - blockLength])
    }

    /// Whether the invariant breaks at sample k (k ≥ 1) for a sine of `frequency` and peak `amplitude`.
    @inline(__always)
    private func breaks(_ c: Int, _ k: Int, cosine: Double, expected: Double) -> Bool {
        let a = sample(c, k)
        let b = sample(c, k - 1)
        return abs(a * a + b * b - 2 * cosine * a * b - expected) > 0.25 * expected
    }

    private func invariant(frequency: Double, level: Double) -> (cosine: Double, expected: Double) {
        let omega = 2 * Double.pi * frequency / sampleRate
        let amplitude = Decibels.amplitude(level)
        return (cos(omega), amplitude * amplitude * sin(omega) * sin(omega))
    }

    /// Index (0..<2B) of the latest sample where the invariant breaks for 4 samples in a row, scanning back.
    private func lastBreak(channel c: Int, tone: (frequency: Double, level: Double, energy: Double)) -> Int? {
        let (cosine, expected) = invariant(frequency: tone.frequency, level: tone.level)
        var run = 0
        var k = 2 * blockLength - 1
        while k >= 1 {
            if breaks(c, k, cosine: cosine, expected: expected) {
                run += 1
                if run == 4 { return k + 3 }
            } else {
                run = 0
            }
            k -= 1
        }
        return nil
    }

    /// Index (0..<2B) of the first sample where the invariant breaks for 4 samples in a row, scanning forward.
    private func firstBreak(channel c: Int, frequency: Double, level: Double, limit: Int) -> Int? {
        let (cosine, expected) = invariant(frequency: frequency, level: level)
        var run = 0
        for k in 1..<max(2, limit) {
            if breaks(c, k, cosine: cosine, expected: expected) {
                run += 1
                if run == 4 { return k - 3 }
            } else {
                run = 0
            }
        }
        return nil
    }

    /// Ends the open span at the pending end and names its pattern.
    private func close(at streamEnd: Double? = nil) {
        guard let start = openStart else { return }
        var evidence = openEvidence
        evidence.pattern = pattern()
        let end = max(start, pendingEnd ?? streamEnd ?? lastToneEnd)
        tracker.add(TrackedSpan(start: StreamPosition(time: start), end: StreamPosition(time: end), evidence: evidence))
        openStart = nil
        pendingEnd = nil
    }

    /// GLITS or the EBU stereo identification, from the interruptions of the
    /// left and right channels (FL/FR, or the first two).
    private func pattern() -> String? {
        guard channels >= 2 else { return nil }
        let left = names.firstIndex(of: "FL") ?? 0
        let right = names.firstIndex(of: "FR") ?? 1
        let starts = gaps[left]
        guard starts.count >= 2 else { return nil }
        let spacings = zip(starts.dropFirst(), starts).map { $0 - $1 }.sorted()
        let period = spacings[spacings.count / 2]
        if abs(period - 3) <= 0.25, gaps[right].isEmpty { return "EBU stereo ident" }
        if abs(period - 4) <= 0.25, gaps[right].count >= starts.count { return "GLITS" }
        return nil
    }

    public func finish(at end: StreamEnd) -> DetectorResult {
        if openStart != nil, pendingEnd == nil {
            // Still sounding in the last whole block: it ends where it breaks
            // in the samples after that block, or with the stream.
            // (`previous` holds the last whole block, `current` the partial one.)
            let limit = blockLength + filled
            let stop = offset(limit: limit, base: previousStart)
            pendingEnd = stop < previousStart + Double(limit) / sampleRate - 1e-9 ? stop : end.position.time
        }
        close(at: end.position.time)
        return DetectorResult(findings: tracker.finish(at: end.position).map { $0.finding() })
    }
}

extension DetectorDescriptor {
    /// `test-tone`: see Docs/detectors.md.
    public static let testTone = DetectorDescriptor(
        id: TestToneDetector.id,
        summary: "line-up tone left in programme (1 kHz by default; GLITS and EBU stereo ident named)",
        parameters: [
            Knobs.frequency.spec, Knobs.tolerance.spec, Knobs.anyFrequency.spec, Knobs.minLevel.spec,
            Knobs.minDuration.spec, Knobs.mergeGap.spec,
        ],
        foldsInto: [ColorBarsDetector.id],
        factory: .audio { settings, _ in
            TestToneDetector(
                frequency: settings[Knobs.frequency], tolerance: settings[Knobs.tolerance],
                anyFrequency: settings[Knobs.anyFrequency], minLevel: settings[Knobs.minLevel],
                minDuration: settings[Knobs.minDuration], mergeGap: settings[Knobs.mergeGap])
        })
}

private enum Knobs {
    static let frequency = Parameter(
        "frequency", .hertz, default: 1_000, range: 20...24_000, help: "the line-up tone's frequency")
    static let tolerance = Parameter(
        "tolerance", .hertz, default: 10, range: 0...1_000, help: "how far from `frequency` a tone may lie")
    static let anyFrequency = Parameter(
        flag: "any-frequency", help: "report steady tones at any frequency (20 Hz to 0.45 × the sample rate)")
    static let minLevel = Parameter(
        "min-level", .decibels, default: -50, range: -120...0, help: "quietest tone reported, dBFS (peak level)")
    static let minDuration = Parameter.minDuration(of: "test-tone", default: 1)
    static let mergeGap = Parameter.mergeGap()
}
