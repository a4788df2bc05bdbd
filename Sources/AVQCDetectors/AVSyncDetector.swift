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
/// (−`maxLead` … +`maxLag`) make defect spans, merged.
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
    private let flashes = FlashCollector()
    private let beeps = BeepCollector()
    private var videoStream: Int?
    private var audioStream: Int?

    public init(maxLead: Double, maxLag: Double, minEvents: Int) {
        self.maxLead = maxLead
        self.maxLag = maxLag
        self.minEvents = max(2, minEvents)
    }

    public func reportingStream(among streams: [StreamInfo]) -> Int? {
        guard streams.contains(where: { $0.type == .video }) else { return nil }
        return streams.first { $0.type == .audio }?.index
    }

    public func observer(for stream: StreamInfo) -> AnyDetector? {
        switch stream.type {
        case .video where videoStream == nil:
            videoStream = stream.index
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

    public func finish(streams: [StreamTiming]) -> DetectorResult {
        guard let audio = audioStream,
            let pairs = Self.pairs(flashes: flashes.events, beeps: beeps.events, minEvents: minEvents)
        else { return DetectorResult() }
        let offsets = pairs.map(\.offset).sorted()
        let median =
            offsets.count % 2 == 1
            ? offsets[offsets.count / 2] : (offsets[offsets.count / 2 - 1] + offsets[offsets.count / 2]) / 2
        // Least-squares slope of offset against time.
        let n = Double(pairs.count)
        let meanT = pairs.reduce(0) { $0 + $1.time } / n
        let meanO = pairs.reduce(0) { $0 + $1.offset } / n
        let sxx = pairs.reduce(0) { $0 + ($1.time - meanT) * ($1.time - meanT) }
        let sxy = pairs.reduce(0) { $0 + ($1.time - meanT) * ($1.offset - meanO) }
        let slope = sxx > 0 ? sxy / sxx : 0
        let confidence = n / Double(max(flashes.events.count, beeps.events.count))
        let measurement = Measurement(
            detector: Self.id, streamIndex: audio,
            values: [
                "offsetSeconds": .number(median), "offsetMinSeconds": .number(offsets.first ?? 0),
                "offsetMaxSeconds": .number(offsets.last ?? 0), "driftMsPerMinute": .number(slope * 60_000),
                "events": .integer(pairs.count), "confidence": .number(confidence),
                "flashes": .integer(flashes.events.count), "beeps": .integer(beeps.events.count),
            ])
        let gaps = zip(pairs, pairs.dropFirst()).map { $1.time - $0.time }.sorted()
        let period = gaps.isEmpty ? 1 : gaps[gaps.count / 2]
        var tracker = SpanTracker<Evidence>(minDuration: 0, mergeGap: 1.5 * period)
        for pair in pairs where pair.offset < -maxLead - 1e-9 || pair.offset > maxLag + 1e-9 {
            tracker.add(
                TrackedSpan(
                    start: StreamPosition(time: pair.time), end: StreamPosition(time: pair.time + period),
                    evidence: Evidence(events: 1, worst: pair.offset)))
        }
        let end = StreamPosition(time: streams.map(\.end).max() ?? 0)
        let defects = tracker.finish(at: end).map { span -> Defect in
            var defect = span.defect(detector: Self.id, streamIndex: audio)
            defect.details["maxLeadSeconds"] = .number(maxLead)
            defect.details["maxLagSeconds"] = .number(maxLag)
            return defect
        }
        return DetectorResult(defects: defects, measurements: [measurement])
    }
}
