import AVQCModel

/// The human-readable report, laid out like a QC log: a heading per file,
/// then one line per defect with its severity, timecode in and out (SMPTE
/// when the file has a timecode, else elapsed), duration, frames and
/// evidence; then measurements, and one line of totals. With `color`
/// (standard output is a terminal), severities are coloured.
public struct TextReportWriter: ReportWriter {
    public let color: Bool

    public init(color: Bool = false) {
        self.color = color
    }

    public func render(_ report: RunReport) -> String {
        header(run: report.run) + report.files.map(block).joined() + totals(report)
    }

    /// The profile line, when the run used a profile.
    public func header(run: RunContext?) -> String {
        guard let profile = run?.profile else { return "" }
        return "profile \(Self.printable(profile.name)) (\(Self.printable(profile.origin)))"
            + ", failing on \(run?.failOn.rawValue ?? "error")\n"
    }

    /// One file's lines: heading, streams, defects, measurements.
    public func block(_ file: FileReport) -> String {
        var out = "\(Self.printable(file.path)): \(status(file.status))"
        if let duration = file.durationSeconds { out += ", \(Rounding.text(duration)) s" }
        if let container = file.container { out += ", \(container)" }
        if let timecode = file.timecode {
            let rate = Rounding.text(
                (Double(timecode.rateNumerator) / Double(timecode.rateDenominator) * 1000).rounded() / 1000)
            out += ", timecode \(Self.printable(timecode.start)) at \(rate) fps"
            out += timecode.dropFrame ? " drop-frame" : ""
        }
        out += "\n"
        if let error = file.error {
            out += "  error (\(error.kind.rawValue)): \(Self.printable(error.message))\n"
        }
        if !file.streams.isEmpty {
            out += "  streams: " + file.streams.map { Self.printable(DefectText.stream($0)) }.joined(separator: "; ")
            out += "\n"
        }
        let width = file.defects.map { $0.detector.count }.max() ?? 0
        for defect in file.defects {
            let name = defect.detector + String(repeating: " ", count: width - defect.detector.count)
            out += "  \(severity(defect.severity))  \(name)  #\(defect.streamIndex)  "
            out += Self.printable(DefectText.line(defect, timecode: file.timecode)) + "\n"
        }
        for measurement in file.measurements {
            out += "  measured \(measurement.detector) #\(measurement.streamIndex): "
            out += Self.printable(DefectText.evidence(measurement.values)) + "\n"
        }
        return out
    }

    /// The line of totals (and the incomplete-run line).
    public func totals(_ report: RunReport) -> String {
        let s = report.summary
        var out = "\(s.files) file\(s.files == 1 ? "" : "s"): \(s.passed) passed, "
        if s.warned > 0 { out += "\(s.warned) with warnings, " }
        out += "\(s.failed) failed, \(s.errors) error\(s.errors == 1 ? "" : "s")"
        if s.interrupted > 0 { out += ", \(s.interrupted) interrupted" }
        out += "; \(s.defects) defect\(s.defects == 1 ? "" : "s")"
        let warnings = s.bySeverity[Severity.warning.rawValue] ?? 0
        let infos = s.bySeverity[Severity.info.rawValue] ?? 0
        if warnings > 0 || infos > 0 {
            out += " (\(s.bySeverity[Severity.error.rawValue] ?? 0) errors, \(warnings) warnings, \(infos) info)"
        }
        out += "\n"
        if !report.complete { out += "run INCOMPLETE: interrupted before every file was analyzed\n" }
        return out
    }

    /// `ERROR`, `WARN ` or `INFO `, padded to one width, coloured on a terminal.
    private func severity(_ severity: Severity) -> String {
        switch severity {
        case .error: return paint("ERROR", "1;31")
        case .warning: return paint("WARN ", "33")
        case .info: return paint("INFO ", "36")
        }
    }

    private func status(_ status: FileStatus) -> String {
        let text = status.rawValue.uppercased()
        switch status {
        case .pass: return paint(text, "32")
        case .warn: return paint(text, "33")
        case .fail, .error, .interrupted: return paint(text, "1;31")
        }
    }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

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
