import AVQCModel
import Synchronization

/// Idle worker processes, reused file after file so that a worker's start-up
/// (about 60 ms: the Swift runtime and 150 shared libraries) is paid once per
/// batch thread, not once per file. A worker that died or was killed is
/// never checked back in.
final class WorkerPool: Sendable {
    private let idle = Mutex<[ChildProcess]>([])

    func checkOut(executable: [UInt8], memoryLimit: Int) -> ChildProcess? {
        if let worker = idle.withLock({ $0.popLast() }) { return worker }
        return ChildProcess(
            executable: executable, arguments: [Array(WorkerRequest.flag.utf8), Array(String(memoryLimit).utf8)])
    }

    func checkIn(_ worker: ChildProcess) {
        idle.withLock { $0.append(worker) }
    }
}
