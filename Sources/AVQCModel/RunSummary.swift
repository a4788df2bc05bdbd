/// Totals over a run.
public struct RunSummary: Sendable, Equatable, Codable {
    public var files: Int
    public var passed: Int
    /// Files with warnings but no error-severity defect.
    public var warned: Int
    public var failed: Int
    public var errors: Int
    /// Files not finished because the run was interrupted.
    public var interrupted: Int
    /// Defects of every severity.
    public var defects: Int
    /// Defects by severity (`error`, `warning`, `info`).
    public var bySeverity: [String: Int]

    public init(files: [FileReport]) {
        self.files = files.count
        self.passed = files.filter { $0.status == .pass }.count
        self.warned = files.filter { $0.status == .warn }.count
        self.failed = files.filter { $0.status == .fail }.count
        self.errors = files.filter { $0.status == .error }.count
        self.interrupted = files.filter { $0.status == .interrupted }.count
        self.defects = files.reduce(0) { $0 + $1.defects.count }
        var bySeverity = Dictionary(uniqueKeysWithValues: Severity.allCases.map { ($0.rawValue, 0) })
        for file in files {
            for defect in file.defects { bySeverity[defect.severity.rawValue, default: 0] += 1 }
        }
        self.bySeverity = bySeverity
    }
}
