/// Why an input could not be analyzed.
public struct FileError: Sendable, Equatable, Codable, Error {
    /// Why, as a stable identifier.
    public var kind: FileErrorKind

    /// One line a person can act on; it names the file and the reason.
    public var message: String

    public init(kind: FileErrorKind, message: String) {
        self.kind = kind
        self.message = message
    }
}
