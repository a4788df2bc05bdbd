import AVQCModel
import Synchronization

/// Damage reports for one decoder, written from FFmpeg's threads (log lines)
/// and from the demux thread, and taken by the demux thread with each frame.
final class DamageInbox: Sendable {
    private let pending = Mutex(FrameDamage.none)

    func record(_ message: String) {
        pending.withLock { $0.record(message) }
    }

    /// Everything recorded since the last call.
    func take() -> FrameDamage {
        pending.withLock { damage in
            guard !damage.isEmpty else { return .none }
            defer { damage = .none }
            return damage
        }
    }
}
