import AVQCModel
import Foundation

/// JUnit XML as CI servers read it (validates against the Ant JUnit schema):
/// one `<testsuite>` per file, one `<testcase>` per detector and stream, a
/// `<failure>` listing that detector's spans, and an `<error>` test case for a
/// file that could not be analyzed.
public struct JUnitReportWriter: ReportWriter {
    public let hostname: String

    public init(hostname: String) {
        self.hostname = hostname
    }

    public func render(_ report: RunReport) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
        for (id, file) in report.files.enumerated() {
            out += suite(file, id: id)
        }
        if !report.complete { out += incompleteRun(report, id: report.files.count) }
        out += "</testsuites>\n"
        return out
    }

    private func suite(_ file: FileReport, id: Int) -> String {
        var cases: [String] = []
        var failures = 0
        var errors = 0
        if let error = file.error {
            errors += 1
            cases.append(
                "    <testcase name=\"analyze\" classname=\"\(XMLText.token("avqc." + file.path))\" time=\"0\">\n"
                    + "      <error message=\"\(XMLText.escape(error.message))\" type=\"\(XMLText.escape(error.kind.rawValue))\">"
                    + XMLText.escape(error.message, inAttribute: false) + "</error>\n    </testcase>\n")
        }
        for check in file.checks {
            let spans = file.defects.filter { $0.detector == check.detector && $0.streamIndex == check.streamIndex }
            var body = "    <testcase name=\"\(XMLText.token("\(check.detector) stream \(check.streamIndex)"))\" "
            body += "classname=\"\(XMLText.token("avqc." + check.detector))\" time=\"0\""
            if spans.isEmpty {
                body += "/>\n"
            } else {
                failures += 1
                let message =
                    "\(spans.count) \(check.detector) span\(spans.count == 1 ? "" : "s") on stream \(check.streamIndex)"
                let listing = spans.map(DefectText.line).joined(separator: "\n")
                body +=
                    ">\n      <failure message=\"\(XMLText.escape(message))\" type=\"\(XMLText.escape(check.detector))\">"
                body += XMLText.escape(listing, inAttribute: false) + "</failure>\n    </testcase>\n"
            }
            cases.append(body)
        }
        let started = file.timing?.startedAt ?? Date(timeIntervalSince1970: 0)
        let elapsed = file.timing?.elapsedSeconds ?? 0
        var out = "  <testsuite name=\"\(XMLText.token(file.path))\" package=\"avqc\" id=\"\(id)\" "
        out +=
            "timestamp=\"\(Self.timestamp(started))\" hostname=\"\(XMLText.token(hostname, fallback: "localhost"))\" "
        out +=
            "tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"\(errors)\" time=\"\(String(format: "%.3f", elapsed))\">\n"
        out += "    <properties>\n"
        var properties: [(String, String)] = [("status", file.status.rawValue)]
        if let container = file.container { properties.append(("container", container)) }
        if let duration = file.durationSeconds { properties.append(("durationSeconds", Rounding.text(duration))) }
        for stream in file.streams { properties.append(("stream.\(stream.index)", DefectText.stream(stream))) }
        for (name, value) in properties {
            out += "      <property name=\"\(XMLText.token(name))\" value=\"\(XMLText.escape(value))\"/>\n"
        }
        out += "    </properties>\n"
        out += cases.joined()
        out +=
            "    <system-out/>\n    <system-err>\(XMLText.escape(file.error?.message ?? "", inAttribute: false))</system-err>\n"
        out += "  </testsuite>\n"
        return out
    }

    /// A suite that fails the build when the run did not finish: an
    /// interrupted run must never read as a pass.
    private func incompleteRun(_ report: RunReport, id: Int) -> String {
        let message =
            "the avqc run was interrupted: \(report.summary.interrupted) of \(report.summary.files) files not analyzed"
        var out = "  <testsuite name=\"avqc-run\" package=\"avqc\" id=\"\(id)\" "
        out += "timestamp=\"\(Self.timestamp(Date()))\" hostname=\"\(XMLText.token(hostname, fallback: "localhost"))\" "
        out += "tests=\"1\" failures=\"0\" errors=\"1\" time=\"0.000\">\n"
        out += "    <properties>\n      <property name=\"complete\" value=\"false\"/>\n    </properties>\n"
        out += "    <testcase name=\"run complete\" classname=\"avqc.run\" time=\"0\">\n"
        out += "      <error message=\"\(XMLText.escape(message))\" type=\"interrupted\">"
        out += XMLText.escape(message, inAttribute: false) + "</error>\n    </testcase>\n"
        out += "    <system-out/>\n    <system-err/>\n  </testsuite>\n"
        return out
    }

    /// `yyyy-MM-ddTHH:mm:ss` in UTC, the schema's time-zone-less form.
    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        return formatter.string(from: date)
    }
}
