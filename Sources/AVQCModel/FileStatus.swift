/// The verdict for one input.
public enum FileStatus: String, Sendable, Codable {
    /// Analyzed, no defect of `warning` or `error` severity (`info` ones may exist).
    case pass
    /// Analyzed, warnings but no error-severity defect: exits 0 unless `--fail-on warning`.
    case warn
    /// Analyzed, at least one error-severity defect.
    case fail
    /// Could not be analyzed (see `FileReport.error`).
    case error
    /// The run was interrupted (SIGINT, SIGTERM) before this file's analysis
    /// finished; it has no findings.
    case interrupted

    /// The status of an analyzed file with these defects.
    public static func judging(_ defects: [Defect]) -> FileStatus {
        let worst = defects.map(\.severity).max()
        switch worst {
        case .error: return .fail
        case .warning: return .warn
        case .info, nil: return .pass
        }
    }
}
