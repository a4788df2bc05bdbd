import AVQCModel
import Dispatch
import Foundation
import Synchronization

/// Analyzes many inputs, `jobs` at a time, each on its own thread (one file,
/// one thread, one decode). Reports come back in input order.
public struct BatchRunner: Sendable {
    public let analyzer: FileAnalyzer
    /// Files analyzed at once (at least 1).
    public let jobs: Int

    public init(analyzer: FileAnalyzer, jobs: Int) {
        self.analyzer = analyzer
        self.jobs = max(1, jobs)
    }

    /// Runs the batch. `progress` is called after each file with (done, total, report).
    public func run(_ items: [InputItem], progress: (@Sendable (Int, Int, FileReport) -> Void)? = nil) -> [FileReport] {
        let total = items.count
        guard total > 0 else { return [] }
        let state = Mutex(State(results: Array(repeating: nil, count: total)))
        let analyzer = self.analyzer
        let workers = min(jobs, total)
        let finished = DispatchGroup()
        let work: @Sendable () -> Void = {
            while true {
                let next: Int? = state.withLock { state in
                    guard state.next < total else { return nil }
                    defer { state.next += 1 }
                    return state.next
                }
                guard let index = next else { return }
                let report = analyzer.analyze(items[index])
                let done = state.withLock { state in
                    state.results[index] = report
                    state.done += 1
                    return state.done
                }
                progress?(done, total, report)
            }
        }
        if workers == 1 {
            work()
        } else {
            for _ in 0..<workers {
                finished.enter()
                let thread = Thread {
                    work()
                    finished.leave()
                }
                thread.stackSize = 8 << 20
                thread.start()
            }
            finished.wait()
        }
        return state.withLock { state in
            state.results.enumerated().map {
                $1
                    ?? .failed(
                        path: items[$0].path,
                        error: FileError(kind: "internal", message: "\(items[$0].path): not analyzed"))
            }
        }
    }

    private struct State {
        var next = 0
        var done = 0
        var results: [FileReport?]
    }
}
