import AVQCDetectors
import AVQCMedia
import AVQCModel

#if canImport(Glibc)
    import Glibc
#endif

/// The detectors of one file, by stream: the sink the decoder feeds. Every
/// detector of a stream sees the same in-memory frame, one after another.
final class DetectorBank: FrameSink {
    private struct Entry {
        let descriptor: DetectorDescriptor
        let detector: AnyDetector
    }

    private var videoDetectors: [Int: [any Detector<VideoFrame>]] = [:]
    private var audioDetectors: [Int: [any Detector<AudioBlock>]] = [:]
    /// For each registered detector (same order as above), its slot in `nanoseconds`.
    private var videoSlots: [Int: [Int]] = [:]
    private var audioSlots: [Int: [Int]] = [:]
    /// Time spent in each check's detector, by `checkKeys` slot.
    private var nanoseconds: [UInt64] = []
    /// `id#stream` of each slot.
    private var slotKeys: [String] = []
    private var entries: [(stream: Int, entry: Entry)] = []
    private var fileDetectors: [(descriptor: DetectorDescriptor, detector: any FileDetector, stream: Int)] = []
    /// Streams decoded for file-level detectors' observers.
    private var observed = Set<Int>()
    /// Reused buffer for each audio block's shared envelope.
    private var envelope: [Float] = []
    /// Audio streams with two or more envelope readers (see `EnvelopeReader`).
    private var sharedEnvelope = Set<Int>()
    /// The per-frame and per-block metrics export (nil unless asked for).
    var metrics: MetricsRecorder?
    /// The file's progress line (nil unless asked for).
    var progress: ProgressMeter?
    /// Thumbnails and series for the HTML report (nil unless asked for).
    let pictures: PictureCollector?
    /// Whether each span detector of the file is inside a candidate span.
    private var openProbes: [() -> Bool] = []
    /// Reused buffer for each video frame's shared cell means.
    private var grid: [Float] = []
    /// Video streams with two or more grid readers (see `GridReader`).
    private var sharedGrid = Set<Int>()

    init(streams: [StreamInfo], options: AnalysisOptions) {
        pictures =
            options.collectPictures
            ? streams.first { $0.type == .video }.map { PictureCollector(videoStream: $0.index) } : nil
        for stream in streams {
            for descriptor in options.detectors where descriptor.reads(stream.type) {
                if let rule = options.rules[descriptor.id], !rule.covers(stream) { continue }
                guard
                    let detector = descriptor.makeDetector(
                        settings: options.settings(for: descriptor), context: DetectorContext(stream: stream))
                else { continue }
                if pictures != nil {
                    switch detector {
                    case .video(let video):
                        if let span = video as? any SpanDetector { openProbes.append { span.spanOpen } }
                        if let trace = video as? any FrameTrace, stream.index == pictures?.videoStream {
                            pictures?.addTrace(trace)
                        }
                    case .audio(let audio):
                        if let span = audio as? any SpanDetector { openProbes.append { span.spanOpen } }
                    case .file: break
                    }
                }
                if register(detector, stream: stream.index, key: "\(descriptor.id)#\(stream.index)") {
                    entries.append((stream.index, Entry(descriptor: descriptor, detector: detector)))
                }
            }
        }
        for descriptor in options.detectors {
            guard let detector = descriptor.makeFileDetector(settings: options.settings(for: descriptor)),
                let reporting = detector.reportingStream(among: streams)
            else { continue }
            for stream in streams {
                if let observer = detector.observer(for: stream),
                    register(observer, stream: stream.index, key: "\(descriptor.id)#\(reporting)")
                {
                    observed.insert(stream.index)
                }
            }
            fileDetectors.append((descriptor, detector, reporting))
        }
        for (stream, detectors) in audioDetectors where detectors.filter({ $0 is EnvelopeReader }).count >= 2 {
            sharedEnvelope.insert(stream)
        }
        for (stream, detectors) in videoDetectors where detectors.filter({ $0 is GridReader }).count >= 2 {
            sharedGrid.insert(stream)
        }
    }

