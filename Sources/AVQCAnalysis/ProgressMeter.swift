import AVQCModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reports a file's progress at most every `interval` seconds of wall
/// clock, from the frames and blocks the detector bank sees.
final class ProgressMeter {
    static let interval = 0.25

    private let duration: Double?
    private let started = Date()
    private let report: @Sendable (FileProgress) -> Void
    private var position = 0.0
    private var frames = 0
    private var nextReport = 0.0
    private var calls = 0

    init(duration: Double?, report: @escaping @Sendable (FileProgress) -> Void) {
        self.duration = duration
        self.report = report
    }

    /// Called for every frame (`video`) or block at `time` seconds.
    func advance(to time: Double, video: Bool) {
        if time.isFinite, time > position { position = time }
        if video { frames += 1 }
        calls &+= 1
        // The clock is read every 16 calls: cheap next to decoding.
        guard calls & 15 == 0 else { return }
        let elapsed = Date().timeIntervalSince(started)
        guard elapsed >= nextReport else { return }
        nextReport = elapsed + Self.interval
        report(FileProgress(position: position, duration: duration, frames: frames, elapsed: elapsed))
    }
}
