import AVQCAnalysis
import AVQCDetectors
import AVQCModel
import AVQCProfiles
import AVQCReports
import Foundation

/// The whole program behind the `avqc` executable: parse, run, report, and
/// return the exit status. Nothing escapes as an error.
public enum AVQCMain {
    /// The entry point for raw `argv` (without the program name): arguments
    /// need not be UTF-8. A path that is not keeps its bytes for opening and
    /// is shown with the bad bytes escaped.
    public static func run(rawArguments: [[UInt8]]) -> Int32 {
        if rawArguments.count == 2, rawArguments[0] == Array(WorkerRequest.flag.utf8),
            let memory = Int(String(decoding: rawArguments[1], as: UTF8.self))
        {
            StandardStreams.ignoreBrokenPipes()
            return IsolatedAnalyzer.runWorker(memoryLimit: memory)
        }
        var rawPaths: [String: RawPath] = [:]
        let arguments = rawArguments.map { bytes -> String in
            let path = RawPath(bytes: bytes)
            if path.isEscaped { rawPaths[path.display] = path }
            return path.display
        }
        return run(arguments, rawPaths: rawPaths)
    }

    public static func run(_ arguments: [String]) -> Int32 {
        run(arguments, rawPaths: [:])
    }

    static func run(_ arguments: [String], rawPaths: [String: RawPath]) -> Int32 {
        StandardStreams.ignoreBrokenPipes()
        let command: Command
        do {
            command = try CommandLineParser.parse(arguments)
        } catch {
            StandardStreams.err("error: \(error.message)\nSee 'avqc --help'.\n")
            return 2
        }
        switch command {
        case .help(let topic):
            StandardStreams.out(HelpText.text(topic: topic))
            return 0
        case .version:
            StandardStreams.out("avqc \(ToolInfo.currentVersion) (\(AnalysisEnvironment.libraryVersions))\n")
            return 0
        case .listDetectors:
            StandardStreams.out(DetectorListing.text())
            return 0
        case .listProfiles:
            StandardStreams.out(ProfileListing.text())
            return 0
        case .showProfile(let name):
            do {
                let profile = try ProfileLoader.resolve(name)
                StandardStreams.out(profile.text.hasSuffix("\n") ? profile.text : profile.text + "\n")
                return 0
            } catch {
                StandardStreams.err("error: \(error.message)\n")
                return 2
            }
        case .analyze(let request):
            return analyze(request, arguments: arguments, rawPaths: rawPaths)
        case .merge(let request):
            return merge(request, arguments: arguments)
        case .pattern(let request):
            let pattern = SyncPattern(
                duration: request.duration, frameRate: (request.frameRate.numerator, request.frameRate.denominator),
                offset: request.offset, width: request.width, height: request.height)
            do {
                try pattern.write(to: request.output)
                return 0
            } catch {
                StandardStreams.err("avqc: \(error)\n")
                return 3
            }
        }
    }

