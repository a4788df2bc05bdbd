/// Why an input could not be analyzed.
public struct FileError: Sendable, Equatable, Codable, Error {
    /// A stable identifier: `not-found`, `unreadable`, `empty`, `not-media`,
    /// `no-streams`, `unsupported-codec`, `read-error`, `decode-error`, `no-inputs`,
    /// `not-regular`, `not-streamable`, `limit`, `timeout`, `crashed`, `interrupted`.
    public var kind: String

    /// The kind of an input the run did not finish (status `interrupted`).
    public static let interruptedKind = "interrupted"
    /// One line a person can act on; it names the file and the reason.
    public var message: String

    public init(kind: String, message: String) {
        self.kind = kind
        self.message = message
    }
}
