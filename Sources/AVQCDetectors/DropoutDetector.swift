import AVQCModel

/// `audio-dropout`: a short run of digital silence (every channel below
/// `quietLevel`) lasting `minLength` to `maxLength` seconds, with active
/// audio (above `activeLevel`) within `guardTime` on both sides: what
/// splices and lost packets leave.
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

    private let streamIndex: Int
    private let quiet: Float
    private let active: Float
    private let minLength: Double
    private let maxLength: Double
    private let guardTime: Double
    private let mergeGap: Double
    private var envelope: [Float] = []
    private var lastActive = -Double.infinity
    private var quietStart: Double?
    private var pending: (start: Double, end: Double)?
    /// Confirmed candidates; appended only when a dropout is found.
    private var candidates: [(start: Double, end: Double)] = []

    public init(
        streamIndex: Int, quietDecibels: Double, activeDecibels: Double, minLength: Double, maxLength: Double,
        guardTime: Double, mergeGap: Double
    ) {
        self.streamIndex = streamIndex
        self.quiet = Float(Decibels.amplitude(quietDecibels))
        self.active = Float(Decibels.amplitude(activeDecibels))
        self.minLength = minLength
        self.maxLength = maxLength
        self.guardTime = guardTime
        self.mergeGap = mergeGap
    }

    public func process(_ block: AudioBlock) {
        let count = block.envelope(into: &envelope)
        guard count > 0 else { return }
        let slack = 1.5 / Double(block.sampleRate)
        envelope.withUnsafeMutableBufferPointer { env in
            for i in 0..<count {
                let value = env[i]
                if value < quiet {
                    if quietStart == nil { quietStart = block.time(ofSample: i) }
                    continue
                }
                let time = block.time(ofSample: i)
                if let start = quietStart {
                    quietStart = nil
                    let length = time - start
                    if length >= minLength - slack, length <= maxLength + slack, start - lastActive <= guardTime + slack
                    {
                        pending = (start, time)
                    }
                }
                if let candidate = pending {
                    if value >= active, time - candidate.end <= guardTime + slack {
                        candidates.append(candidate)
                        pending = nil
                    } else if time - candidate.end > guardTime + slack {
                        pending = nil
                    }
                }
                if value >= active { lastActive = time }
            }
        }
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
