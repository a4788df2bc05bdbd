import AVQCModel

/// `timestamp-gap` on video: presentation times that jump forward by more
/// than `maxRatio` nominal frame durations (dropped frames), and times that
/// run backwards or repeat.
///
/// Variable-frame-rate sources (screen recordings, phones) are told apart by
/// their own rhythm: a stream is constant-rate when at least `regularShare`
/// of its frame-to-frame steps are within 10% of the nominal frame duration.
/// Jumps and misplaced frames are reported only for constant-rate streams;
/// backwards and repeated times are reported for every stream.
///
/// A single frame whose time is off while the next frame keeps the
/// timeline (it comes two frame durations after the frame before, within
/// half a duration) is a *misplaced* frame: one empty span at the frame,
/// where it should have been, not a jump out and a jump back. Damaged
/// transport-stream headers give such frames (a PTS read as 5224 s in a
/// 10 s file, measured). See Docs/detectors.md.
public final class VideoTimestampGapDetector: Detector {
    public static let id = "timestamp-gap"

    private let maxRatio: Double
    private let regularShare: Double
    private let mergeGap: Double
    private var nominal: Double?
    private var previousTime: Double?
    private var steps = 0
    private var regularSteps = 0
    /// Candidate spans, appended only when something is wrong; bounded, so
    /// a variable-rate stream (a jump at every frame) keeps memory flat.
    private(set) var jumps = BoundedSpanList<TimestampEvidence>()
    private(set) var disorder = BoundedSpanList<TimestampEvidence>()
    /// A frame whose step from `previous` was out of line, waiting for the next frame.
    private var held: (time: Double, index: Int, previous: Double)?

    /// - Parameters:
    ///   - frameRate: the stream's nominal frames per second, if known.
    public init(frameRate: Double?, maxRatio: Double, regularShare: Double, mergeGap: Double) {
        self.nominal = frameRate.flatMap { $0 > 0 ? 1 / $0 : nil }
        self.maxRatio = maxRatio
        self.regularShare = regularShare
        self.mergeGap = mergeGap
    }

    public func process(_ frame: VideoFrame) {
        if nominal == nil, frame.duration > 0 { nominal = frame.duration }
        if let out = held {
            held = nil
            if let nominal, abs(frame.time - (out.previous + 2 * nominal)) <= nominal / 2 {
                var evidence = TimestampEvidence()
                evidence.misplacedFrames = 1
                evidence.largest = abs(out.time - (out.previous + nominal))
                let at = StreamPosition(time: out.previous + nominal, frame: out.index)
                // Judged against the nominal rhythm, like a jump: reported for constant-rate streams only.
                jumps.append(TrackedSpan(start: at, end: at, evidence: evidence))
                steps += 2
                regularSteps += 2
                previousTime = frame.time
                return
            }
            judge(step: out.time - out.previous, previous: out.previous, at: out.time, index: out.index)
            previousTime = out.time
        }
        guard let previous = previousTime else {
            previousTime = frame.time
            return
        }
        let step = frame.time - previous
        if let nominal, step <= 1e-6 || step > maxRatio * nominal {
            held = (frame.time, frame.index, previous)
            return
        }
        judge(step: step, previous: previous, at: frame.time, index: frame.index)
        previousTime = frame.time
    }

    /// Records the step from `previous` to the frame `index` at `time`.
    private func judge(step: Double, previous: Double, at time: Double, index: Int) {
        let position = StreamPosition(time: time, frame: index)
        if step <= 1e-6 {
            var evidence = TimestampEvidence()
            evidence.overlaps = 1
            evidence.largest = previous - time
            disorder.append(TrackedSpan(start: position, end: position, evidence: evidence))
            return
        }
        guard let nominal else { return }
        steps += 1
        if abs(step - nominal) <= 0.1 * nominal { regularSteps += 1 }
        if step > maxRatio * nominal {
            var evidence = TimestampEvidence()
            evidence.gaps = 1
            evidence.missingFrames = max(1, Int(saturating: (step / nominal).rounded()) &- 1)
            evidence.largest = step - nominal
            let start = StreamPosition(time: previous + nominal, frame: index)
            jumps.append(TrackedSpan(start: start, end: position, evidence: evidence))
        }
    }

    /// True when the stream keeps a constant frame rate (see the type's notes).
    public var isConstantRate: Bool {
        steps == 0 || Double(regularSteps) / Double(steps) >= regularShare
    }

    public func finish(at end: StreamEnd) -> DetectorResult {
        if let out = held {
            held = nil
            judge(step: out.time - out.previous, previous: out.previous, at: out.time, index: out.index)
        }
        let candidates = (isConstantRate ? jumps.spans + disorder.spans : disorder.spans).sorted {
            $0.start.time < $1.start.time
        }
        var tracker = SpanTracker<TimestampEvidence>(minDuration: 0, mergeGap: mergeGap)
        for span in candidates {
            tracker.observe(defective: true, at: span.start, evidence: span.evidence)
            tracker.observe(defective: false, at: span.end)
        }
        let mode: DetailValue = .string(isConstantRate ? "constant" : "variable")
        let defects = tracker.finish(at: end.position).map { span -> Finding in
            var defect = span.finding()
            defect.details["frameRateMode"] = mode
            return defect
        }
        return DetectorResult(findings: defects)
    }
}

extension DetectorDescriptor {
    /// `timestamp-gap` (video: `VideoTimestampGapDetector`, audio:
    /// `AudioTimestampGapDetector`): see Docs/detectors.md.
    public static let timestampGap = DetectorDescriptor(
        id: VideoTimestampGapDetector.id, summary: "dropped frames, time running backwards, audio holes/overlaps",
        parameters: [Knobs.maxRatio.spec, Knobs.regularShare.spec, Knobs.audioTolerance.spec, Knobs.mergeGap.spec],
        factory: .stream(
            video: { settings, context in
                VideoTimestampGapDetector(
                    frameRate: context.stream.frameRate,
                    maxRatio: settings[Knobs.maxRatio], regularShare: settings[Knobs.regularShare],
                    mergeGap: settings[Knobs.mergeGap])
            },
            audio: { settings, context in
                AudioTimestampGapDetector(
                    tolerance: settings[Knobs.audioTolerance],
                    mergeGap: settings[Knobs.mergeGap])
            }))
}

private enum Knobs {
    static let maxRatio = Parameter(
        "max-ratio", .ratio, default: 1.5, range: 1...1000,
        help: "video: a step longer than this many frame durations is a gap")
    static let regularShare = Parameter(
        "regular-share", .ratio, default: 0.9, range: 0...1,
        help: "video: share of regular steps that makes a stream constant-rate")
    static let audioTolerance = Parameter(
        "audio-tolerance", .seconds, default: 0.010, range: 0...maxParameterSeconds,
        help: "audio: largest hole or overlap in the sample timeline ignored")
    static let mergeGap = Parameter.mergeGap()
}
