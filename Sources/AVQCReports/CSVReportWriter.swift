import AVQCModel
import Foundation

/// The CSV report: a header, then one row per defect, RFC 4180 (CRLF line
/// ends, quoting as needed). An input that could not be analyzed, or that an
/// interrupted run did not finish, has one row with an empty detector,
/// severity `error` and `status=error|interrupted; kind=…; message=…` in
/// `details`, so a CSV never drops a file silently.
public struct CSVReportWriter: ReportWriter {
    public static let columns = [
        "path", "detector", "stream", "start", "end", "duration", "start_timecode", "severity", "details",
        "start_frame", "end_frame",
    ]

    public init() {}

    public func render(_ report: RunReport) -> String {
        var lines = [Self.columns.joined(separator: ",")]
        for file in report.files {
            if let error = file.error {
                let details = "status=\(file.status.rawValue); kind=\(error.kind.rawValue); message=\(error.message)"
                let fields = [
                    CSVField.neutralize(file.path), "", "", "", "", "", "", Severity.error.rawValue,
                    CSVField.neutralize(details), "", "",
                ]
                lines.append(fields.map(CSVField.escape).joined(separator: ","))
            }
            for defect in file.defects {
                let details = defect.details.keys.sorted().map { "\($0)=\(defect.details[$0]?.description ?? "")" }
                let fields = [
                    CSVField.neutralize(file.path), defect.detector, String(defect.streamIndex),
                    Rounding.text(defect.start), Rounding.text(defect.end), Rounding.text(defect.duration),
                    defect.startTimecode, defect.severity.rawValue,
                    CSVField.neutralize(details.joined(separator: "; ")),
                    defect.startFrame.map(String.init) ?? "", defect.endFrame.map(String.init) ?? "",
                ]
                lines.append(fields.map(CSVField.escape).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
