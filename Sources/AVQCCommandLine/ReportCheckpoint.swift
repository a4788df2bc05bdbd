import AVQCModel
import AVQCReports
import Foundation
import Synchronization

/// Keeps every report file on disk valid while a batch runs: at the start
/// (replacing any stale report at the same path) and as files finish (at
/// most once per `interval`), each requested report file is rewritten
/// atomically with the files finished so far and the rest `interrupted`,
/// marked incomplete. If the run is killed outright (SIGKILL, a power cut),
/// the last checkpoint is what remains: a valid report that says the run did
/// not finish. The final report replaces it when the run ends.
final class ReportCheckpoint: Sendable {
    private let targets: [ReportTarget]
    private let hostname: String
    private let paths: [String]
    private let interval: Double
    /// How the run was made, so a checkpoint judges severities as the final report will.
    private let run: RunContext?
    private let state: Mutex<State>

    private struct State {
        var results: [FileReport?]
        var lastWrite = Date.distantPast
        var closed = false
    }

    init(targets: [ReportTarget], paths: [String], hostname: String, run: RunContext? = nil, interval: Double = 1) {
        self.run = run
        // Only regular files (or files not yet there) are checkpointed: a
        // FIFO's reader would take the first checkpoint as the whole report,
        // and a device gains nothing from it.
        self.targets = targets.filter { target in
            guard let path = target.path else { return false }
            var info = stat()
            return stat(path, &info) != 0 || info.st_mode & S_IFMT == S_IFREG
        }
        self.paths = paths
        self.hostname = hostname
        self.interval = interval
        self.state = Mutex(State(results: Array(repeating: nil, count: paths.count)))
    }

    /// Writes the first checkpoint: no file finished yet.
    func start() {
        guard !targets.isEmpty else { return }
        state.withLock { state in write(state.results) }
    }

    /// Records a finished file and rewrites the reports if `interval` has passed.
    func finished(_ report: FileReport, at index: Int) {
        guard !targets.isEmpty else { return }
        state.withLock { state in
            guard !state.closed, state.results.indices.contains(index) else { return }
            state.results[index] = report
            let now = Date()
            guard now.timeIntervalSince(state.lastWrite) >= interval else { return }
            state.lastWrite = now
            write(state.results)
        }
    }

    /// Stops checkpointing (the final report is about to be written).
    func close() {
        state.withLock { $0.closed = true }
    }

    private func write(_ results: [FileReport?]) {
        let files = results.enumerated().map { $1 ?? .interrupted(path: paths[$0]) }
        let report = RunReport(files: files, complete: false, run: run)
        for target in targets {
            guard let path = target.path else { continue }
            // A failure here is reported when the final report is written.
            try? AtomicFile.write(target.writer(hostname: hostname).render(report), to: path)
        }
    }
}
