/// Which profile a run used, as reports record it.
public struct ProfileReference: Sendable, Equatable, Codable {
    /// The profile's `name`.
    public var name: String
    /// `built-in`, or the path of the profile file as given.
    public var origin: String
    /// SHA-256 of the profile's text, as 64 hex digits.
    public var sha256: String

    public init(name: String, origin: String, sha256: String) {
        self.name = name
        self.origin = origin
        self.sha256 = sha256
    }
}
