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
public final class DropoutDetector: Detector {
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

    private let streamIndex: Int
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
    /// Confirmed candidates; appended only when a dropout is found.
    private var candidates: [(start: Double, end: Double)] = []

    public init(
        streamIndex: Int, quietDecibels: Double, activeDecibels: Double, minLength: Double, maxLength: Double,
        guardTime: Double, mergeGap: Double, minEdgeJump: Double = 2
    ) {
        self.streamIndex = streamIndex
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
        let count = block.envelope(into: &envelope)
        guard count > 0 else { return }
        let slack = 1.5 / Double(block.sampleRate)
        let perMillisecond = max(1, block.sampleRate / 1000)
        let edgeSamples = 2 * perMillisecond
        let smoothing = 1 / Float(edgeSamples)
        if let bits = block.format.integerBits, (2...24).contains(bits) {
            active = max(activeLevel, 32 / Float(1 << (bits - 1)))
        }
        envelope.withUnsafeMutableBufferPointer { env in
            for i in 0..<count {
                let value = env[i]
                if value < quiet {
                    if quietStart == nil {
                        let jump = previous / max(meanStep, .leastNormalMagnitude)
                        quietStart = (
                            block.time(ofSample: i), jump, recentPeak(last: 5) >= recentPeak(last: 50) * edgeRatio
                        )
                    }
                    previous = value
                    continue
                }
                meanStep += (abs(value - previous) - meanStep) * smoothing
                previous = value
                peaks[peakSlot] = max(peaks[peakSlot], value)
                peakFill += 1
                if peakFill == perMillisecond {
                    peakFill = 0
                    peakSlot = (peakSlot + 1) % peaks.count
                    peaks[peakSlot] = 0
                }
                let time = block.time(ofSample: i)
                if let start = quietStart {
                    quietStart = nil
                    let length = time - start.time
                    if length >= minLength - slack, length <= maxLength + slack,
                        start.time - lastActive <= guardTime + slack
                    {
                        pending = Candidate(
                            start: start.time, end: time, entryJump: start.jump, entryCut: start.cut, exitValue: value,
                            exitPrevious: value)
                    }
                }
                if var candidate = pending {
                    pending = check(&candidate, value: value, time: time, edgeSamples: edgeSamples, slack: slack)
                }
                if value >= active { lastActive = time }
            }
        }
    }

    /// The highest envelope sample of the last `milliseconds` milliseconds
    /// (including the one being filled).
    private func recentPeak(last milliseconds: Int) -> Float {
        var peak: Float = 0
        for back in 0..<min(milliseconds, peaks.count) {
            peak = max(peak, peaks[(peakSlot - back + peaks.count) % peaks.count])
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
        if candidate.active, cut { candidates.append((candidate.start, candidate.end)) }
        return nil
    }

    /// Candidates that are part of a regular series (a test pattern's gaps).
    static func regularSeries(_ candidates: [(start: Double, end: Double)]) -> Set<Int> {
        var pattern = Set<Int>()
        for (i, candidate) in candidates.enumerated() {
            let length = candidate.end - candidate.start
            let alike = candidates.indices.filter { abs((candidates[$0].end - candidates[$0].start) - length) <= 0.002 }
            guard alike.count >= 3 else { continue }
            let intervals = zip(alike, alike.dropFirst()).map { candidates[$1].start - candidates[$0].start }
            guard let low = intervals.min(), let high = intervals.max() else { continue }
            let mean = intervals.reduce(0, +) / Double(intervals.count)
            if high - low <= max(0.005, 0.02 * mean) { pattern.insert(i) }
        }
        return pattern
    }

    public func finish(at end: StreamEnd) -> DetectorResult {
        let pattern = Self.regularSeries(candidates)
        var tracker = SpanTracker<Evidence>(minDuration: 0, mergeGap: mergeGap)
        for (i, candidate) in candidates.enumerated() where !pattern.contains(i) {
            tracker.add(
                TrackedSpan(
                    start: StreamPosition(time: candidate.start), end: StreamPosition(time: candidate.end),
                    evidence: Evidence(count: 1, longest: candidate.end - candidate.start)))
        }
        return DetectorResult(
            defects: tracker.finish(at: end.position).map { $0.defect(detector: Self.id, streamIndex: streamIndex) })
    }
}
