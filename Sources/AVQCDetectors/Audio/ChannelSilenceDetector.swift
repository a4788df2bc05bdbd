import AVQCModel

/// `channel-silent`: in a multichannel stream, one channel stays below
/// `level` for at least `minDuration` while the other channels carry signal
/// (at least one of them above `level` for at least half of that time). The
/// LFE channel is exempt unless `includeLFE`. Each channel's spans are
/// reported on their own; when every channel is quiet, that is `silence`.
public final class ChannelSilenceDetector: Detector {
    public struct Evidence: SpanEvidence {
        public var channel: String
        public static var empty: Evidence { Evidence(channel: "") }
        public mutating func absorb(_ other: Evidence) { if channel.isEmpty { channel = other.channel } }
        public var details: [String: DetailValue] { ["channel": .string(channel)] }
    }

    public static let id = "channel-silent"

    private let level: Float
    private let minDuration: Double
    private let includeLFE: Bool
    private var watched: [Bool] = []
    private var names: [String] = []
    private var runStart: [Double?] = []
    private var runBlocks: [Int] = []
    private var othersActive: [Int] = []
    private var peaks: [Float] = []
    private var spans: [TrackedSpan<Evidence>] = []

    public init(levelDecibels: Double, minDuration: Double, includeLFE: Bool) {
        self.level = Float(Decibels.amplitude(levelDecibels))
        self.minDuration = minDuration
        self.includeLFE = includeLFE
    }

    public func process(_ block: AudioBlock) {
        let channels = block.channelCount
        guard channels >= 2 else { return }
        if watched.count != channels {
            watched = (0..<channels).map { includeLFE || !block.format.isLFE($0) }
            names = (0..<channels).map {
                block.format.channelNames.indices.contains($0) ? block.format.channelNames[$0] : "channel \($0)"
            }
            runStart = Array(repeating: nil, count: channels)
            runBlocks = Array(repeating: 0, count: channels)
            othersActive = Array(repeating: 0, count: channels)
            peaks = Array(repeating: 0, count: channels)
        }
        for c in 0..<channels { peaks[c] = SampleKernels.peak(block.channel(c)) }
        for c in 0..<channels where watched[c] {
            let samples = block.channel(c)
            let othersOn = (0..<channels).contains { $0 != c && watched[$0] && peaks[$0] >= level }
            if runStart[c] != nil, peaks[c] < level {
                // The whole block continues the silent run: no need to search it.
                runBlocks[c] += 1
                if othersOn { othersActive[c] += 1 }
                continue
            }
            var i = 0
            while i < block.frameCount {
                if let start = runStart[c] {
                    // Find where the silent run ends, if it does in this block.
                    while i < block.frameCount, abs(samples[i]) < level { i += 1 }
                    runBlocks[c] += 1
                    if othersOn { othersActive[c] += 1 }
                    guard i < block.frameCount else { break }
                    close(channel: c, start: start, end: block.time(ofSample: i))
                } else {
                    while i < block.frameCount, abs(samples[i]) >= level { i += 1 }
                    guard i < block.frameCount else { break }
                    runStart[c] = block.time(ofSample: i)
                    runBlocks[c] = 0
                    othersActive[c] = 0
                }
            }
        }
    }

    private func close(channel c: Int, start: Double, end: Double) {
        if end - start >= minDuration - 1e-9, runBlocks[c] > 0, 2 * othersActive[c] >= runBlocks[c] {
            spans.append(
                TrackedSpan(
                    start: StreamPosition(time: start), end: StreamPosition(time: end),
                    evidence: Evidence(channel: names[c])))
        }
        runStart[c] = nil
    }

    public func finish(at end: StreamEnd) -> DetectorResult {
        for c in runStart.indices {
            if let start = runStart[c] { close(channel: c, start: start, end: end.position.time) }
        }
        let defects = spans.sorted { $0.start.time < $1.start.time }.map {
            $0.finding()
        }
        return DetectorResult(findings: defects)
    }
}

extension DetectorDescriptor {
    /// `channel-silent`: see Docs/detectors.md.
    public static let channelSilent = DetectorDescriptor(
        id: ChannelSilenceDetector.id, summary: "one channel of a multichannel stream silent while others play",
        parameters: [Knobs.level.spec, Knobs.minDuration.spec, Knobs.includeLFE.spec],
        factory: .audio { settings, context in
            ChannelSilenceDetector(
                levelDecibels: settings[Knobs.level],
                minDuration: settings[Knobs.minDuration], includeLFE: settings[Knobs.includeLFE])
        })
}

private enum Knobs {
    static let level = Parameter(
        "level", .decibels, default: -80, range: -200...0, help: "a channel below this (dBFS) is silent")
    static let minDuration = Parameter.minDuration(of: "channel-silent")
    static let includeLFE = Parameter(
        flag: "include-lfe", help: "also watch the LFE channel (often silent in real mixes)")
}
