import AVQCModel
import AVQCReports
import Foundation
import Synchronization

/// What avqc shows while a batch runs. On a terminal (and not with `-q`) a
/// progress line on standard error, rewritten in place: files done of the
/// total, and the file being analyzed with its percentage, frames per
/// second and time left. When the text report goes to standard output, each
/// file's block is printed as soon as it and every file before it are done
/// (input order, so the output is the same whatever `-j`).
final class LiveOutput: Sendable {
    private let showProgress: Bool
    private let quiet: Bool
    private let text: TextReportWriter?
    private let state: Mutex<State>

    /// Seconds between redraws of the progress line.
    static let redrawInterval = 0.1

    private struct State {
        var results: [FileReport?]
        var printed = 0
        var done = 0
        var current: (path: String, progress: FileProgress)?
        var lastDraw = Date.distantPast
        var lineShown = false
    }

    init(total: Int, showProgress: Bool, quiet: Bool, text: TextReportWriter?) {
        self.showProgress = showProgress
        self.quiet = quiet
        self.text = text
        self.state = Mutex(State(results: Array(repeating: nil, count: total)))
    }

    /// Called by the analysis, from any thread.
    func progress(path: String, _ update: FileProgress) {
        guard showProgress else { return }
        state.withLock { state in
            state.current = (path, update)
            guard Date().timeIntervalSince(state.lastDraw) >= Self.redrawInterval else { return }
            draw(&state)
        }
    }

    /// Called as each file finishes, from any thread.
    func finished(index: Int, report: FileReport) {
        state.withLock { state in
            state.results[index] = report
            state.done += 1
            if state.current?.path == report.path { state.current = nil }
            clear(&state)
            if !quiet, let error = report.error, report.status != .interrupted {
                StandardStreams.err("avqc: \(TextReportWriter.printable(error.message))\n")
            }
            if let text {
                while state.printed < state.results.count, let next = state.results[state.printed] {
                    StandardStreams.out(text.block(next))
                    state.printed += 1
                }
            }
            if showProgress {
                state.current = nil
                draw(&state, finished: "\(TextReportWriter.printable(report.path)): \(report.status.rawValue)")
            }
        }
    }

    /// Clears the progress line; returns how many file blocks were printed.
    func close() -> Int {
        state.withLock { state in
            clear(&state)
            return state.printed
        }
    }

    private func draw(_ state: inout State, finished: String? = nil) {
        var line = "[\(state.done)/\(state.results.count)]"
        if let finished { line += " " + finished }
        if let (path, update) = state.current {
            line += " \(TextReportWriter.printable(path))"
            if let fraction = update.fraction {
                line += String(format: "  %.0f%%", fraction * 100)
            } else {
                line += "  \(Timecode.string(fromSeconds: update.position))"
            }
            if update.elapsed > 0, update.frames > 0 {
                line += String(format: "  %.0f fps", Double(update.frames) / update.elapsed)
            }
            if let remaining = update.remaining {
                line += "  ETA \(Timecode.string(fromSeconds: remaining.rounded()).dropLast(4))"
            }
        }
        StandardStreams.err("\r\u{1B}[K" + line)
        state.lineShown = true
        state.lastDraw = Date()
    }

    private func clear(_ state: inout State) {
        guard state.lineShown else { return }
        StandardStreams.err("\r\u{1B}[K")
        state.lineShown = false
    }
}
