import AVQCModel
import Foundation

/// The JSON report: the `RunReport` pretty-printed with its keys in a fixed
/// order (`JSONWireReport`), so identical input gives byte-identical output
/// (the `run` object's times aside). See Docs/report-format.md and
/// Docs/report.schema.json.
public struct JSONReportWriter: ReportWriter {
    public init() {}

    public func render(_ report: RunReport) -> String {
        JSONWireReport.object(report).rendered() + "\n"
    }

    /// Parses a JSON report back (for tests and tools that post-process reports).
    public static func parse(_ data: Data) throws -> RunReport {
        try JSONDecoder().decode(RunReport.self, from: data)
    }
}
