/// Signs of damage the decoder gave for a frame or audio block: error
/// returns, corrupt-frame flags, packets the demuxer flagged corrupt, and the
/// decoder's own error log lines, gathered since the previous frame.
public struct FrameDamage: Sendable, Equatable {
    /// How many signs of damage.
    public var count: Int
    /// The first few distinct messages (at most `FrameDamage.messageLimit`).
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
        if messages.count < Self.messageLimit, !messages.contains(message) { messages.append(message) }
    }

    /// Folds `other` in.
    public mutating func absorb(_ other: FrameDamage) {
        count += other.count
        for message in other.messages where messages.count < Self.messageLimit && !messages.contains(message) {
            messages.append(message)
        }
    }
}
