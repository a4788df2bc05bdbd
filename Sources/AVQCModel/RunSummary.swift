/// Totals over a run.
public struct RunSummary: Sendable, Equatable, Codable {
    public var files: Int
    public var passed: Int
    public var failed: Int
    public var errors: Int
    /// Files not finished because the run was interrupted.
    public var interrupted: Int
    public var defects: Int

    public init(files: [FileReport]) {
        self.files = files.count
        self.passed = files.filter { $0.status == .pass }.count
        self.failed = files.filter { $0.status == .fail }.count
        self.errors = files.filter { $0.status == .error }.count
        self.interrupted = files.filter { $0.status == .interrupted }.count
        self.defects = files.reduce(0) { $0 + $1.defects.count }
    }
}
