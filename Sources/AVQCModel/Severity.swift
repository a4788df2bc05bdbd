/// How bad a defect is. Every defect fails the file; severity helps triage.
public enum Severity: String, Sendable, Codable, CaseIterable {
    /// Probably audible or visible to a viewer, but may be intended (e.g. a fade to black).
    case warning
    /// A defect a viewer will notice.
    case error
}
