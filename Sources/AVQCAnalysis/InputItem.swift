import AVQCModel

/// One thing to analyze, as found on the command line or in a directory.
public enum InputItem: Sendable, Equatable {
    /// A file path.
    case file(String)
    /// Standard input (`-`).
    case standardInput
    /// A path that cannot be analyzed at all; it becomes an error entry in the report.
    case problem(path: String, FileError)

    /// The path shown in reports.
    public var path: String {
        switch self {
        case .file(let path): return path
        case .standardInput: return "-"
        case .problem(let path, _): return path
        }
    }
}
