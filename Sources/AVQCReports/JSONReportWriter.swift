import AVQCModel
import Foundation

/// The JSON report: the `RunReport` encoded with sorted keys, pretty-printed,
/// so identical input gives byte-identical output. See Docs/report-format.md
/// and Docs/report.schema.json.
public struct JSONReportWriter: ReportWriter {
    public init() {}

    public func render(_ report: RunReport) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(JSONWireReport(report)) else {
            // Encoding can only fail on non-finite numbers, which the model rounds away.
            return "{\"error\": \"avqc could not encode its report\"}\n"
        }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Parses a JSON report back (for tests and tools that post-process reports).
    public static func parse(_ data: Data) throws -> RunReport {
        try JSONDecoder().decode(RunReport.self, from: data)
    }
}
