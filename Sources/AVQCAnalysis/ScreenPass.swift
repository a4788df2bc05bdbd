import AVQCDetectors
import AVQCMedia
import AVQCModel

/// The screening mode (`--screen`) for one file, around the ordinary pass.
///
/// 1. The first pass demuxes every packet once. Audio is decoded in full
///    for the audio detectors (it is cheap). Video is decoded keyframes
///    only, and every video packet's time, size and key flag are kept
///    (about 50 bytes per frame).
/// 2. `ScreenPlanner` picks the stretches that may hold black or frozen
///    pictures.
/// 3. Each stretch is decoded in full, from the keyframe before it, into a
///    fresh `black` and `freeze`, with frames numbered as in a pass from
///    the start. A span that touches the first or the last decoded frame
///    (other than the file's own first and last) may reach beyond the
///    stretch, so the stretch is widened and decoded again until no span
///    does. Spans therefore have the edges a full decode gives them.
public final class ScreenPass {
    /// Detectors the screening pass covers: black and freeze from suspect
    /// stretches, and every detector that reads audio only.
    public static func covers(_ descriptor: DetectorDescriptor) -> Bool {
        if descriptor.id == BlackDetector.id || descriptor.id == FreezeDetector.id { return true }
        return descriptor.reads(.audio) && !descriptor.reads(.video)
            && descriptor.makeFileDetector(
                settings: descriptor.defaultSettings) == nil
    }

    /// The video detectors decoded from suspect stretches.
    static let stretchDetectors: Set<String> = [BlackDetector.id, FreezeDetector.id]

    private let source: MediaSource
    private let options: AnalysisOptions
    private let videoStreams: [StreamInfo]
    let probe: KeyframeProbe
    private(set) var plan = DecodePlan()
    private var packets: [Int: [PacketRecord]] = [:]
    /// Streams a stretch decoded from the first frame to the end, and where it ended.
    private var wholeEnds: [Int: StreamPosition] = [:]

    init(source: MediaSource, bank: DetectorBank, options: AnalysisOptions) {
        self.source = source
        self.options = options
        let wanted = options.detectors.filter { Self.stretchDetectors.contains($0.id) }
        videoStreams = source.streams.filter { stream in
            stream.type == .video
                && wanted.contains { descriptor in options.rules[descriptor.id]?.covers(stream) ?? true }
        }
        let threshold = Self.setting(options, BlackDetector.id, "pixel-threshold") ?? 0.1
        probe = KeyframeProbe(bank: bank, blackLevel: min(1, threshold + 0.05))
        plan.keyframesOnly = Set(videoStreams.map(\.index))
        let watched = plan.keyframesOnly
        plan.onPacket = { [unowned self] record in
            if watched.contains(record.stream) { self.packets[record.stream, default: []].append(record) }
        }
    }

    /// Where each screened stream's packets end: the latest presentation
    /// time plus its duration, and the packet count as the frame count.
    /// A stream decoded whole by a stretch ends where that decode did.
    func packetEnds() -> [Int: StreamPosition] {
        var ends = wholeEnds
        for stream in videoStreams where ends[stream.index] == nil {
            guard let records = packets[stream.index], !records.isEmpty, records.allSatisfy({ $0.pts != nil }) else {
                continue
            }
            let step = stream.frameRate.flatMap { $0 > 0 ? 1 / $0 : nil } ?? 0
            let end = records.map { $0.time + ($0.duration > 0 ? $0.duration : step) }.max() ?? 0
            ends[stream.index] = StreamPosition(time: end, frame: records.count)
        }
        return ends
    }

    /// A detector's parameter as set, else its default.
    static func setting(_ options: AnalysisOptions, _ id: String, _ name: String) -> Double? {
        guard let descriptor = options.detectors.first(where: { $0.id == id }),
            let parameter = descriptor.parameter(named: name)
        else { return nil }
        return options.settings(for: descriptor).values[name] ?? parameter.defaultValue
    }

