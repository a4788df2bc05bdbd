/// How far one file's analysis has come, for the progress line.
public struct FileProgress: Sendable, Equatable {
    /// Seconds of the file decoded so far (the latest frame or block's time).
    public var position: Double
    /// The file's duration when the container declares it.
    public var duration: Double?
    /// Video frames decoded so far.
    public var frames: Int
    /// Seconds since the file's analysis began.
    public var elapsed: Double

    public init(position: Double, duration: Double?, frames: Int, elapsed: Double) {
        self.position = position
        self.duration = duration
        self.frames = frames
        self.elapsed = elapsed
    }

    /// 0…1 of the duration, when known.
    public var fraction: Double? {
        guard let duration, duration > 0, position.isFinite else { return nil }
        return min(1, max(0, position / duration))
    }

    /// Seconds left at the pace so far, when the duration is known.
    public var remaining: Double? {
        guard let fraction, fraction > 0.01, elapsed > 0 else { return nil }
        return elapsed * (1 - fraction) / fraction
    }

    /// As text for a worker's progress message: `position duration frames elapsed`.
    public var message: String {
        "\(position) \(duration ?? -1) \(frames) \(elapsed)"
    }

    /// Parses `message`; nil when malformed.
    public init?(message: String) {
        let parts = message.split(separator: " ").compactMap { Double($0) }
        guard parts.count == 4, parts.allSatisfy(\.isFinite), parts[2] >= 0, parts[2] < 1e15 else { return nil }
        self.init(
            position: parts[0], duration: parts[1] >= 0 ? parts[1] : nil, frames: Int(parts[2]), elapsed: parts[3])
    }
}
