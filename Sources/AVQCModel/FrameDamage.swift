/// Signs of damage the decoder gave for a frame or audio block: error
/// returns, corrupt-frame flags, packets the demuxer flagged corrupt, and the
/// decoder's own error log lines, gathered since the previous frame.
public struct FrameDamage: Sendable, Equatable {
    /// How many signs of damage.
    public var count: Int
    /// A few distinct messages (at most `FrameDamage.messageLimit`): the
    /// alphabetically first, so that the sample does not depend on the order
    /// in which a decoder's threads logged them (reports must not depend on
    /// timing or the machine's parallelism).
    public var messages: [String]

    public static let messageLimit = 5
    public static let none = FrameDamage(count: 0, messages: [])

    public init(count: Int, messages: [String]) {
        self.count = count
        self.messages = messages
    }

    public var isEmpty: Bool { count == 0 }

    /// Adds one sign of damage.
    public mutating func record(_ message: String) {
        count += 1
        keep(message)
    }

    /// Folds `other` in.
    public mutating func absorb(_ other: FrameDamage) {
        count += other.count
        for message in other.messages { keep(message) }
    }

    /// Keeps `message` if it is among the alphabetically first distinct ones.
    private mutating func keep(_ message: String) {
        guard !messages.contains(message) else { return }
        if messages.count == Self.messageLimit {
            guard let last = messages.last, message < last else { return }
            messages.removeLast()
        }
        let index = messages.firstIndex { message < $0 } ?? messages.endIndex
        messages.insert(message, at: index)
    }
}
