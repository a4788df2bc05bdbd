import AVQCModel

/// `audio-dropout`: a short run of digital silence (every channel below
/// `quietLevel`) lasting `minLength` to `maxLength` seconds, with active
/// audio (above `activeLevel`, and at least 30 dB above one step of the
/// stream's integer PCM: -12 dBFS for 8-bit audio, where quiet music rounds
/// to zero) within `guardTime` on both sides, and cut edges: what splices
/// and lost packets leave.
///
/// A cut edge is not a fade. On each side of the silence, (1) the peak of the
/// 5 ms next to it is within `maxEdgeDrop` (15 dB) of the peak of the 50 ms
/// next to it (the audio is still going when it stops, or going at once
/// when it resumes), and (2) the geometric mean of the entry and exit jumps
/// reaches `minEdgeJump`, a jump being the sample next to the silence over
/// the mean sample-to-sample step of the 2 ms beside it. A lost packet cuts
/// a waveform at a random phase on both sides; speech pauses, even where a
/// synthesizer writes digital zero, fade out or in on at least one side.
/// Measured on real recordings: Docs/detectors.md.
///
/// Test patterns with regular gaps between tones are not dropouts: at the
/// end, candidates that form a regular series (three or more of the same
/// length, within 2 ms, evenly spaced, within 2% or 5 ms) are discarded.
public final class DropoutDetector: Detector, EnvelopeReader {
    public struct Evidence: SpanEvidence {
        public var count: Int
        public var longest: Double
        public static var empty: Evidence { Evidence(count: 0, longest: 0) }
        public mutating func absorb(_ other: Evidence) {
            count += other.count
            longest = max(longest, other.longest)
        }
        public var details: [String: DetailValue] { ["dropouts": .integer(count), "longestSeconds": .number(longest)] }
    }

    public static let id = "audio-dropout"
    /// Largest fall, in dB, from the peak of the 50 ms beside the silence to the peak of the 5 ms next to it.
    public static let maxEdgeDrop: Float = 15

    /// A quiet run that may be a dropout, checked over the 50 ms after it.
    private struct Candidate {
        var start: Double
        var end: Double
        var entryJump: Float
        var entryCut: Bool
        var exitValue: Float
        var exitSteps: Float = 0
        var exitCount = 0
        var exitPrevious: Float
        var exitNear: Float = 0
        var exitFar: Float = 0
        var active = false
    }

    private let quiet: Float
    private let activeLevel: Float
    /// `activeLevel`, raised for coarse integer PCM (see the type's comment).
    private var active: Float
    private let minLength: Double
    private let maxLength: Double
    private let guardTime: Double
    private let mergeGap: Double
    private let minEdgeJump: Float
    private let edgeRatio = Float(Decibels.amplitude(-Double(DropoutDetector.maxEdgeDrop)))
    private var envelope: [Float] = []
    /// The envelope's previous sample and its mean step (exponential, about 2 ms).
    private var previous: Float = 0
    private var meanStep: Float = 0
    /// Envelope peaks of the last 50 milliseconds, one per millisecond (a ring).
    private var peaks = [Float](repeating: 0, count: 50)
    private var peakSlot = 0
    private var peakFill = 0
    private var pending: Candidate?
    private var lastActive = -Double.infinity
    private var quietStart: (time: Double, jump: Float, cut: Bool)?
    /// Confirmed candidates; appended only when a dropout is found, bounded
    /// (see `BoundedSpanList`) so that a stream full of them keeps memory flat.
    private(set) var candidates = BoundedSpanList<Evidence>()

    public init(
        quietDecibels: Double, activeDecibels: Double, minLength: Double, maxLength: Double,
        guardTime: Double, mergeGap: Double, minEdgeJump: Double = 2
    ) {
        self.quiet = Float(Decibels.amplitude(quietDecibels))
        self.activeLevel = Float(Decibels.amplitude(activeDecibels))
        self.active = activeLevel
        self.minLength = minLength
        self.maxLength = maxLength
        self.guardTime = guardTime
        self.mergeGap = mergeGap
        self.minEdgeJump = Float(minEdgeJump)
    }

