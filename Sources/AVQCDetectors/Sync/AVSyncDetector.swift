import AVQCModel
import Foundation

/// `av-sync`: the audio/video offset measured from sync test content. Flashes
/// in the first video stream (`FlashCollector`) are paired with beep onsets
/// in the first audio stream (`BeepCollector`): each flash with the nearest
/// beep within half the flash period. Content is taken as a sync pattern
/// only when at least `minEvents` pairs form and at least 60% of the flashes
/// and of the beeps are paired; otherwise nothing is reported.
///
/// The measurement gives the median offset (positive: audio late), its range,
/// the drift (least-squares slope, ms per minute), the number of pairs and a
/// confidence (paired share). Pairs whose offset leaves the window
/// (−`maxLead` … +`maxLag`) make defect spans, merged. With `maxDrift`
/// (ms per minute), a drift beyond it is a defect over the measured stretch.
///
/// With `requirePattern`, a file in which no pattern can be measured (no
/// audio or video stream, audio muted, the pattern cut or missing) is a
/// defect over the whole file: a CI gate then tells "in sync" from "not
/// measured". Without it, such a file passes silently, as before.
public final class AVSyncDetector: FileDetector {
    public static let id = "av-sync"

    public struct Evidence: SpanEvidence {
        public var events: Int
        public var worst: Double
        public static var empty: Evidence { Evidence(events: 0, worst: 0) }
        public mutating func absorb(_ other: Evidence) {
            events += other.events
            if abs(other.worst) > abs(worst) { worst = other.worst }
        }
        public var details: [String: DetailValue] {
            ["events": .integer(events), "worstOffsetSeconds": .number(worst)]
        }
    }

    public let maxLead: Double
    public let maxLag: Double
    public let minEvents: Int
    /// Largest drift allowed, in milliseconds per minute, or nil for no limit.
    public let maxDrift: Double?
    /// Whether a file without a measurable pattern is a defect.
    public let requirePattern: Bool
    private let flashes = FlashCollector()
    private let beeps = BeepCollector()
    private var videoStream: Int?
    private var audioStream: Int?

    public init(
        maxLead: Double, maxLag: Double, minEvents: Int, maxDrift: Double? = nil, requirePattern: Bool = false
    ) {
        self.maxLead = maxLead
        self.maxLag = maxLag
        self.minEvents = max(2, minEvents)
        self.maxDrift = maxDrift
        self.requirePattern = requirePattern
    }

    /// The first audio stream when there is video too. With `requirePattern`,
    /// any first stream, so that a file missing one kind is still reported.
    public func reportingStream(among streams: [StreamInfo]) -> Int? {
        let audio = streams.first { $0.type == .audio }?.index
        if streams.contains(where: { $0.type == .video }), let audio { return audio }
        return requirePattern ? (audio ?? streams.first?.index) : nil
    }

    /// The whole-file defect for a required pattern that could not be measured.
    private func missingPattern(_ why: String, stream: Int, streams: [StreamTiming]) -> DetectorResult {
        let start = streams.map(\.start).min() ?? 0
        let end = streams.map(\.end).max() ?? start
        let defect = Finding(
            start: start, end: end, stream: stream,
            details: [
                "reason": .string("no sync pattern measured: \(why)"), "flashes": .integer(flashes.events.count),
                "beeps": .integer(beeps.events.count),
            ])
        return DetectorResult(findings: [defect])
    }

    public func observer(for stream: StreamInfo) -> AnyDetector? {
        switch stream.type {
        case .video where videoStream == nil:
            videoStream = stream.index
            beeps.codeFrameRate = stream.frameRate
            return .video(flashes)
        case .audio where audioStream == nil:
            audioStream = stream.index
            return .audio(beeps)
        default:
            return nil
        }
    }

    /// Flash and beep times found (for tests and diagnostics).
    public var events: (flashes: [Double], beeps: [Double]) { (flashes.events, beeps.events) }

    /// The pairs (flash time, offset) of a sync pattern, or nil when there is no pattern.
    static func pairs(flashes: [Double], beeps: [Double], minEvents: Int) -> [(time: Double, offset: Double)]? {
        guard flashes.count >= minEvents, beeps.count >= minEvents else { return nil }
        let gaps = zip(flashes, flashes.dropFirst()).map { $1 - $0 }.sorted()
        let period = gaps.isEmpty ? 1 : gaps[gaps.count / 2]
        var pairs: [(Double, Double)] = []
        var used = Set<Int>()
        for flash in flashes {
            guard
                let nearest = beeps.indices.min(by: { abs(beeps[$0] - flash) < abs(beeps[$1] - flash) }),
                abs(beeps[nearest] - flash) <= period / 2, !used.contains(nearest)
            else { continue }
            used.insert(nearest)
            pairs.append((flash, beeps[nearest] - flash))
        }
        let paired = Double(pairs.count)
        guard pairs.count >= minEvents, paired >= 0.6 * Double(flashes.count), paired >= 0.6 * Double(beeps.count)
        else { return nil }
        return pairs
    }

