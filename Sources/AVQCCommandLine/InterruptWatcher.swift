import AVQCModel
import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT, SIGTERM and SIGHUP into an orderly stop: the first one
/// fires `signal` (no new file starts; running analyses stop and are marked
/// `interrupted`; reports are written), a second one ends the process at
/// once, leaving the last checkpoint report on disk.
final class InterruptWatcher: Sendable {
    let signal: StopSignal
    private let received = Atomic<Int32>(0)
    // DispatchSource objects are thread-safe; they are kept only to stay alive.
    private nonisolated(unsafe) var sources: [any DispatchSourceSignal] = []

    init(signal: StopSignal) {
        self.signal = signal
        for number in [SIGINT, SIGTERM, SIGHUP] {
            Glibc.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.deliver(number) }
            source.resume()
            sources.append(source)
        }
    }

    /// The signal that interrupted the run, or nil.
    var interruptedBy: Int32? {
        let number = received.load(ordering: .relaxed)
        return number == 0 ? nil : number
    }

    /// The exit status for an interrupted run: 128 + the signal number (130 for SIGINT, 143 for SIGTERM).
    var exitStatus: Int32? { interruptedBy.map { 128 + $0 } }

    private func deliver(_ number: Int32) {
        let (exchanged, _) = received.compareExchange(expected: 0, desired: number, ordering: .relaxed)
        if exchanged {
            signal.interrupt()
        } else {
            _exit(128 + number)
        }
    }
}
