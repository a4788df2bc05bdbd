import AVQCModel

/// Where a `MediaSource` reads from.
public enum MediaInput: Sendable {
    /// A file (or device, or FIFO) by path; the bytes need not be UTF-8.
    case file(RawPath)
    /// Standard input (`-`).
    case standardInput
    /// Bytes already in memory (the fuzz target), shown in messages as `name`.
    case memory(name: String, bytes: [UInt8])

    /// The name messages and reports use.
    public var displayName: String {
        switch self {
        case .file(let path): return path.display
        case .standardInput: return "-"
        case .memory(let name, _): return name
        }
    }
}
