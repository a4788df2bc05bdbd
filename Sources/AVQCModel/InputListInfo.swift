/// The whole input list of a run, before any sharding: how many inputs and
/// a SHA-256 of their paths in report order (each path's UTF-8 bytes
/// followed by a newline). Shards of one run share it; `avqc merge`
/// refuses reports whose input lists differ.
public struct InputListInfo: Sendable, Hashable, Codable {
    public var count: Int
    /// Lowercase hex.
    public var sha256: String

    public init(count: Int, sha256: String) {
        self.count = count
        self.sha256 = sha256
    }
}
