import AVQCModel
import Foundation

/// JUnit XML as CI servers read it (validates against the Ant JUnit schema
/// in Tests/Schemas/JUnit.xsd). One `<testsuite>` per file; one
/// `<testcase>` per detector and stream, with a `classname` made from the
/// file's path and a `name` from the detector and stream, so every case
/// id is unique in the run; its `time` is the seconds spent in that
/// detector, and the suite's the file's whole analysis.
///
/// - Defects at or above the fail-on severity: a `<failure>` whose
///   `message` gives the count and the first three spans with their times,
///   and whose text lists every span.
/// - Warnings below it: a `<skipped>` whose message lists them. The schema
///   allows a test case no output of its own, and Jenkins, GitLab, GitHub
///   reporters and junitparser all show a skip message beside the case, so
///   a warning is seen without failing the build.
/// - `info` spans: the case passes; the suite's `<system-out>` lists every
///   span of the file (a QC log).
/// - Measurements and file facts: the suite's `<properties>`.
/// - A file that could not be analyzed: an `analyze` case with an `<error>`.
public struct JUnitReportWriter: ReportWriter {
    public let hostname: String

    /// Spans quoted in a failure's `message`; the text holds them all.
    static let spansInMessage = 3

    public init(hostname: String) {
        self.hostname = hostname
    }

    public func render(_ report: RunReport) -> String {
        let failOn = report.run?.failOn ?? .error
        // A merged report has no per-file start: the run's start stands in.
        let runStart = report.run.flatMap { ISO8601DateFormatter().date(from: $0.startedAt) }
        var classnames = Set<String>()
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
        for (id, file) in report.files.enumerated() {
            var classname = Self.classname(for: file.path)
            var copy = 2
            while classnames.contains(classname) {
                classname = Self.classname(for: file.path) + "~\(copy)"
                copy += 1
            }
            classnames.insert(classname)
            out += suite(file, id: id, classname: classname, failOn: failOn, runStart: runStart)
        }
        if !report.complete { out += incompleteRun(report, id: report.files.count) }
        out += "</testsuites>\n"
        return out
    }

    /// `avqc.` and the path with dots made underscores: Jenkins splits a
    /// class name at its last dot into package and class, which would
    /// otherwise cut `clip.mp4` into package `clip` and class `mp4`.
    static func classname(for path: String) -> String {
        "avqc." + path.replacingOccurrences(of: ".", with: "_")
    }

