import AVQCModel

/// Renders a run report in one format. Every format is written from the same
/// `RunReport`, so one analysis (one decode per file) can feed several reports.
public protocol ReportWriter: Sendable {
    /// The whole report as text (UTF-8 when written to a file).
    func render(_ report: RunReport) -> String
}