    static func analyze(_ request: AnalyzeRequest, arguments: [String], rawPaths: [String: RawPath]) -> Int32 {
        let runStarted = Date()
        AnalysisEnvironment.prepare()
        let interrupts = InterruptWatcher(signal: StopSignal())
        let collector = InputCollector(allFiles: request.allFiles, followLinks: request.followLinks)
        let keyed = collector.collectKeyed(raw: request.paths.map { $0 == "-" ? nil : rawPaths[$0] ?? RawPath($0) })
        let inputList = InputListInfo(
            count: keyed.count, sha256: ShardPlan.listHash(keyed.map(\.item.path)))
        let items: [InputItem]
        let shardInfo: ShardInfo?
        switch shardSelection(request, keyed: keyed) {
        case .failure(let failure):
            StandardStreams.err("error: \(failure.message)\n")
            return 2
        case .success(let selection):
            shardInfo = selection
            items = selection.map { $0.positions.map { keyed[$0].item } } ?? keyed.map(\.item)
            if let selection, !request.quiet {
                StandardStreams.err(
                    "avqc: shard \(selection.id) (\(selection.source)): \(items.count) of \(keyed.count) inputs\n")
            }
        }
        let showProgress = !request.quiet && StandardStreams.errorIsTerminal
        // The text report on standard output is printed file by file as the batch goes.
        let streamsText = request.reports.first { $0.path == nil }?.format == .text
        let color =
            StandardStreams.outputIsTerminal && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
        let live = LiveOutput(
            total: items.count, showProgress: showProgress, quiet: request.quiet,
            text: streamsText ? TextReportWriter(color: color) : nil)
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let (jobs, threads) = parallelism(
            jobs: request.jobs, decoderThreads: request.decoderThreads, cores: cores, inputs: keyed.count)
        var options = AnalysisOptions(
            detectors: request.detectors, settings: request.settings, decoderThreads: threads)
        options.rules = request.rules
        var screenInfo: ScreenInfo?
        if request.screen {
            let uncovered = request.detectors.filter { !ScreenPass.covers($0) }.map(\.id)
            let covered = request.detectors.filter(ScreenPass.covers).map(\.id)
            if uncovered.isEmpty {
                options.screen = true
                screenInfo = ScreenInfo(screened: true, covered: covered, reason: nil)
                if !request.screenNarrowed.isEmpty, !request.quiet {
                    StandardStreams.err(
                        "avqc: --screen runs \(covered.joined(separator: ", ")); not \(request.screenNarrowed.joined(separator: ", ")) (name detectors with --detectors for a full analysis of them)\n"
                    )
                }
            } else {
                let reason =
                    "\(uncovered.joined(separator: ", ")) \(uncovered.count == 1 ? "is" : "are") not covered by --screen; every file had a full analysis"
                screenInfo = ScreenInfo(screened: false, covered: covered, reason: reason)
                if !request.quiet { StandardStreams.err("avqc: \(reason)\n") }
            }
        }
        options.collectPictures = request.reports.contains { $0.format == .html }
        options.maxPixels = request.maxPixels
        options.maxStreams = request.maxStreams
        options.timeLimit = request.timeLimit
        options.interruption = interrupts.signal
        if showProgress { options.progress = { path, update in live.progress(path: path, update) } }
        var metricsFile: MetricsFile?
        if let path = request.metricsPath, let format = MetricsFile.format(of: path) {
            guard let file = MetricsFile(path: path, format: format) else {
                StandardStreams.err("error: cannot write the metrics to '\(TextReportWriter.printable(path))'\n")
                return 3
            }
            metricsFile = file
            options.metrics = { path, rows in file.append(path: path, rows: rows) }
        }
        let analyze: @Sendable (InputItem) -> FileReport
        if request.isolate, let isolated = IsolatedAnalyzer(options: options, memoryLimit: request.maxMemoryMiB << 20) {
            analyze = isolated.analyze
        } else {
            if request.isolate {
                StandardStreams.err("avqc: warning: cannot start worker processes; analyzing in-process\n")
            }
            analyze = FileAnalyzer(options: options).analyze
        }
        let runner = BatchRunner(jobs: jobs, interruption: interrupts.signal, analyze: analyze)

        let hostname = ProcessInfo.processInfo.hostName
        var runContext = context(of: request, arguments: arguments, started: runStarted)
        runContext.inputs = inputList
        runContext.shard = shardInfo
        runContext.screen = screenInfo
        let checkpoint = ReportCheckpoint(
            targets: request.reports, paths: items.map(\.path), hostname: hostname, run: runContext)
        checkpoint.start()
        if streamsText { StandardStreams.out(TextReportWriter().header(run: runContext)) }
        let files = runner.run(items) { _, _, index, report in
            let rounded = ReportRounding.apply(report)
            checkpoint.finished(rounded, at: index)
            live.finished(index: index, report: rounded)
        }
        let printedBlocks = live.close()
        let metricsFailure = metricsFile?.close()
        checkpoint.close()
        let interruptedBy = interrupts.exitStatus
        var finalContext = runContext
        finalContext.wallSeconds = Date().timeIntervalSince(runStarted)
        // Every format shows the figures as JSON carries them, so a merge of shards renders the same.
        let report = ReportRounding.apply(RunReport(files: files, complete: interruptedBy == nil, run: finalContext))
        var status = interruptedBy ?? report.exitStatus(failOn: request.failOn)
        if let metricsFailure, let path = request.metricsPath {
            StandardStreams.err(
                "error: cannot write the metrics to '\(TextReportWriter.printable(path))': \(metricsFailure)\n")
            if interruptedBy == nil { status = 3 }
        }
        if interruptedBy != nil, !request.quiet {
            StandardStreams.err(
                "\r\u{1B}[Kavqc: interrupted: \(report.summary.interrupted) of \(files.count) files not analyzed; the reports say the run is incomplete\n"
            )
        }
        for target in request.reports {
            let color = wantsColor(target)
            var text = target.writer(hostname: hostname, color: color).render(report)
            if target.path == nil, streamsText {
                // The blocks already printed as files finished; the rest and the totals now.
                let writer = TextReportWriter(color: color)
                text = report.files.dropFirst(printedBlocks).map(writer.block).joined() + writer.totals(report)
            }
            if !deliver(text, to: target), interruptedBy == nil { status = 3 }
        }
        return status
    }

