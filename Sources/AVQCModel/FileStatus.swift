/// The verdict for one input.
public enum FileStatus: String, Sendable, Codable {
    /// Analyzed, no defects.
    case pass
    /// Analyzed, at least one defect.
    case fail
    /// Could not be analyzed (see `FileReport.error`).
    case error
    /// The run was interrupted (SIGINT, SIGTERM) before this file's analysis
    /// finished; it has no findings.
    case interrupted
}
