/// How a decoded frame says it was scanned: its interlace flags.
public enum FieldScan: String, Sendable, Codable {
    /// Flagged progressive (or not flagged interlaced).
    case progressive
    /// Interlaced, top (first, even) field shown first.
    case topFieldFirst = "tff"
    /// Interlaced, bottom field shown first.
    case bottomFieldFirst = "bff"
}