    public func process(_ block: AudioBlock) {
        guard block.frameCount > 0, block.channelCount > 0 else { return }
        let count = block.frameCount
        let slack = 1.5 / Double(block.sampleRate)
        let perMillisecond = max(1, block.sampleRate / 1000)
        let edgeSamples = 2 * perMillisecond
        let smoothing = 1 / Float(edgeSamples)
        if let bits = block.format.integerBits, (2...24).contains(bits) {
            active = max(activeLevel, 32 / Float(1 << (bits - 1)))
        }
        // The loop works on locals: class properties touched inside a closure
        // would each pay a dynamic exclusivity check per sample.
        var previous = self.previous
        var meanStep = self.meanStep
        var peakSlot = self.peakSlot
        var peakFill = self.peakFill
        var lastActive = self.lastActive
        var quietStart = self.quietStart
        var pending = self.pending
        var ring = self.peaks
        self.peaks = []
        let (quiet, active, edgeRatio) = (self.quiet, self.active, self.edgeRatio)
        let (minLength, maxLength, guardTime) = (self.minLength, self.maxLength, self.guardTime)
        block.withEnvelope(scratch: &envelope) { env in
            ring.withUnsafeMutableBufferPointer { peaks in
                for i in 0..<count {
                    let value = env[i]
                    if value < quiet {
                        if quietStart == nil {
                            let jump = previous / max(meanStep, .leastNormalMagnitude)
                            let cut =
                                Self.recentPeak(peaks, slot: peakSlot, last: 5)
                                >= Self.recentPeak(peaks, slot: peakSlot, last: 50) * edgeRatio
                            quietStart = (block.time(ofSample: i), jump, cut)
                        }
                        previous = value
                        continue
                    }
                    meanStep += (abs(value - previous) - meanStep) * smoothing
                    previous = value
                    if value > peaks[peakSlot] { peaks[peakSlot] = value }
                    peakFill += 1
                    if peakFill == perMillisecond {
                        peakFill = 0
                        peakSlot = peakSlot + 1 == peaks.count ? 0 : peakSlot + 1
                        peaks[peakSlot] = 0
                    }
                    if quietStart == nil, pending == nil {
                        if value >= active { lastActive = block.time(ofSample: i) }
                        continue
                    }
                    let time = block.time(ofSample: i)
                    if let start = quietStart {
                        quietStart = nil
                        let length = time - start.time
                        if length >= minLength - slack, length <= maxLength + slack,
                            start.time - lastActive <= guardTime + slack
                        {
                            pending = Candidate(
                                start: start.time, end: time, entryJump: start.jump, entryCut: start.cut,
                                exitValue: value, exitPrevious: value)
                        }
                    }
                    if var candidate = pending {
                        pending = check(&candidate, value: value, time: time, edgeSamples: edgeSamples, slack: slack)
                    }
                    if value >= active { lastActive = time }
                }
            }
        }
        self.peaks = ring
        self.previous = previous
        self.meanStep = meanStep
        self.peakSlot = peakSlot
        self.peakFill = peakFill
        self.lastActive = lastActive
        self.quietStart = quietStart
        self.pending = pending
    }

    /// The highest envelope sample of the last `milliseconds` milliseconds
    /// (including the one being filled at `slot`).
    private static func recentPeak(_ peaks: UnsafeMutableBufferPointer<Float>, slot: Int, last milliseconds: Int)
        -> Float
    {
        var peak: Float = 0
        for back in 0..<min(milliseconds, peaks.count) {
            peak = max(peak, peaks[(slot - back + peaks.count) % peaks.count])
        }
        return peak
    }

    /// Feeds `candidate` one envelope sample after its quiet run; returns it
    /// while undecided, or nil once it is kept (appended) or dropped.
    private func check(_ candidate: inout Candidate, value: Float, time: Double, edgeSamples: Int, slack: Double)
        -> Candidate?
    {
        let since = time - candidate.end
        if since > 0, candidate.exitCount < edgeSamples {
            candidate.exitSteps += abs(value - candidate.exitPrevious)
            candidate.exitPrevious = value
            candidate.exitCount += 1
        }
        if since < 0.005 { candidate.exitNear = max(candidate.exitNear, value) }
        candidate.exitFar = max(candidate.exitFar, value)
        if value >= active, since <= guardTime + slack { candidate.active = true }
        guard since >= max(0.05, guardTime) else { return candidate }
        let meanExitStep = candidate.exitSteps / Float(max(candidate.exitCount, 1))
        let exitJump = candidate.exitValue / max(meanExitStep, .leastNormalMagnitude)
        let cut =
            candidate.entryCut && candidate.exitNear >= candidate.exitFar * edgeRatio
            && candidate.entryJump * exitJump >= minEdgeJump * minEdgeJump
        if candidate.active, cut {
            candidates.append(
                TrackedSpan(
                    start: StreamPosition(time: candidate.start), end: StreamPosition(time: candidate.end),
                    evidence: Evidence(count: 1, longest: candidate.end - candidate.start)))
        }
        return nil
    }