    /// The pattern's pairs: av-drift-detector's numbered frames (stamps with
    /// audio codes of the same id), else flashes with broadband beeps (a
    /// pattern over silence), else with 1 kHz tone bursts (over programme audio).
    private func measuredPairs() -> (pairs: [(time: Double, offset: Double)], events: Int, pattern: String)? {
        if let pairs = Self.codePairs(stamps: flashes.stamps, codes: beeps.codes, minEvents: minEvents) {
            return (pairs, beeps.codes.count, "av-drift-detector")
        }
        if let pairs = Self.pairs(flashes: flashes.events, beeps: beeps.events, minEvents: minEvents) {
            return (pairs, beeps.events.count, "flash-beep")
        }
        if let pairs = Self.pairs(flashes: flashes.events, beeps: beeps.toneEvents, minEvents: minEvents) {
            return (pairs, beeps.toneEvents.count, "flash-tone")
        }
        return nil
    }

    /// Pairs each audio code with the video stamp of the same frame id (the
    /// audio carries it mod 65536) nearest in time, within 5 s; a pattern
    /// needs `minEvents` pairs and 60% of the codes paired.
    static func codePairs(stamps: [(time: Double, id: Int)], codes: [(time: Double, id: Int)], minEvents: Int)
        -> [(time: Double, offset: Double)]?
    {
        guard stamps.count >= minEvents, codes.count >= minEvents else { return nil }
        var byID: [Int: [Double]] = [:]
        for stamp in stamps { byID[stamp.id % 65_536, default: []].append(stamp.time) }
        var pairs: [(time: Double, offset: Double)] = []
        for code in codes {
            guard let video = byID[code.id]?.min(by: { abs($0 - code.time) < abs($1 - code.time) }),
                abs(code.time - video) <= 5
            else { continue }
            pairs.append((video, code.time - video))
        }
        guard pairs.count >= minEvents, Double(pairs.count) >= 0.6 * Double(codes.count) else { return nil }
        return pairs.sorted { $0.time < $1.time }
    }

    /// Least-squares slope of offset against time (seconds per second), over
    /// the pairs within 20 ms of the median offset or within 4 median absolute
    /// deviations of it, whichever is wider: one beep of the programme
    /// paired with a flash must not tilt the line.
    static func driftSlope(_ pairs: [(time: Double, offset: Double)], median: Double) -> Double {
        let deviations = pairs.map { abs($0.offset - median) }.sorted()
        let mad = deviations.isEmpty ? 0 : deviations[deviations.count / 2]
        let kept = pairs.filter { abs($0.offset - median) <= max(0.020, 4 * mad) }
        guard kept.count >= 2 else { return 0 }
        let n = Double(kept.count)
        let meanT = kept.reduce(0) { $0 + $1.time } / n
        let meanO = kept.reduce(0) { $0 + $1.offset } / n
        let sxx = kept.reduce(0) { $0 + ($1.time - meanT) * ($1.time - meanT) }
        let sxy = kept.reduce(0) { $0 + ($1.time - meanT) * ($1.offset - meanO) }
        return sxx > 0 ? sxy / sxx : 0
    }

    /// True when pair `index` disagrees by more than 20 ms with both its
    /// neighbours: a beep of the programme paired with a flash, not a change
    /// of sync (which the pairs after it keep).
    static func isStray(_ index: Int, in pairs: [(time: Double, offset: Double)]) -> Bool {
        let offset = pairs[index].offset
        let before = index > 0 ? abs(pairs[index - 1].offset - offset) > 0.020 : true
        let after = index + 1 < pairs.count ? abs(pairs[index + 1].offset - offset) > 0.020 : true
        return before && after && pairs.count > 2
    }