    /// Files at once and libavcodec threads per video decoder: `-j auto`
    /// takes one file per core (at most one per input) and shares the cores
    /// among them, so threads × files ≤ cores when two or more files run at
    /// once. One file at a time gets cores + 1 threads, FFmpeg's own
    /// automatic count for one decoder: the analysis thread then needs
    /// frames decoded ahead of it (measured in Docs/performance.md). The
    /// inputs counted are the whole run's (before sharding), so every shard
    /// of a run decodes with the threads a single process would use.
    static func parallelism(jobs: Int?, decoderThreads: Int?, cores: Int, inputs: Int) -> (jobs: Int, threads: Int) {
        let cores = max(1, cores)
        func threads(for files: Int) -> Int { files <= 1 ? cores + 1 : max(1, cores / files) }
        if let jobs {
            return (jobs, decoderThreads ?? threads(for: jobs))
        }
        if let decoderThreads {
            return (max(1, cores / decoderThreads), decoderThreads)
        }
        let files = max(1, min(cores, inputs))
        return (files, threads(for: files))
    }

    /// The shard this process analyzes (`--shard`, else a scheduler's
    /// variables unless `--no-shard`), with its positions in the input list;
    /// nil for every input; or a message for exit 2.
    static func shardSelection(_ request: AnalyzeRequest, keyed: [(item: InputItem, key: [UInt8])])
        -> Result<ShardInfo?, ShardSelectionFailure>
    {
        var chosen = request.shard
        if chosen == nil, !request.noShard {
            do {
                chosen = try SchedulerShard.detect(
                    environment: ProcessInfo.processInfo.environment, shardCount: request.shardCount)
            } catch {
                return .failure(ShardSelectionFailure(message: error.message))
            }
        }
        guard let shard = chosen else {
            if request.shardWeightsPath != nil {
                return .failure(
                    ShardSelectionFailure(
                        message: "--shard-weights needs a shard: give --shard K/N or run as an array job"))
            }
            return .success(nil)
        }
        if keyed.contains(where: { $0.item == .standardInput }) {
            return .failure(
                ShardSelectionFailure(
                    message:
                        "shard \(shard.index)/\(shard.count): standard input ('-') cannot be split among shards; name files or folders"
                ))
        }
        var weights: [Double?]?
        var weightsHash: String?
        if let path = request.shardWeightsPath {
            guard let data = FileManager.default.contents(atPath: path) else {
                return .failure(
                    ShardSelectionFailure(
                        message:
                            "--shard-weights: cannot read '\(TextReportWriter.printable(path))' (no such file, or no permission)"
                    ))
            }
            let previous: RunReport
            do {
                previous = try JSONReportWriter.parse(data)
            } catch {
                return .failure(
                    ShardSelectionFailure(
                        message:
                            "--shard-weights: '\(TextReportWriter.printable(path))' is not an avqc JSON report (\(error))"
                    ))
            }
            var durations: [String: Double] = [:]
            for file in previous.files { durations[file.path] = file.durationSeconds }
            weights = keyed.map { durations[$0.item.path] }
            weightsHash = ShardPlan.sha256Hex(Array(data))
        }
        let assignment = ShardPlan.assignments(keys: keyed.map(\.key), count: shard.count, weights: weights)
        let positions = assignment.indices.filter { assignment[$0] == shard.index - 1 }
        return .success(
            ShardInfo(
                index: shard.index, count: shard.count, source: shard.source,
                split: weights == nil ? "hash" : "weights", weightsSHA256: weightsHash, positions: positions))
    }

