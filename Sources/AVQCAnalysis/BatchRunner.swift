import AVQCModel
import Dispatch
import Foundation
import Synchronization

/// Analyzes many inputs, `jobs` at a time, each on its own thread (one file,
/// one thread, one decode, in this process or in a worker process). Reports
/// come back in input order. When `interruption` fires, no new file starts;
/// files not finished come back with status `interrupted`.
public struct BatchRunner: Sendable {
    public let analyze: @Sendable (InputItem) -> FileReport
    /// Files analyzed at once (at least 1).
    public let jobs: Int
    public let interruption: StopSignal?

    public init(analyzer: FileAnalyzer, jobs: Int) {
        self.init(jobs: jobs, interruption: analyzer.options.interruption, analyze: analyzer.analyze)
    }

    public init(jobs: Int, interruption: StopSignal? = nil, analyze: @escaping @Sendable (InputItem) -> FileReport) {
        self.analyze = analyze
        self.jobs = max(1, jobs)
        self.interruption = interruption
    }

    /// Runs the batch. `progress` is called after each file with (done,
    /// total, index of the file in `items`, its report).
    public func run(
        _ items: [InputItem], progress: (@Sendable (Int, Int, Int, FileReport) -> Void)? = nil
    ) -> [FileReport] {
        let total = items.count
        guard total > 0 else { return [] }
        let state = Mutex(State(results: Array(repeating: nil, count: total)))
        let analyze = self.analyze
        let interruption = self.interruption
        let workers = min(jobs, total)
        let finished = DispatchGroup()
        let work: @Sendable () -> Void = {
            while true {
                let next: Int? = state.withLock { state in
                    guard state.next < total, interruption?.reason == nil else { return nil }
                    defer { state.next += 1 }
                    return state.next
                }
                guard let index = next else { return }
                let report = analyze(items[index])
                let done = state.withLock { state in
                    state.results[index] = report
                    state.done += 1
                    return state.done
                }
                progress?(done, total, index, report)
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
            state.results.enumerated().map { $1 ?? .interrupted(path: items[$0].path) }
        }
    }

    private struct State {
        var next = 0
        var done = 0
        var results: [FileReport?]
    }
}
