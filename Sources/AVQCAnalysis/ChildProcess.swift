import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A worker process started with posix_spawn: it reads length-prefixed
/// requests on descriptor 3 and answers length-prefixed replies on its
/// standard output; standard input and error are shared with avqc (so `-`
/// still reads avqc's standard input). One worker serves one batch thread,
/// file after file, and is replaced when it dies or is killed.
// @unchecked Sendable: a worker is used by one batch thread at a time; the
// pool hands it from thread to thread under its lock.
final class ChildProcess: @unchecked Sendable {
    /// Why an exchange gave no reply.
    enum Failure: Error, Equatable {
        /// The worker died; the signal number, or nil for an exit.
        case died(signal: Int32?)
        /// `shouldKill` asked for it.
        case killed
    }

    private let pid: pid_t
    private let requests: Int32
    private let replies: Int32
    private var alive = true

    /// Starts `executable` with `arguments`; nil when it cannot be started.
    init?(executable: [UInt8], arguments: [[UInt8]]) {
        // Pipe creation and spawn happen under one lock so that another
        // thread's worker cannot inherit these pipes (pipe2 with O_CLOEXEC is
        // not imported): an inherited write end would hide this worker's death.
        Self.spawnLock.lock()
        defer { Self.spawnLock.unlock() }
        var toChild: [Int32] = [-1, -1]
        var fromChild: [Int32] = [-1, -1]
        guard pipe(&toChild) == 0 else { return nil }
        guard pipe(&fromChild) == 0 else {
            close(toChild[0])
            close(toChild[1])
            return nil
        }
        for descriptor in toChild + fromChild { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 3)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)

        var cStrings: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { bytes in
            let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
            for (offset, byte) in bytes.enumerated() { buffer[offset] = CChar(bitPattern: byte) }
            buffer[bytes.count] = 0
            return buffer
        }
        cStrings.append(nil)
        defer { for pointer in cStrings { pointer?.deallocate() } }
        var pid: pid_t = 0
        let spawned = cStrings.withUnsafeMutableBufferPointer { argv -> Int32 in
            guard let path = argv[0], let vector = argv.baseAddress else { return EINVAL }
            return posix_spawn(&pid, path, &actions, nil, vector, environ)
        }
        close(toChild[0])
        close(fromChild[1])
        guard spawned == 0 else {
            close(toChild[1])
            close(fromChild[0])
            return nil
        }
        self.pid = pid
        self.requests = toChild[1]
        self.replies = fromChild[0]
    }

    deinit {
        close(requests)
        close(replies)
        if alive {
            // Closing the request pipe tells an idle worker to exit.
            reap(blocking: true)
        }
    }

    /// Sends `request` and waits for the reply. `shouldKill` is polled about
    /// ten times a second; when it returns true the worker is killed.
    /// Sends `request` and waits for the report (tag `R`), handing other
    /// messages (progress, metrics) to `onMessage` with their tag as they come.
    func exchange(
        _ request: [UInt8], shouldKill: () -> Bool, onMessage: (UInt8, [UInt8]) -> Void = { _, _ in }
    ) -> Result<[UInt8], Failure> {
        guard alive else { return .failure(.died(signal: nil)) }
        guard FrameIO.write(frame: request, to: requests) else { return .failure(finish()) }
        var reader = FrameIO.Reader(descriptor: replies)
        var watch = pollfd(fd: replies, events: Int16(POLLIN), revents: 0)
        while true {
            if shouldKill() {
                kill(pid, SIGKILL)
                reap(blocking: true)
                return .failure(.killed)
            }
            if let message = reader.buffered() {
                guard let tag = message.first, tag != FrameIO.reportTag else {
                    return .success(Array(message.dropFirst()))
                }
                onMessage(tag, Array(message.dropFirst()))
                continue
            }
            let ready = poll(&watch, 1, 100)
            if ready < 0, errno != EINTR { return .failure(finish()) }
            guard ready > 0 else { continue }
            switch reader.readAvailable() {
            case .complete(let message):
                guard let tag = message.first, tag != FrameIO.reportTag else {
                    return .success(Array(message.dropFirst()))
                }
                onMessage(tag, Array(message.dropFirst()))
            case .partial: continue
            case .closed: return .failure(finish())
            }
        }
    }

    /// Waits for a worker that went away and says how it died.
    private func finish() -> Failure {
        kill(pid, SIGKILL)
        let status = reap(blocking: true)
        let signal = status & 0x7F
        return .died(signal: signal == 0 || signal == 0x7F ? nil : signal)
    }

    @discardableResult
    private func reap(blocking: Bool) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, blocking ? 0 : WNOHANG) < 0, errno == EINTR {}
        alive = false
        return status
    }

    private static let spawnLock = NSLock()

    /// This executable's path, for starting workers.
    static var currentExecutable: [UInt8]? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        return buffer[0..<length].map { UInt8(bitPattern: $0) }
    }
}