    /// Candidates that are part of a regular series (a test pattern's gaps):
    /// three or more of about the same length (within 2 ms), evenly spaced.
    /// O(n log n): lengths are sorted once, so each candidate's look-alikes
    /// are a contiguous range, and a range is judged once however many
    /// candidates share it.
    static func regularSeries(_ candidates: [(start: Double, end: Double)]) -> Set<Int> {
        let lengths = candidates.map { $0.end - $0.start }
        let byLength = candidates.indices.sorted { lengths[$0] < lengths[$1] }
        var pattern = Set<Int>()
        var verdicts: [Int: Bool] = [:]  // by range, keyed low * count + high
        var low = 0
        var high = 0
        for (rank, i) in byLength.enumerated() {
            let length = lengths[i]
            while lengths[byLength[low]] < length - 0.002 { low += 1 }
            if high < rank { high = rank }
            while high + 1 < byLength.count, lengths[byLength[high + 1]] <= length + 0.002 { high += 1 }
            guard high - low + 1 >= 3 else { continue }
            let key = low * byLength.count + high
            if verdicts[key] == nil {
                let starts = byLength[low...high].map { candidates[$0].start }.sorted()
                let intervals = zip(starts, starts.dropFirst()).map { $1 - $0 }
                if let least = intervals.min(), let most = intervals.max() {
                    let mean = intervals.reduce(0, +) / Double(intervals.count)
                    verdicts[key] = most - least <= max(0.005, 0.02 * mean)
                } else {
                    verdicts[key] = false
                }
            }
            if verdicts[key] == true { pattern.insert(i) }
        }
        return pattern
    }

    public func finish(at end: StreamEnd) -> DetectorResult {
        let found = candidates.spans.sorted { $0.start.time < $1.start.time }
        let pattern = Self.regularSeries(found.map { ($0.start.time, $0.end.time) })
        var tracker = SpanTracker<Evidence>(minDuration: 0, mergeGap: mergeGap)
        for (i, candidate) in found.enumerated() where !pattern.contains(i) { tracker.add(candidate) }
        return DetectorResult(
            findings: tracker.finish(at: end.position).map { $0.finding() })
    }
}

extension DetectorDescriptor {
    /// `audio-dropout`: see Docs/detectors.md.
    public static let dropout = DetectorDescriptor(
        id: DropoutDetector.id, summary: "short digital silence inside active audio (splices, lost packets)",
        parameters: [
            Knobs.level.spec, Knobs.activeLevel.spec, Knobs.minLength.spec, Knobs.maxLength.spec, Knobs.guardTime.spec,
            Knobs.minEdgeJump.spec, Knobs.mergeGap.spec,
        ],
        factory: .audio { settings, context in
            DropoutDetector(
                quietDecibels: settings[Knobs.level],
                activeDecibels: settings[Knobs.activeLevel], minLength: settings[Knobs.minLength],
                maxLength: settings[Knobs.maxLength], guardTime: settings[Knobs.guardTime],
                mergeGap: settings[Knobs.mergeGap], minEdgeJump: settings[Knobs.minEdgeJump])
        })
}

private enum Knobs {
    static let level = Parameter(
        "level", .decibels, default: -90, range: -200...0, help: "every channel below this (dBFS) is a dropout sample")
    static let activeLevel = Parameter(
        "active-level", .decibels, default: -50, range: -200...0,
        help: "audio on both sides must reach this (dBFS) within the guard time")
    static let minLength = Parameter(
        "min-length", .seconds, default: 0.005, range: 0...maxParameterSeconds, help: "shortest dropout")
    static let maxLength = Parameter(
        "max-length", .seconds, default: 0.2, range: 0...maxParameterSeconds,
        help: "longest dropout (lost packets are a few codec frames; longer quiet is an edit or a pause)")
    static let guardTime = Parameter(
        "guard", .seconds, default: 0.05, range: 0...maxParameterSeconds,
        help: "how near the active audio must be on each side")
    static let minEdgeJump = Parameter(
        "min-edge-jump", .ratio, default: 2, range: 0...1_000_000,
        help:
            "how cut the edges must be: geometric mean of the jumps into and out of the gap, each the sample beside it over the mean step of the 2 ms beside it (0: any edge)"
    )
    static let mergeGap = Parameter.mergeGap()
}
