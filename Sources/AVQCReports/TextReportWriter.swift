import AVQCModel

/// The human-readable report: a block per file, then one line of totals.
public struct TextReportWriter: ReportWriter {
    public init() {}

    public func render(_ report: RunReport) -> String {
        var out = ""
        for file in report.files {
            out += "\(Self.printable(file.path)): \(file.status.rawValue.uppercased())"
            if let duration = file.durationSeconds { out += ", \(Rounding.text(duration)) s" }
            if let container = file.container { out += ", \(container)" }
            out += "\n"
            if let error = file.error {
                out += "  error (\(error.kind.rawValue)): \(Self.printable(error.message))\n"
            }
            if !file.streams.isEmpty {
                out += "  streams: " + file.streams.map(DefectText.stream).joined(separator: "; ") + "\n"
            }
            let width = file.defects.map { $0.detector.count }.max() ?? 0
            for defect in file.defects {
                let name = defect.detector + String(repeating: " ", count: width - defect.detector.count)
                out += "  \(name)  #\(defect.streamIndex)  \(DefectText.line(defect))\n"
            }
            for measurement in file.measurements {
                let values = measurement.values.keys.sorted().map {
                    "\($0)=\(measurement.values[$0]?.description ?? "")"
                }
                out += "  \(measurement.detector)  #\(measurement.streamIndex)  \(values.joined(separator: " "))\n"
            }
        }
        let s = report.summary
        out += "\(s.files) file\(s.files == 1 ? "" : "s"): \(s.passed) passed, "
        if s.warned > 0 { out += "\(s.warned) with warnings, " }
        out += "\(s.failed) failed, "
        out += "\(s.errors) error\(s.errors == 1 ? "" : "s")"
        if s.interrupted > 0 { out += ", \(s.interrupted) interrupted" }
        out += "; \(s.defects) defect\(s.defects == 1 ? "" : "s")\n"
        if !report.complete { out += "run INCOMPLETE: interrupted before every file was analyzed\n" }
        return out
    }

    /// `text` with control characters shown as `\u{..}` escapes, so a hostile
    /// file name cannot break the report's lines or drive the terminal.
    /// `text` with control characters (escape sequences, carriage returns in
    /// file names) shown as `\u{1b}`, so that they cannot act on a terminal.
    public static func printable(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.generalCategory == .control {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