    /// Black and freeze spans of every screened video stream; nil when a
    /// stream's packets carry no presentation timestamps to place and
    /// number frames by (the file then gets a full analysis instead).
    func spans() throws(MediaError) -> [Defect]? {
        for stream in videoStreams where (packets[stream.index] ?? []).contains(where: { $0.pts == nil }) {
            return nil
        }
        var found: [Defect] = []
        var stretchOptions = options
        stretchOptions.detectors = options.detectors.filter { Self.stretchDetectors.contains($0.id) }
        stretchOptions.collectPictures = false
        stretchOptions.progress = nil
        stretchOptions.metrics = nil
        let minimum = stretchOptions.detectors.compactMap { Self.setting(options, $0.id, "min-duration") }.min() ?? 0
        let mergeGap = stretchOptions.detectors.compactMap { Self.setting(options, $0.id, "merge-gap") }.max() ?? 0
        for stream in videoStreams {
            let records = (packets[stream.index] ?? []).sorted { $0.time < $1.time }
            guard let last = records.last else { continue }
            let step = stream.frameRate.flatMap { $0 > 0 ? 1 / $0 : nil } ?? 0.04
            // Frame numbers as a pass from the start gives them (presentation order).
            var numbers: [Int64: Int] = [:]
            for (rank, record) in records.enumerated() {
                if let pts = record.pts { numbers[pts] = rank }
            }
            let numbered = numbers.count == records.count
            let fileEnd = last.time + max(last.duration, step)
            var ranges = ScreenPlanner.suspects(
                packets: records, keyframes: probe.keyframes[stream.index] ?? [], frameDuration: step,
                minimum: minimum, mergeWithin: max(1, mergeGap + 2 * step))
            // Without timestamps to number frames by, or with most of the file
            // suspect, one pass over the whole stream is simpler and no slower.
            let suspectSeconds = ranges.reduce(0) { $0 + $1.range.upperBound - $1.range.lowerBound }
            // Two presentation timestamps alike say nothing reliable about
            // frame numbers: such a stream is decoded whole.
            if !numbered || suspectSeconds > 0.6 * fileEnd {
                ranges = ranges.isEmpty && numbered ? [] : [ScreenPlanner.Suspect(range: 0...fileEnd, anchored: false)]
            }
            var decodedThrough = -Double.infinity
            for suspect in ranges where suspect.range.upperBound > decodedThrough {
                var anchor: Double? = suspect.anchored ? suspect.range.lowerBound : nil
                var low = max(suspect.range.lowerBound - (anchor == nil ? 2 * step : 0), decodedThrough)
                var high = suspect.range.upperBound + 2 * step
                for attempt in 0..<Self.maxWidenings {
                    if attempt == Self.maxWidenings - 1 {
                        low = 0
                        high = fileEnd
                    }
                    let outcome: Stretch
                    do {
                        outcome = try decodeStretch(
                            stream: stream, from: low, through: high, fileEnd: fileEnd,
                            numbers: numbered ? numbers : [:], frameCount: records.count, options: stretchOptions,
                            step: step, anchor: anchor)
                    } catch {
                        // A demuxer that cannot seek to the stretch: decode from the start instead.
                        guard case .readFailed = error, low > 0 else { throw error }
                        low = 0
                        anchor = nil
                        continue
                    }
                    if outcome.widenBefore { anchor = nil }
                    if outcome.widenBefore || outcome.widenAfter {
                        let width = max(2, high - low)
                        if outcome.widenBefore { low = max(0, outcome.firstTime - width) }
                        if outcome.widenAfter { high = min(fileEnd, high + width) }
                        continue
                    }
                    found += outcome.defects
                    decodedThrough = max(decodedThrough, outcome.lastEnd)
                    break
                }
            }
        }
        // A span seen by two overlapping stretches is one span.
        var seen = Set<String>()
        return found.filter { seen.insert("\($0.detector)#\($0.streamIndex)#\($0.start)#\($0.end)").inserted }
    }

    static let maxWidenings = 6
    /// Seconds by which decoding order may run ahead of presentation (B-frame
    /// reordering): lead-in skipping stops this long before the stretch.
    static let reorderSlack = 0.5

    private struct Stretch {
        var defects: [Defect]
        var firstTime: Double
        var lastEnd: Double
        var widenBefore: Bool
        var widenAfter: Bool
    }

    /// One full decode of `stream` from the keyframe at or before `from` to `through`.
    private func decodeStretch(
        stream: StreamInfo, from: Double, through: Double, fileEnd: Double, numbers: [Int64: Int], frameCount: Int,
        options: AnalysisOptions, step: Double, anchor: Double?
    ) throws(MediaError) -> Stretch {
        let bank = DetectorBank(streams: [stream], options: options)
        // Pictures from the keyframe to `from` are a lead-in: decoded only as references, not analyzed.
        let leadIn = anchor == nil && from > 0 ? max(0, from - Self.reorderSlack) : nil
        let edges = StretchSink(bank: bank, from: leadIn.map { _ in from - step / 2 })
        var stretchPlan = DecodePlan()
        stretchPlan.seekStream = stream.index
        stretchPlan.from = from > 0 ? from : nil
        stretchPlan.leadInUntil = leadIn
        stretchPlan.through = through < fileEnd ? through : nil
        if !numbers.isEmpty { stretchPlan.frameNumbers = [stream.index: numbers] }
        let summary = try source.decode(
            selected: [stream.index], threads: options.decoderThreads, sink: edges, plan: stretchPlan)
        guard let totals = summary.streams[stream.index], let first = edges.first, let last = edges.last else {
            return Stretch(defects: [], firstTime: from, lastEnd: through, widenBefore: false, widenAfter: false)
        }
        if first.index == 0, stretchPlan.through == nil { wholeEnds[stream.index] = totals.end }
        let end = StreamEnd(
            position: totals.end, declaredEnd: totals.declaredEnd, declaredByContainer: totals.declaredByContainer)
        let defects = bank.finish(ends: [stream.index: end], timings: []).defects
        // A stretch that opens on its anchoring keyframe needs no frame before it.
        let anchoredHere = anchor.map { abs(first.time - $0) <= step / 2 } ?? false
        let atStart = first.index == 0 || anchoredHere
        let atEnd = last.index >= frameCount - 1 || stretchPlan.through == nil
        let tolerance = step / 2
        return Stretch(
            defects: defects, firstTime: first.time, lastEnd: last.end,
            widenBefore: !atStart && defects.contains { $0.start <= first.time + tolerance },
            widenAfter: !atEnd && defects.contains { $0.end >= last.end - tolerance })
    }
}

/// Feeds a stretch's frames to its detectors and notes the first and last.
private final class StretchSink: FrameSink {
    let bank: DetectorBank
    /// Frames before this time are the lead-in, not analyzed.
    let from: Double?
    var first: (index: Int, time: Double)?
    var last: (index: Int, end: Double)?

    init(bank: DetectorBank, from: Double?) {
        self.bank = bank
        self.from = from
    }

    func video(_ frame: VideoFrame, stream: Int) {
        if let from, frame.time < from { return }
        if first == nil { first = (frame.index, frame.time) }
        last = (frame.index, frame.time + frame.duration)
        bank.video(frame, stream: stream)
    }

    func audio(_ block: AudioBlock, stream: Int) {}
}