    struct ShardSelectionFailure: Error {
        var message: String
    }

    /// `avqc merge`: the shards' JSON reports as one run's reports; exits as
    /// the single run would (0, 1 or 3), or 2 when the set is not one run.
    static func merge(_ request: MergeRequest, arguments: [String]) -> Int32 {
        var inputs: [ReportMerger.Input] = []
        for name in request.reports {
            let data: Data?
            if name == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                data = FileManager.default.contents(atPath: name)
            }
            guard let data else {
                StandardStreams.err(
                    "error: cannot read '\(TextReportWriter.printable(name))' (no such file, or no permission)\n")
                return 2
            }
            do {
                inputs.append(ReportMerger.Input(name: name, report: try JSONReportWriter.parse(data)))
            } catch {
                let reason = MergeError.unreadable(TextReportWriter.printable(name), reason: describe(error))
                StandardStreams.err("error: \(reason.message)\n")
                return 2
            }
        }
        let report: RunReport
        do {
            report = try ReportMerger.merge(inputs)
        } catch {
            StandardStreams.err("error: \(error.message)\n")
            return 2
        }
        var status = report.exitStatus(failOn: report.run?.failOn ?? .error)
        let hostname = ProcessInfo.processInfo.hostName
        for target in request.targets {
            let text = target.writer(hostname: hostname, color: wantsColor(target)).render(report)
            if !deliver(text, to: target) { status = 3 }
        }
        if !request.quiet {
            StandardStreams.err(
                "avqc: merged \(inputs.count) shards: \(report.files.count) files, exit \(status)\n")
        }
        return status
    }

    /// Colour only for a terminal, and never when NO_COLOR is set (no-color.org).
    static func wantsColor(_ target: ReportTarget) -> Bool {
        target.path == nil && StandardStreams.outputIsTerminal
            && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
    }

    /// Writes a report to its file (atomically) or to standard output; false,
    /// after saying why on stderr, when the file cannot be written.
    static func deliver(_ text: String, to target: ReportTarget) -> Bool {
        guard let path = target.path else {
            StandardStreams.out(text)
            return true
        }
        do {
            try AtomicFile.write(text, to: path)
            return true
        } catch {
            StandardStreams.err(
                "error: cannot write the \(target.format.rawValue) report to '\(TextReportWriter.printable(path))': \(error.reason)\n"
            )
            return false
        }
    }

    /// A decoding error as one line: what is wrong and where.
    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context):
            return "not valid JSON (\(context.debugDescription))"
        case DecodingError.keyNotFound(let key, let context):
            return "'\(path(context.codingPath + [key]))' is missing"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "'\(path(context.codingPath))' has the wrong type (\(context.debugDescription))"
        default:
            return "\(error)"
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined().trimmingCharacters(
            in: CharacterSet(charactersIn: "."))
    }

    /// The JSON report's `run` object for this request.
    static func context(of request: AnalyzeRequest, arguments: [String], started: Date) -> RunContext {
        var settings: [String: [String: String]] = [:]
        for descriptor in request.detectors {
            let values = request.settings[descriptor.id] ?? descriptor.defaultSettings
            settings[descriptor.id] = Dictionary(
                uniqueKeysWithValues: descriptor.parameters.map {
                    ($0.name, $0.format(values.values[$0.name] ?? $0.defaultValue))
                })
        }
        return RunContext(
            ffmpeg: AnalysisEnvironment.libraryVersions, commandLine: arguments, startedAt: started,
            wallSeconds: Date().timeIntervalSince(started), profile: request.profile, failOn: request.failOn,
            settings: settings, rules: request.rules)
    }
}
