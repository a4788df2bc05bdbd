import AVQCModel

/// One thing to analyze, as found on the command line or in a directory.
public enum InputItem: Sendable, Equatable {
    /// A path. `named` is true when it was given on the command line (a
    /// device or FIFO is analyzed only then), false when a folder scan found it.
    case file(RawPath, named: Bool)
    /// Standard input (`-`).
    case standardInput
    /// A path that cannot be analyzed at all; it becomes an error entry in the report.
    case problem(path: String, FileError)

    /// A file named on the command line.
    public static func file(_ path: String) -> InputItem { .file(RawPath(path), named: true) }

    /// The path shown in reports (bytes that are not UTF-8 escaped as `\xNN`).
    public var path: String {
        switch self {
        case .file(let path, _): return path.display
        case .standardInput: return "-"
        case .problem(let path, _): return path
        }
    }
}
