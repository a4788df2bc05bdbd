/// A parsed `avqc merge REPORT.json... [-f FORMAT] [-o FILE] [--report ...]`.
public struct MergeRequest: Sendable {
    /// The shard reports to merge (JSON), as named.
    public var reports: [String]
    /// Where the merged report goes, as for `avqc analyze`.
    public var targets: [ReportTarget]
    public var quiet: Bool
}
