import AVQCAnalysis
import AVQCDetectors
import AVQCModel
import AVQCReports
import Foundation

/// The whole program behind the `avqc` executable: parse, run, report, and
/// return the exit status. Nothing escapes as an error.
public enum AVQCMain {
    public static func run(_ arguments: [String]) -> Int32 {
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
        case .analyze(let request):
            return analyze(request)
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

    static func analyze(_ request: AnalyzeRequest) -> Int32 {
        AnalysisEnvironment.prepare()
        let items = InputCollector(allFiles: request.allFiles).collect(request.paths)
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let jobs = request.jobs ?? cores
        let workers = max(1, min(jobs, items.count))
        // One file at a time: libavcodec picks its thread count. Several: share the cores.
        let threads = workers == 1 ? 0 : max(1, cores / workers)
        let options = AnalysisOptions(detectors: request.detectors, settings: request.settings, decoderThreads: threads)
        let runner = BatchRunner(analyzer: FileAnalyzer(options: options), jobs: jobs)

        let showProgress = !request.quiet && StandardStreams.errorIsTerminal
        let quiet = request.quiet
        let files = runner.run(items) { done, total, report in
            if showProgress {
                StandardStreams.err(
                    "\r\u{1B}[K[\(done)/\(total)] \(TextReportWriter.printable(report.path)): \(report.status.rawValue)"
                )
                if done == total { StandardStreams.err("\r\u{1B}[K") }
            }
            if !quiet, let error = report.error {
                if showProgress { StandardStreams.err("\r\u{1B}[K") }
                StandardStreams.err("avqc: \(TextReportWriter.printable(error.message))\n")
            }
        }
        let report = RunReport(files: files)
        var status = report.exitStatus
        let hostname = ProcessInfo.processInfo.hostName
        for target in request.reports {
            let text = target.format.writer(hostname: hostname).render(report)
            if let path = target.path {
                do {
                    try AtomicFile.write(text, to: path)
                } catch {
                    StandardStreams.err(
                        "error: cannot write the \(target.format.rawValue) report to '\(path)': \(error.localizedDescription)\n"
                    )
                    status = 3
                }
            } else {
                StandardStreams.out(text)
            }
        }
        return status
    }
}
