import AVQCMedia
import AVQCModel
import Foundation

/// Analyzes one input: open, one decode pass feeding every detector, report.
public struct FileAnalyzer: Sendable {
    public let options: AnalysisOptions

    public init(options: AnalysisOptions) {
        self.options = options
    }

    /// The report for `item`. Never throws: every failure becomes an `error` entry.
    public func analyze(_ item: InputItem) -> FileReport {
        let started = Date()
        func timing() -> FileReport.Timing {
            FileReport.Timing(startedAt: started, elapsedSeconds: Date().timeIntervalSince(started))
        }
        let input: MediaInput
        var timeLimit = options.timeLimit
        switch item {
        case .problem(let path, let error):
            return .failed(path: path, error: error, timing: timing())
        case .standardInput:
            input = .standardInput
        case .file(let path, let named):
            switch Self.precheck(path, named: named) {
            case .failure(let problem):
                return .failed(path: path.display, error: problem, timing: timing())
            case .success(let special):
                if special, timeLimit <= 0 { timeLimit = options.specialFileTimeLimit }
            }
            input = .file(path)
        }
        return analyze(input, timeLimit: timeLimit, started: started)
    }

    /// The report for bytes in memory (the fuzz target's way in).
    public func analyze(bytes: [UInt8], name: String) -> FileReport {
        analyze(.memory(name: name, bytes: bytes), timeLimit: options.timeLimit, started: Date())
    }

    private func analyze(_ input: MediaInput, timeLimit: Double, started: Date) -> FileReport {
        func timing() -> FileReport.Timing {
            FileReport.Timing(startedAt: started, elapsedSeconds: Date().timeIntervalSince(started))
        }
        let path = input.displayName
        let stop =
            timeLimit > 0 || options.interruption != nil
            ? StopSignal(timeLimit: timeLimit, parent: options.interruption) : nil
        let limits = DecodeLimits(maxPixels: options.maxPixels, maxStreams: options.maxStreams, stop: stop)
        do {
            let source = try MediaSource(input: input, limits: limits)
            let bank = DetectorBank(streams: source.streams, options: options)
            if let report = options.progress {
                bank.progress = ProgressMeter(duration: source.declaredDuration) { report(path, $0) }
            }
            if let export = options.metrics { bank.metrics = MetricsRecorder { export(path, $0) } }
            // --screen: keyframes and packet sizes first, suspect stretches after (`ScreenPass`).
            // A pipe cannot be read twice: it gets the full analysis.
            let screen =
                options.screen && source.isSeekable ? ScreenPass(source: source, bank: bank, options: options) : nil
            var summary: DecodeSummary
            var screenSpans: [Defect] = []
            if let screen {
                // The audio is analyzed on a second thread, from a demuxer of its
                // own, while this one screens the video (the two use different cores).
                let screened = screen.plan.keyframesOnly
                let audio = bank.streamIndices.subtracting(screened)
                let side =
                    screened.isEmpty || audio.isEmpty
                    ? nil
                    : (try? MediaSource(input: input, limits: limits)).map {
                        AudioSide(source: $0, bank: bank, selected: audio)
                    }
                side?.start()
                // On an error below (a stretch that cannot be read, a timeout) the audio thread is still joined.
                defer { side?.join() }
                summary = try source.decode(
                    selected: side == nil ? bank.streamIndices : screened, threads: options.decoderThreads,
                    sink: screen.probe, plan: screen.plan)
                let spans = try screen.spans()
                if let side {
                    let audioSummary = try side.wait()
                    for (index, totals) in audioSummary.streams { summary.streams[index] = totals }
                    if summary.readError == nil { summary.readError = audioSummary.readError }
                }
                guard let spans else {
                    var full = options
                    full.screen = false
                    return FileAnalyzer(options: full).analyze(input, timeLimit: timeLimit, started: started)
                }
                screenSpans = spans
                // Keyframes alone end early: a screened stream ends where its packets do.
                for (index, end) in screen.packetEnds() { summary.streams[index]?.end = end }
            } else {
                summary = try source.decode(selected: bank.streamIndices, threads: options.decoderThreads, sink: bank)
            }
            bank.metrics?.flush()
            let decodedAnything = summary.streams.values.contains { $0.frames > 0 }
            // A read error after some data was decoded means the file stops
            // early: the truncation detector reports it as a defect. Without
            // that detector, or with nothing decoded, it is the file's error.
            let truncationReports = options.detectors.contains { $0.id == "truncation" } && decodedAnything
            let readProblem =
                summary.readError.map { "reading stopped early: \($0.message)" }
                ?? (summary.endsInsidePacket ? "the file ends inside a transport-stream packet" : nil)
            let ends = summary.streams.mapValues { totals in
                StreamEnd(
                    position: totals.end, declaredEnd: totals.declaredEnd,
                    declaredByContainer: totals.declaredByContainer,
                    readProblem: readProblem
                        ?? (totals.lastPacketCorrupt ? "the last packet is cut short (the file ends mid-packet)" : nil),
                    trailingDamage: totals.trailingDamage)
            }
            let timings = source.streams.compactMap { info -> StreamTiming? in
                guard let totals = summary.streams[info.index], totals.frames > 0 else { return nil }
                // Stream timing is about the programme: unsignalled codec priming is not part of it.
                return StreamTiming(
                    index: info.index, type: info.type,
                    start: (totals.start ?? totals.end.time) + totals.unsignalledPriming, end: totals.end.time)
            }
            var (found, measurements) = bank.finish(ends: ends, timings: timings)
            if screen != nil {
                // The first pass saw keyframes only: its black and freeze found nothing to keep.
                found = bank.settle(found.filter { !ScreenPass.stretchDetectors.contains($0.detector) } + screenSpans)
            }
            let analyzedEnd = ends.values.map(\.position.time).max()
            let defects = RulePolicy.apply(
                found, checks: bank.checks, rules: options.rules, duration: source.declaredDuration ?? analyzedEnd)
            var error =
                truncationReports ? nil : summary.readError.map { FileError(kind: $0.kind, message: $0.message) }
            if let stream = summary.streams.first(where: { $0.value.outOfMemory })?.key {
                error = FileError(
                    kind: .limit,
                    message:
                        "\(path): stream \(stream): the decoder ran out of memory (the --max-memory limit per file, or the machine's); raise --max-memory if the file is genuine"
                )
            }
            if error == nil, let undecodable = Self.undecodable(summary, selected: bank.streamIndices, path: path) {
                error = undecodable
                // Some decoders (H.264 with one thread) report a failed allocation
                // as invalid data: a picture too big for the memory limit says why.
                if options.memoryLimit > 0,
                    let stream = source.streams.first(where: { info in
                        bank.streamIndices.contains(info.index)
                            && Double(info.width ?? 0) * Double(info.height ?? 0) * 3 > Double(options.memoryLimit)
                    }), let width = stream.width, let height = stream.height
                {
                    error = FileError(
                        kind: .limit,
                        message:
                            "\(path): stream \(stream.index): no frame could be decoded, and two \(width)x\(height) pictures need more memory than --max-memory \(options.memoryLimit >> 20) MiB allows; raise --max-memory if the file is genuine"
                    )
                }
            }
            var report = FileReport(
                path: path, error: error, durationSeconds: source.declaredDuration ?? analyzedEnd,
                container: source.container, timecode: source.startTimecode, streams: source.streams,
                checks: bank.checks, defects: defects,
                measurements: measurements, timing: timing())
            if let pictures = bank.pictures {
                (report.thumbnails, report.series) = pictures.finish(defects: defects)
                report.series += Self.loudnessSeries(measurements)
            }
            if case .file(let raw) = input {
                report.sizeBytes = FileKind.size(of: raw).map { Int(clamping: $0) }
                // The HTML report's identity: the bytes are read again (no decode), regular files only.
                if options.collectPictures, case .regular = FileKind.of(raw, follow: true) {
                    report.sha256 = FileKind.sha256(of: raw, stop: stop)
                }
            }
            return report
        } catch {
            return .failed(path: path, error: FileError(kind: error.kind, message: error.message), timing: timing())
        }
    }

