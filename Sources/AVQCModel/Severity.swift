/// How bad a defect is, as a profile (or `--set DET.severity=`) rates it.
/// Only `error` defects fail a file by default; `--fail-on warning` makes
/// warnings fail it too. Detectors report every span as an `error`.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    /// Worth knowing, never a failure unless `--fail-on info`.
    case info
    /// Probably audible or visible, but may be intended (e.g. a fade to black).
    case warning
    /// A defect a viewer will notice: fails the file.
    case error

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
