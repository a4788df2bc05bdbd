import Foundation
import Synchronization

/// Tells a running analysis to stop: at a deadline (`--timeout`), or at once
/// when the run is interrupted (SIGINT, SIGTERM). Checked by the decode loop
/// between packets and by FFmpeg's I/O interrupt callback while it waits for
/// data, so a stalled pipe or device cannot hold the run.
public final class StopSignal: Sendable {
    /// Why the analysis stopped.
    public enum Reason: Int, Sendable {
        case timedOut = 1
        case interrupted = 2
    }

    /// The time limit in seconds this signal enforces (0 = none).
    public let timeLimit: Double
    private let deadline: UInt64
    private let interrupted = Atomic<Bool>(false)
    /// A run-wide signal this one also obeys (the batch's interruption).
    private let parent: StopSignal?
    /// For a worker: the avqc process that started it; when it is gone, stop.
    private let owner: pid_t?

    /// A signal that fires `timeLimit` seconds from now (0 or less: never by
    /// time), or when `parent` fires.
    public init(timeLimit: Double = 0, parent: StopSignal? = nil) {
        self.parent = parent
        self.owner = nil
        self.timeLimit = timeLimit > 0 && timeLimit.isFinite ? timeLimit : 0
        let nanoseconds = UInt64(max(0, Int64(saturating: self.timeLimit * 1e9)))
        self.deadline = self.timeLimit > 0 ? StopSignal.now() &+ nanoseconds : .max
    }

    /// A signal that fires as an interruption once the process `owner` is
    /// no longer this process's parent (it died; the worker was orphaned).
    public init(whileParentIs owner: pid_t) {
        self.timeLimit = 0
        self.deadline = .max
        self.parent = nil
        self.owner = owner
    }

    /// Stops whatever checks this signal, as an interruption.
    public func interrupt() { interrupted.store(true, ordering: .relaxed) }

    /// Why to stop now, or nil to go on.
    public var reason: Reason? {
        if interrupted.load(ordering: .relaxed) { return .interrupted }
        if let parent, let reason = parent.reason { return reason }
        if let owner, getppid() != owner { return .interrupted }
        if deadline != .max, StopSignal.now() >= deadline { return .timedOut }
        return nil
    }

    private static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(max(0, spec.tv_sec)) &* 1_000_000_000 &+ UInt64(max(0, spec.tv_nsec))
    }
}
