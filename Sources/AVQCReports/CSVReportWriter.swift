import AVQCModel
import Foundation

/// The CSV reports, RFC 4180 (CRLF line ends, quoting as needed), with
/// text cells that a spreadsheet would run as a formula neutralized
/// (`CSVField.neutralize`). Three row kinds (`--csv-rows`), each with its
/// own header, documented in Docs/report-format.md:
/// - `defects` (default): one row per defect; an input that could not be
///   analyzed, or that an interrupted run did not finish, has one row with
///   an empty detector, severity `error` and `status=…; kind=…; message=…`
///   in `details`, so a CSV never drops a failed file silently.
/// - `files`: one row per input, passing, failing or errored.
/// - `measurements`: one row per measured value (long form: path, detector,
///   stream, name, value), for loudness and the other per-stream figures.
public struct CSVReportWriter: ReportWriter {
    public enum Rows: String, Sendable, CaseIterable {
        case defects, files, measurements
    }

    public let rows: Rows

    public static let columns = [
        "path", "detector", "stream", "start", "end", "duration", "start_timecode", "severity", "details",
        "start_frame", "end_frame", "start_smpte", "end_smpte", "rule",
    ]
    public static let fileColumns = [
        "path", "status", "error_kind", "error_message", "duration", "container", "start_smpte", "streams",
        "defects", "errors", "warnings", "infos", "analysis_seconds",
    ]
    public static let measurementColumns = ["path", "detector", "stream", "name", "value"]

    public init(rows: Rows = .defects) {
        self.rows = rows
    }

    public func render(_ report: RunReport) -> String {
        var lines: [[String]]
        switch rows {
        case .defects: lines = [Self.columns] + report.files.flatMap(defectRows)
        case .files: lines = [Self.fileColumns] + report.files.map(fileRow)
        case .measurements: lines = [Self.measurementColumns] + report.files.flatMap(measurementRows)
        }
        return lines.map { $0.map(CSVField.escape).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    private func defectRows(_ file: FileReport) -> [[String]] {
        var rows: [[String]] = []
        let path = CSVField.neutralize(file.path)
        if let error = file.error {
            let details = "status=\(file.status.rawValue); kind=\(error.kind.rawValue); message=\(error.message)"
            rows.append([
                path, "", "", "", "", "", "", Severity.error.rawValue, CSVField.neutralize(details), "", "", "", "", "",
            ])
        }
        for defect in file.defects {
            let details = defect.details.keys.sorted().map { "\($0)=\(defect.details[$0]?.description ?? "")" }
            rows.append([
                path, defect.detector, String(defect.streamIndex),
                Rounding.text(defect.start), Rounding.text(defect.end), Rounding.text(defect.duration),
                defect.startTimecode, defect.severity.rawValue,
                CSVField.neutralize(details.joined(separator: "; ")),
                defect.startFrame.map(String.init) ?? "", defect.endFrame.map(String.init) ?? "",
                file.timecode?.string(atSeconds: defect.start) ?? "",
                file.timecode?.string(atSeconds: defect.end) ?? "",
                CSVField.neutralize(defect.rule ?? ""),
            ])
        }
        return rows
    }

    private func fileRow(_ file: FileReport) -> [String] {
        func count(_ severity: Severity) -> String { String(file.defects.filter { $0.severity == severity }.count) }
        return [
            CSVField.neutralize(file.path), file.status.rawValue, file.error?.kind.rawValue ?? "",
            CSVField.neutralize(file.error?.message ?? ""), file.durationSeconds.map(Rounding.text) ?? "",
            file.container ?? "", file.timecode?.start ?? "",
            CSVField.neutralize(file.streams.map(DefectText.stream).joined(separator: "; ")),
            String(file.defects.count), count(.error), count(.warning), count(.info),
            file.timing.map { String(format: "%.3f", $0.elapsedSeconds) } ?? "",
        ]
    }

    private func measurementRows(_ file: FileReport) -> [[String]] {
        file.measurements.flatMap { measurement in
            measurement.values.keys.sorted().map { name -> [String] in
                let value: String
                switch measurement.values[name] {
                case .number(let number): value = Rounding.text(number)
                case .numbers(let numbers):
                    value = numbers.map { Rounding.text(($0 * 1000).rounded() / 1000) }.joined(separator: " ")
                case .some(let other): value = CSVField.neutralize(other.description)
                case nil: value = ""
                }
                return [
                    CSVField.neutralize(file.path), measurement.detector, String(measurement.streamIndex), name, value,
                ]
            }
        }
    }
}
