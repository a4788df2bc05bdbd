/// Why an input could not be analyzed.
public struct FileError: Sendable, Equatable, Codable, Error {
    /// A stable identifier: `not-found`, `unreadable`, `empty`, `not-media`,
    /// `no-streams`, `unsupported-codec`, `read-error`, `decode-error`, `no-inputs`.
    public var kind: String
    /// One line a person can act on; it names the file and the reason.
    public var message: String

    public init(kind: String, message: String) {
        self.kind = kind
        self.message = message
    }
}
