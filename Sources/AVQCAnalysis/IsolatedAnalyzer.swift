import AVQCModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Analyzes each file in a child process of its own (`--isolate`, the
/// default): a decoder that traps or exhausts memory costs that one file,
/// reported as an `error`, never the batch. The child is this executable in
/// worker mode; it writes the file's report as JSON on its standard output.
/// The parent enforces the time limit (killing a child that overruns it by
/// `killGrace`) and kills every child at once when the run is interrupted.
public struct IsolatedAnalyzer: Sendable {
    public let options: AnalysisOptions
    /// Data memory per worker in bytes (RLIMIT_DATA); 0 = no limit.
    public let memoryLimit: Int
    private let executable: [UInt8]
    private let pool = WorkerPool()

    /// Seconds past a file's own time limit before its worker is killed.
    static let killGrace: Double = 5

    /// Nil when this executable's path cannot be found (no /proc).
    public init?(options: AnalysisOptions, memoryLimit: Int) {
        guard let executable = ChildProcess.currentExecutable else { return nil }
        self.options = options
        self.memoryLimit = memoryLimit
        self.executable = executable
    }

    public func analyze(_ item: InputItem) -> FileReport {
        let started = Date()
        let path: RawPath
        let named: Bool
        switch item {
        case .problem(let shown, let error):
            return .failed(path: shown, error: error)
        case .standardInput:
            path = RawPath("-")
            named = true
        case .file(let file, let isNamed):
            path = file
            named = isNamed
        }
        let shown = item.path
        var limit = options.timeLimit
        if limit <= 0, named, case .special = FileKind.of(path, follow: true) { limit = options.specialFileTimeLimit }
        let request = WorkerRequest(options: options, memoryLimit: memoryLimit, named: named, path: path.bytes)
        func timing() -> FileReport.Timing {
            FileReport.Timing(startedAt: started, elapsedSeconds: Date().timeIntervalSince(started))
        }
        guard let encoded = try? WorkerCoding.encoder().encode(request) else {
            return .failed(path: shown, error: FileError(kind: .internal, message: "\(shown): cannot start a worker"))
        }
        guard let worker = pool.checkOut(executable: executable, memoryLimit: memoryLimit) else {
            return .failed(
                path: shown,
                error: FileError(
                    kind: .internal,
                    message: "\(shown): cannot start a worker process; try --no-isolate"),
                timing: timing())
        }
        let deadline = limit > 0 ? started.addingTimeInterval(limit + Self.killGrace) : nil
        let interruption = options.interruption
        var timedOut = false
        let progress = options.progress
        let metrics = options.metrics
        let result = worker.exchange(
            Array(encoded),
            shouldKill: {
                if interruption?.reason != nil { return true }
                if let deadline, Date() >= deadline {
                    timedOut = true
                    return true
                }
                return false
            },
            onMessage: { tag, message in
                let text = String(decoding: message, as: UTF8.self)
                if tag == FrameIO.progressTag, let progress, let update = FileProgress(message: text) {
                    progress(shown, update)
                } else if tag == FrameIO.metricsTag, let metrics {
                    metrics(shown, text.split(separator: "\n").compactMap(MetricRow.init(line:)))
                }
            })
        switch result {
        case .success(let reply):
            guard var report = try? WorkerCoding.decoder().decode(FileReport.self, from: Data(reply)) else {
                return .failed(
                    path: shown,
                    error: FileError(kind: .crashed, message: "\(shown): the worker's report was unreadable"),
                    timing: timing())
            }
            pool.checkIn(worker)
            report.timing = timing()
            return report
        case .failure(.killed):
            if timedOut {
                return .failed(
                    path: shown,
                    error: FileError(
                        kind: .timeout,
                        message:
                            "\(shown): stopped at the time limit of \(Rounding.text(limit)) s (--timeout); the decoder did not return in time, so its worker process was killed"
                    ), timing: timing())
            }
            return .interrupted(path: shown)
        case .failure(.died(let signal)):
            if interruption?.reason != nil { return .interrupted(path: shown) }
            let how =
                signal.map { "crashed (signal \($0): \(String(cString: strsignal($0))))" } ?? "ended without a report"
            return .failed(
                path: shown,
                error: FileError(
                    kind: .crashed,
                    message:
                        "\(shown): the analysis \(how); a decoder may have trapped or run out of memory (--max-memory); the rest of the batch went on"
                ), timing: timing())
        }
    }

    /// This process's data memory (VmData) in bytes, 0 when unknown.
    static func dataMemoryInUse() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmData:") }),
            let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes.multipliedReportingOverflow(by: 1024).partialValue
    }

    /// Worker mode (`avqc --worker MEMORY`): analyzes one file per request
    /// read from descriptor 3 and writes each report, as JSON, to standard
    /// output; ends when the request pipe closes. Returns the exit status.
    public static func runWorker(memoryLimit: Int) -> Int32 {
        // A terminal's Ctrl-C reaches the whole process group; the parent decides.
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        signal(SIGHUP, SIG_IGN)
        // AddressSanitizer's allocator maps memory in ways RLIMIT_DATA cannot
        // tell from the analysis's own: `make sanitize` runs without the limit.
        let sanitized = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__asan_init") != nil
        if memoryLimit > 0, !sanitized {
            // The limit bounds what the analysis adds to the worker's data
            // memory at start (the runtime's own, or AddressSanitizer's shadow).
            let bytes = rlim_t(clamping: dataMemoryInUse() &+ memoryLimit)
            var limit = rlimit(rlim_cur: bytes, rlim_max: bytes)
            setrlimit(__rlimit_resource_t(RLIMIT_DATA.rawValue), &limit)
        }
        AnalysisEnvironment.prepare()
        let orphaned = StopSignal(whileParentIs: getppid())
        while let message = FrameIO.readBlocking(from: 3) {
            guard let request = try? WorkerCoding.decoder().decode(WorkerRequest.self, from: Data(message)) else {
                return 2
            }
            var options = request.options
            // Orphaned (avqc was killed outright), a worker stops at its next packet.
            options.interruption = orphaned
            if request.sendsMetrics {
                options.metrics = { _, rows in
                    let text = rows.map(\.line).joined(separator: "\n")
                    _ = FrameIO.write(frame: [FrameIO.metricsTag] + Array(text.utf8), to: 1)
                }
            }
            if request.sendsProgress {
                options.progress = { _, update in
                    _ = FrameIO.write(frame: [FrameIO.progressTag] + Array(update.message.utf8), to: 1)
                }
            }
            let analyzer = FileAnalyzer(options: options)
            let path = RawPath(bytes: request.path)
            let item: InputItem = request.path == Array("-".utf8) ? .standardInput : .file(path, named: request.named)
            let report = analyzer.analyze(item)
            guard let data = try? WorkerCoding.encoder().encode(report),
                FrameIO.write(frame: [FrameIO.reportTag] + [UInt8](data), to: 1)
            else {
                return 1
            }
        }
        return 0
    }
}
