/// The kind of elementary stream a detector reads.
public enum MediaKind: String, Sendable, Codable, CaseIterable {
    case video
    case audio
}