    /// Feeds `detector` the frames of `stream`, timing it under `key`; false for a file-level one.
    private func register(_ detector: AnyDetector, stream: Int, key: String) -> Bool {
        switch detector {
        case .video(let video):
            videoDetectors[stream, default: []].append(video)
            videoSlots[stream, default: []].append(slot(key))
        case .audio(let audio):
            audioDetectors[stream, default: []].append(audio)
            audioSlots[stream, default: []].append(slot(key))
        case .file: return false
        }
        return true
    }

    private func slot(_ key: String) -> Int {
        if let index = slotKeys.firstIndex(of: key) { return index }
        slotKeys.append(key)
        nanoseconds.append(0)
        return slotKeys.count - 1
    }

    /// Monotonic nanoseconds, for the per-check times.
    @inline(__always) private static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(truncatingIfNeeded: spec.tv_sec) &* 1_000_000_000 &+ UInt64(truncatingIfNeeded: spec.tv_nsec)
    }

    /// Runs `body` and adds its time to `slot`.
    @inline(__always) private func timed(_ slot: Int, _ body: () -> Void) {
        let start = Self.now()
        body()
        nanoseconds[slot] &+= Self.now() &- start
    }

    /// Streams that at least one detector reads.
    var streamIndices: Set<Int> { Set(entries.map(\.stream)).union(observed) }

    /// Which detector runs on which stream, in report order.
    var checks: [Check] {
        func check(_ id: String, _ stream: Int) -> Check {
            let seconds = slotKeys.firstIndex(of: "\(id)#\(stream)").map { Double(nanoseconds[$0]) / 1e9 } ?? 0
            return Check(detector: id, streamIndex: stream, seconds: seconds)
        }
        return entries.map { check($0.entry.descriptor.id, $0.stream) }
            + fileDetectors.map { check($0.descriptor.id, $0.stream) }
    }

    func video(_ frame: VideoFrame, stream: Int) {
        progress?.advance(to: frame.time, video: true)
        metrics?.video(frame, stream: stream)
        defer {
            if let pictures, pictures.videoStream == stream {
                pictures.observe(frame, open: openProbes.contains { $0() })
            }
        }
        guard let detectors = videoDetectors[stream], let slots = videoSlots[stream] else { return }
        guard sharedGrid.contains(stream) else {
            for (detector, slot) in zip(detectors, slots) { timed(slot) { detector.process(frame) } }
            return
        }
        // Two or more detectors read the cell means: compute them once per frame
        // (the time goes to the first of them).
        let start = Self.now()
        frame.sharingGrid(in: &grid) { shared in
            nanoseconds[slots[0]] &+= Self.now() &- start
            for (detector, slot) in zip(detectors, slots) { timed(slot) { detector.process(shared) } }
        }
    }

    func audio(_ block: AudioBlock, stream: Int) {
        progress?.advance(to: block.time, video: false)
        metrics?.audio(block, stream: stream)
        guard let detectors = audioDetectors[stream], let slots = audioSlots[stream] else { return }
        guard sharedEnvelope.contains(stream) else {
            for (detector, slot) in zip(detectors, slots) { timed(slot) { detector.process(block) } }
            return
        }
        // Two or more detectors read the all-channel envelope: compute it once per block
        // (the time goes to the first of them).
        let start = Self.now()
        block.sharingEnvelope(in: &envelope) { shared in
            nanoseconds[slots[0]] &+= Self.now() &- start
            for (detector, slot) in zip(detectors, slots) { timed(slot) { detector.process(shared) } }
        }
    }

    /// Closes every detector at its stream's end and gathers the results.
    func finish(ends: [Int: StreamEnd], timings: [StreamTiming]) -> (defects: [Defect], measurements: [Measurement]) {
        var defects: [Defect] = []
        var measurements: [Measurement] = []
        for (stream, entry) in entries {
            let end = ends[stream] ?? StreamEnd(position: StreamPosition(time: 0, frame: 0))
            var result = DetectorResult()
            timed(slot("\(entry.descriptor.id)#\(stream)")) {
                switch entry.detector {
                case .video(let detector): result = detector.finish(at: end)
                case .audio(let detector): result = detector.finish(at: end)
                case .file(let detector): result = detector.finish(streams: timings)
                }
            }
            let stamped = result.stamped(detector: entry.descriptor.id, streamIndex: stream)
            defects += stamped.defects
            measurements += stamped.measurements
        }
        // Observers only collect; each file-level detector reports once.
        for (descriptor, detector, reporting) in fileDetectors {
            var result = DetectorResult()
            timed(slot("\(descriptor.id)#\(reporting)")) { result = detector.finish(streams: timings) }
            let stamped = result.stamped(detector: descriptor.id, streamIndex: reporting)
            defects += stamped.defects
            measurements += stamped.measurements
        }
        return (settle(defects), measurements)
    }

    /// The file's spans with those inside a suppressing detector's span
    /// dropped, folded spans joined to their hosts, damage folded, sorted by
    /// start time, then detector and stream in check order. The screening
    /// pass settles its spans from several decodes through this too.
    func settle(_ found: [Defect]) -> [Defect] {
        var suppressors: [String: [String]] = [:]
        var folds: [String: [String]] = [:]
        for (_, entry) in entries {
            suppressors[entry.descriptor.id] = entry.descriptor.suppressedWithin
            folds[entry.descriptor.id] = entry.descriptor.foldsInto
        }
        for (descriptor, _, _) in fileDetectors { suppressors[descriptor.id] = descriptor.suppressedWithin }
        var defects = DamageFolding.fold(Self.fold(Self.dropRedundant(found, suppressors: suppressors), into: folds))
        let order = Dictionary(
            uniqueKeysWithValues: entries.enumerated().map { ("\($1.entry.descriptor.id)#\($1.stream)", $0) })
        defects.sort {
            if $0.start != $1.start { return $0.start < $1.start }
            return (order["\($0.detector)#\($0.streamIndex)"] ?? 0) < (order["\($1.detector)#\($1.streamIndex)"] ?? 0)
        }
        return defects
    }

    /// Seconds a folded span may reach outside the span it folds into
    /// (audio blocks and video frames place edges differently).
    static let foldTolerance = 0.5

    /// Folds each span of a detector that lies inside a span of a detector
    /// it folds into (any stream) into that span: the span is dropped and
    /// its details join the other's as `ID.key`.
    static func fold(_ defects: [Defect], into folds: [String: [String]]) -> [Defect] {
        var result = defects
        var dropped = Set<Int>()
        for (index, defect) in defects.enumerated() {
            guard let targets = folds[defect.detector], !targets.isEmpty else { continue }
            guard
                let host = result.indices.first(where: { other in
                    !dropped.contains(other) && targets.contains(result[other].detector)
                        && result[other].start <= defect.start + foldTolerance
                        && result[other].end >= defect.end - foldTolerance
                })
            else { continue }
            for (key, value) in defect.details where result[host].details["\(defect.detector).\(key)"] == nil {
                result[host].details["\(defect.detector).\(key)"] = value
            }
            dropped.insert(index)
        }
        return result.enumerated().filter { !dropped.contains($0.offset) }.map(\.element)
    }

    /// Drops a detector's spans that lie wholly inside a span of a detector it
    /// defers to, on the same stream (a frozen stretch inside black is black).
    static func dropRedundant(_ defects: [Defect], suppressors: [String: [String]]) -> [Defect] {
        defects.filter { defect in
            guard let within = suppressors[defect.detector], !within.isEmpty else { return true }
            return !defects.contains { other in
                within.contains(other.detector) && other.streamIndex == defect.streamIndex
                    && other.start <= defect.start + 1e-6 && other.end >= defect.end - 1e-6
            }
        }
    }
}
