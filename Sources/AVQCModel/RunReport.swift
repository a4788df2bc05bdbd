/// The report for one run of `avqc analyze`: what every format is written from.
public struct RunReport: Sendable, Equatable, Codable {
    /// Bumped when a field changes meaning or disappears; additions keep it.
    public var schemaVersion: Int
    public var tool: ToolInfo
    /// How the run was made; nil in reports built without it (tests, old reports).
    public var run: RunContext?
    public var files: [FileReport]
    public var summary: RunSummary
    /// False when the run was interrupted (or the report is a checkpoint
    /// written while it ran): files with status `interrupted` were not analyzed.
    public var complete: Bool

    public static let currentSchemaVersion = 1

    public init(files: [FileReport], complete: Bool = true, tool: ToolInfo = ToolInfo(), run: RunContext? = nil) {
        self.run = run
        self.complete = complete
        self.schemaVersion = RunReport.currentSchemaVersion
        self.tool = tool
        self.files = files
        self.summary = RunSummary(files: files)
    }

    /// The process exit status the run earns: 3 when any input could not be
    /// analyzed, else 1 when any defect of `failOn` severity or worse was
    /// found, else 0 (`--fail-on`, default `error`).
    public func exitStatus(failOn: Severity = .error) -> Int32 {
        if summary.errors > 0 || summary.interrupted > 0 { return 3 }
        if files.contains(where: { $0.defects.contains { $0.severity >= failOn } }) { return 1 }
        return 0
    }
}
