import AVQCReports

/// One report to write: a format and where (`nil` path = standard output).
public struct ReportTarget: Equatable, Sendable {
    public var format: ReportFormat
    public var path: String?

    public init(format: ReportFormat, path: String?) {
        self.format = format
        self.path = path
    }
}
