/// The report for one run of `avqc analyze`: what every format is written from.
public struct RunReport: Sendable, Equatable, Codable {
    /// Bumped when a field changes meaning or disappears; additions keep it.
    public var schemaVersion: Int
    public var tool: ToolInfo
    public var files: [FileReport]
    public var summary: RunSummary

    public static let currentSchemaVersion = 1

    public init(files: [FileReport], tool: ToolInfo = ToolInfo()) {
        self.schemaVersion = RunReport.currentSchemaVersion
        self.tool = tool
        self.files = files
        self.summary = RunSummary(files: files)
    }

    /// The process exit status the run earns: 3 when any input could not be
    /// analyzed, else 1 when any defect was found, else 0.
    public var exitStatus: Int32 {
        if summary.errors > 0 { return 3 }
        if summary.defects > 0 { return 1 }
        return 0
    }
}
