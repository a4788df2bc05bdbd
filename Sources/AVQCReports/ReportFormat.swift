/// The report formats, by the identifier `--format` and `--report` take.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text
    case json
    case csv
    case junit
    /// One self-contained HTML page (thumbnails and graphs need the analysis
    /// to collect them: see `AnalysisOptions.collectPictures`).
    case html

    /// The writer for this format. `hostname` goes into JUnit reports;
    /// `color` (a terminal) colours the text report's severities; `csvRows`
    /// picks the CSV report's rows.
    public func writer(
        hostname: String = "localhost", color: Bool = false, csvRows: CSVReportWriter.Rows = .defects
    ) -> any ReportWriter {
        switch self {
        case .text: return TextReportWriter(color: color)
        case .json: return JSONReportWriter()
        case .csv: return CSVReportWriter(rows: csvRows)
        case .junit: return JUnitReportWriter(hostname: hostname)
        case .html: return HTMLReportWriter()
        }
    }
}
