/// The report formats, by the identifier `--format` and `--report` take.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text
    case json
    case csv
    case junit

    /// The writer for this format. `hostname` goes into JUnit reports.
    public func writer(hostname: String = "localhost") -> any ReportWriter {
        switch self {
        case .text: return TextReportWriter()
        case .json: return JSONReportWriter()
        case .csv: return CSVReportWriter()
        case .junit: return JUnitReportWriter(hostname: hostname)
        }
    }
}
