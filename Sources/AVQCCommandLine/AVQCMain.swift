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
        let items = collector.collect(raw: request.paths.map { $0 == "-" ? nil : rawPaths[$0] ?? RawPath($0) })
        let showProgress = !request.quiet && StandardStreams.errorIsTerminal
        // The text report on standard output is printed file by file as the batch goes.
        let streamsText = request.reports.first { $0.path == nil }?.format == .text
        let color =
            StandardStreams.outputIsTerminal && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
        let live = LiveOutput(
            total: items.count, showProgress: showProgress, quiet: request.quiet,
            text: streamsText ? TextReportWriter(color: color) : nil)
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let jobs = request.jobs ?? cores
        var options = AnalysisOptions(
            detectors: request.detectors, settings: request.settings, decoderThreads: request.decoderThreads)
        options.rules = request.rules
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
        let runContext = context(of: request, arguments: arguments, started: runStarted)
        let checkpoint = ReportCheckpoint(
            targets: request.reports, paths: items.map(\.path), hostname: hostname, run: runContext)
        checkpoint.start()
        if streamsText { StandardStreams.out(TextReportWriter().header(run: runContext)) }
        let files = runner.run(items) { _, _, index, report in
            checkpoint.finished(report, at: index)
            live.finished(index: index, report: report)
        }
        let printedBlocks = live.close()
        let metricsFailure = metricsFile?.close()
        checkpoint.close()
        let interruptedBy = interrupts.exitStatus
        var finalContext = runContext
        finalContext.wallSeconds = Date().timeIntervalSince(runStarted)
        let report = RunReport(files: files, complete: interruptedBy == nil, run: finalContext)
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
            // Colour only for a terminal, and never when NO_COLOR is set (no-color.org).
            let color =
                target.path == nil && StandardStreams.outputIsTerminal
                && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
            var text = target.writer(hostname: hostname, color: color).render(report)
            if target.path == nil, streamsText {
                // The blocks already printed as files finished; the rest and the totals now.
                let writer = TextReportWriter(color: color)
                text = report.files.dropFirst(printedBlocks).map(writer.block).joined() + writer.totals(report)
            }
            if let path = target.path {
                do {
                    try AtomicFile.write(text, to: path)
                } catch {
                    StandardStreams.err(
                        "error: cannot write the \(target.format.rawValue) report to '\(TextReportWriter.printable(path))': \(error.reason)\n"
                    )
                    if interruptedBy == nil { status = 3 }
                }
            } else {
                StandardStreams.out(text)
            }
        }
        return status
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