    /// File-system problems, reported before FFmpeg sees the path. A
    /// symbolic link is judged by its target. Success tells whether the input
    /// is a device, FIFO or socket (allowed only when `named`).
    static func precheck(_ path: RawPath, named: Bool) -> Result<Bool, FileError> {
        let shown = path.display
        switch FileKind.of(path, follow: true) {
        case .missing:
            let dangling = FileKind.of(path, follow: false) == .symbolicLink
            return .failure(
                FileError(
                    kind: .notFound,
                    message: dangling ? "\(shown): a symbolic link to nothing" : "\(shown): no such file or directory"))
        case .inaccessible(let reason):
            return .failure(FileError(kind: .unreadable, message: "\(shown): \(reason)"))
        case .directory:
            return .failure(FileError(kind: .unreadable, message: "\(shown): is a directory"))
        case .special(let what):
            guard named else {
                return .failure(
                    FileError(
                        kind: .notRegular,
                        message: "\(shown): \(what), not a regular file; name it on the command line to analyze it"))
            }
            guard FileKind.isReadable(path) else {
                return .failure(
                    FileError(kind: .unreadable, message: "\(shown): permission denied; check the file's permissions"))
            }
            return .success(true)
        case .regular, .symbolicLink:
            guard FileKind.isReadable(path) else {
                return .failure(
                    FileError(kind: .unreadable, message: "\(shown): permission denied; check the file's permissions"))
            }
            if FileKind.size(of: path) == 0 {
                return .failure(FileError(kind: .empty, message: "\(shown): the file is empty (0 bytes)"))
            }
            return .success(false)
        }
    }

    /// An error when every selected stream failed to yield a single frame.
    static func undecodable(_ summary: DecodeSummary, selected: Set<Int>, path: String) -> FileError? {
        guard !selected.isEmpty else { return nil }
        let totals = selected.compactMap { summary.streams[$0] }
        guard totals.allSatisfy({ $0.frames == 0 }), let first = totals.compactMap(\.firstError).first else {
            return nil
        }
        return FileError(
            kind: .decodeError,
            message:
                "\(path): no frame could be decoded (\(first)); the data is damaged or not what the container declares")
    }

    /// The loudness detector's momentary and short-term series (`series=yes`), as graphs.
    static func loudnessSeries(_ measurements: [AVQCModel.Measurement]) -> [Series] {
        measurements.filter { $0.detector == "loudness" }.flatMap { measurement -> [Series] in
            ["momentary", "shortTerm"].compactMap { name in
                guard case .numbers(let values)? = measurement.values["\(name)Series"],
                    case .number(let start)? = measurement.values["\(name)SeriesStart"],
                    case .number(let step)? = measurement.values["\(name)SeriesStep"]
                else { return nil }
                return Series(
                    name: "loudness.\(name)", streamIndex: measurement.streamIndex, unit: "LUFS", start: start,
                    step: step, values: values)
            }
        }
    }
}