    private func suite(_ file: FileReport, id: Int, classname: String, failOn: Severity, runStart: Date?) -> String {
        var cases: [String] = []
        var failures = 0
        var errors = 0
        var skipped = 0
        let attributeClass = XMLText.token(classname, fallback: "avqc.file")
        if let error = file.error {
            errors += 1
            cases.append(
                "    <testcase name=\"analyze\" classname=\"\(attributeClass)\" time=\"\(Self.seconds(file.timing?.elapsedSeconds))\">\n"
                    + "      <error message=\"\(XMLText.escape(error.message))\" type=\"\(XMLText.escape(error.kind.rawValue))\">"
                    + XMLText.escape(error.message, inAttribute: false) + "</error>\n    </testcase>\n")
        }
        var checks = file.checks
        for defect in file.defects
        where !checks.contains(where: { $0.detector == defect.detector && $0.streamIndex == defect.streamIndex }) {
            checks.append(Check(detector: defect.detector, streamIndex: defect.streamIndex))
        }
        for check in checks {
            let spans = file.defects.filter { $0.detector == check.detector && $0.streamIndex == check.streamIndex }
            let failing = spans.filter { $0.severity >= failOn }
            let warning = spans.filter { $0.severity < failOn && $0.severity >= .warning }
            var body = "    <testcase name=\"\(XMLText.token("\(check.detector) stream \(check.streamIndex)"))\" "
            body += "classname=\"\(attributeClass)\" time=\"\(Self.seconds(check.seconds))\""
            if !failing.isEmpty {
                failures += 1
                let message = summary(failing, check: check, timecode: file.timecode)
                let listing = failing.map { line($0, timecode: file.timecode) }.joined(separator: "\n")
                body +=
                    ">\n      <failure message=\"\(XMLText.escape(message))\" type=\"\(XMLText.escape(check.detector))\">"
                body += XMLText.escape(listing, inAttribute: false) + "</failure>\n    </testcase>\n"
            } else if !warning.isEmpty {
                skipped += 1
                let message = "warning: " + summary(warning, check: check, timecode: file.timecode)
                let listing = warning.map { line($0, timecode: file.timecode) }.joined(separator: "\n")
                body += ">\n      <skipped message=\"\(XMLText.escape(message))\">"
                body += XMLText.escape(listing, inAttribute: false) + "</skipped>\n    </testcase>\n"
            } else {
                body += "/>\n"
            }
            cases.append(body)
        }
        let started = file.timing?.startedAt ?? runStart ?? Date(timeIntervalSince1970: 0)
        var out = "  <testsuite name=\"\(XMLText.token(file.path, fallback: "input"))\" package=\"avqc\" id=\"\(id)\" "
        out +=
            "timestamp=\"\(Self.timestamp(started))\" hostname=\"\(XMLText.token(hostname, fallback: "localhost"))\" "
        out += "tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"\(skipped)\" "
        out += "time=\"\(Self.seconds(file.timing?.elapsedSeconds))\">\n"
        out += "    <properties>\n"
        for (name, value) in properties(file) {
            out += "      <property name=\"\(XMLText.token(name))\" value=\"\(XMLText.escape(value))\"/>\n"
        }
        out += "    </properties>\n"
        out += cases.joined()
        let log = file.defects.map { line($0, timecode: file.timecode) }.joined(separator: "\n")
        out +=
            log.isEmpty
            ? "    <system-out/>\n" : "    <system-out>\(XMLText.escape(log + "\n", inAttribute: false))</system-out>\n"
        out += "    <system-err>\(XMLText.escape(file.error?.message ?? "", inAttribute: false))</system-err>\n"
        out += "  </testsuite>\n"
        return out
    }

    /// e.g. `2 black spans on stream 0: 00:00:02.000 → 00:00:05.000 (3.000 s); … and 1 more`.
    private func summary(_ spans: [Defect], check: Check, timecode: StartTimecode?) -> String {
        var text =
            "\(spans.count) \(check.detector) span\(spans.count == 1 ? "" : "s") on stream \(check.streamIndex): "
        text += spans.prefix(Self.spansInMessage).map {
            "\(DefectText.span($0, timecode: timecode)) (\(DefectText.duration($0.duration)))"
        }.joined(separator: "; ")
        if spans.count > Self.spansInMessage { text += "; and \(spans.count - Self.spansInMessage) more" }
        return text
    }

    /// A QC-log line: severity, detector, stream, then `DefectText.line`.
    private func line(_ defect: Defect, timecode: StartTimecode?) -> String {
        "\(defect.severity.rawValue.uppercased()) \(defect.detector) #\(defect.streamIndex) "
            + DefectText.line(defect, timecode: timecode) + (defect.rule.map { "  rule: \($0)" } ?? "")
    }

    /// The file's facts and every measurement, as `<property>` pairs.
    private func properties(_ file: FileReport) -> [(String, String)] {
        var properties: [(String, String)] = [("status", file.status.rawValue)]
        if let container = file.container { properties.append(("container", container)) }
        if let duration = file.durationSeconds { properties.append(("durationSeconds", Rounding.text(duration))) }
        if let timecode = file.timecode { properties.append(("timecode", timecode.start)) }
        for stream in file.streams { properties.append(("stream.\(stream.index)", DefectText.stream(stream))) }
        for measurement in file.measurements {
            for name in measurement.values.keys.sorted() {
                properties.append(
                    (
                        "\(measurement.detector).\(measurement.streamIndex).\(name)",
                        DefectText.value(measurement.values[name])
                    ))
            }
        }
        return properties
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

    /// Seconds to the millisecond, `0.000` when unknown.
    static func seconds(_ value: Double?) -> String {
        String(format: "%.3f", max(0, value.flatMap { $0.isFinite ? $0 : nil } ?? 0))
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
