/// Why an input could not be analyzed, as a stable identifier (the JSON
/// `error.kind`, the JUnit `<error type>`, the CSV `kind=`).
public enum FileErrorKind: String, Sendable, Codable, CaseIterable {
    case notFound = "not-found"
    case unreadable
    case empty
    case notMedia = "not-media"
    case noStreams = "no-streams"
    case unsupportedCodec = "unsupported-codec"
    case readError = "read-error"
    case decodeError = "decode-error"
    /// A directory with no media files.
    case noInputs = "no-inputs"
    /// An MP4/MOV with its index last, read from a pipe.
    case notStreamable = "not-streamable"
    /// A device, FIFO or socket met in a folder scan.
    case notRegular = "not-regular"
    /// `--max-pixels`, `--max-streams`, `--max-memory`, or the sample-rate or channel ceiling.
    case limit
    /// `--timeout`.
    case timeout
    /// The file's worker process died.
    case crashed
    /// The run stopped before the file was analyzed (status `interrupted`).
    case interrupted
    case `internal`
}
