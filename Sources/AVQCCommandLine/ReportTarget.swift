import AVQCReports

/// One report to write: a format, where (`nil` path = standard output),
/// and for CSV which rows (`--report csv:files=FILE`, else `--csv-rows`).
public struct ReportTarget: Equatable, Sendable {
    public var format: ReportFormat
    public var path: String?
    /// The CSV rows; nil until the command line is read, then `--csv-rows`'s.
    public var csvRows: CSVReportWriter.Rows?

    public init(format: ReportFormat, path: String?, csvRows: CSVReportWriter.Rows? = nil) {
        self.format = format
        self.path = path
        self.csvRows = csvRows
    }

    /// The writer for this target.
    func writer(hostname: String, color: Bool = false) -> any ReportWriter {
        format.writer(hostname: hostname, color: color, csvRows: csvRows ?? .defects)
    }
}