    public func finish(streams: [StreamTiming]) -> DetectorResult {
        guard let audio = audioStream, videoStream != nil else {
            guard requirePattern, let stream = audioStream ?? videoStream ?? streams.first?.index else {
                return DetectorResult()
            }
            return missingPattern(
                audioStream == nil ? "the file has no audio stream" : "the file has no video stream", stream: stream,
                streams: streams)
        }
        guard let (pairs, beepCount, pattern) = measuredPairs() else {
            guard requirePattern else { return DetectorResult() }
            let why =
                flashes.events.isEmpty && beeps.events.isEmpty
                ? "neither flashes nor beeps found"
                : (beeps.events.isEmpty
                    ? "flashes but no beeps (audio muted or missing?)"
                    : (flashes.events.isEmpty
                        ? "beeps but no flashes" : "flashes and beeps do not pair into a regular pattern"))
            return missingPattern(why, stream: audio, streams: streams)
        }
        let offsets = pairs.map(\.offset).sorted()
        let median =
            offsets.count % 2 == 1
            ? offsets[offsets.count / 2] : (offsets[offsets.count / 2 - 1] + offsets[offsets.count / 2]) / 2
        let slope = Self.driftSlope(pairs, median: median)
        let n = Double(pairs.count)
        let videoEvents = pattern == "av-drift-detector" ? flashes.stamps.count : flashes.events.count
        let confidence = n / Double(max(videoEvents, beepCount))
        let measurement = DetectorResult.Measured(
            stream: audio,
            values: [
                "offsetSeconds": .number(median), "offsetMinSeconds": .number(offsets.first ?? 0),
                "offsetMaxSeconds": .number(offsets.last ?? 0), "driftMsPerMinute": .number(slope * 60_000),
                "events": .integer(pairs.count), "confidence": .number(confidence),
                "flashes": .integer(videoEvents), "beeps": .integer(beepCount), "pattern": .string(pattern),
            ])
        let gaps = zip(pairs, pairs.dropFirst()).map { $1.time - $0.time }.sorted()
        let period = gaps.isEmpty ? 1 : gaps[gaps.count / 2]
        var tracker = SpanTracker<Evidence>(minDuration: 0, mergeGap: 1.5 * period)
        for (index, pair) in pairs.enumerated()
        where (pair.offset < -maxLead - 1e-9 || pair.offset > maxLag + 1e-9) && !Self.isStray(index, in: pairs) {
            tracker.add(
                TrackedSpan(
                    start: StreamPosition(time: pair.time), end: StreamPosition(time: pair.time + period),
                    evidence: Evidence(events: 1, worst: pair.offset)))
        }
        let end = StreamPosition(time: streams.map(\.end).max() ?? 0)
        var defects = tracker.finish(at: end).map { span -> Finding in
            var defect = span.finding()
            defect.stream = audio
            defect.details["maxLeadSeconds"] = .number(maxLead)
            defect.details["maxLagSeconds"] = .number(maxLag)
            return defect
        }
        let drift = slope * 60_000
        if let maxDrift, abs(drift) > maxDrift, let first = pairs.first, let last = pairs.last {
            defects.append(
                Finding(
                    start: first.time, end: last.time + period, stream: audio,
                    details: [
                        "reason": .string("audio drifts against video"), "driftMsPerMinute": .number(drift),
                        "maxDriftMsPerMinute": .number(maxDrift),
                    ]))
        }
        return DetectorResult(findings: defects, measurements: [measurement])
    }
}

extension DetectorDescriptor {
    /// `av-sync`: see Docs/detectors.md.
    public static let avSync = DetectorDescriptor(
        id: AVSyncDetector.id, summary: "audio/video offset and drift measured from flash-and-beep sync patterns",
        parameters: [
            Knobs.maxLead.spec, Knobs.maxLag.spec, Knobs.minEvents.spec, Knobs.maxDrift.spec,
            Knobs.requirePattern.spec,
        ],
        factory: .file(kinds: [.video, .audio]) { settings in
            AVSyncDetector(
                maxLead: settings[Knobs.maxLead], maxLag: settings[Knobs.maxLag], minEvents: settings[Knobs.minEvents],
                maxDrift: settings[Knobs.maxDrift], requirePattern: settings[Knobs.requirePattern])
        })
}

private enum Knobs {
    static let maxLead = Parameter(
        "max-lead", .seconds, default: 0.040, range: 0...maxParameterSeconds,
        help: "largest audio lead allowed (EBU R37: 40 ms)")
    static let maxLag = Parameter(
        "max-lag", .seconds, default: 0.060, range: 0...maxParameterSeconds,
        help: "largest audio lag allowed (EBU R37: 60 ms)")
    static let minEvents = Parameter(
        count: "min-events", default: 3, range: 2...1_000_000,
        help: "paired flash/beep events needed to call it a pattern")
    static let maxDrift = Parameter(
        optional: "max-drift", .ratio, range: 0...1_000_000,
        help: "largest drift allowed, in ms per minute (none: drift is measured, not gated)")
    static let requirePattern = Parameter(
        flag: "require-pattern",
        help: "a file in which no pattern can be measured is a defect (for CI gates on sync references)")
}
