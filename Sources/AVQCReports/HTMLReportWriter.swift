import AVQCModel
import Foundation

/// One self-contained HTML file for a run: a verdict banner, and per file
/// its identity, settings, a timeline with a lane per stream (spans coloured
/// by severity, each linking to its card), graphs of the collected series
/// with threshold lines, and a card per defect with thumbnails from inside
/// the span. No script and nothing fetched: CSS and SVG are inline, images
/// are `data:` URIs, and the whole JSON report is embedded (with `<`,
/// U+2028 and U+2029 escaped) so the page is machine-readable too.
public struct HTMLReportWriter: ReportWriter {
    /// Cards per file; past it the page says how many more there are (the
    /// timeline still draws every span).
    public static let cardLimit = 20

    public init() {}

    public func render(_ report: RunReport) -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>avqc report</title>
            <style>\(Self.style)</style>
            </head>
            <body>

            """
        out += banner(report)
        for (index, file) in report.files.enumerated() { out += section(file, index: index, run: report.run) }
        out += "<footer>avqc \(XMLText.escape(report.tool.version))"
        if let run = report.run { out += " · \(XMLText.escape(run.ffmpeg)) · started \(XMLText.escape(run.startedAt))" }
        out += "</footer>\n"
        out += "<script type=\"application/json\" id=\"avqc-report\">\n"
        out += Self.embeddable(JSONReportWriter().render(report))
        out += "</script>\n</body>\n</html>\n"
        return out
    }

    /// JSON made safe inside `<script>`: `<` as `\u003c` (no `</script>` or
    /// `<!--` can appear), and U+2028/U+2029 escaped, as Lighthouse does.
    /// The text still parses to the same JSON.
    public static func embeddable(_ json: String) -> String {
        var out = ""
        out.reserveCapacity(json.utf8.count)
        for scalar in json.unicodeScalars {
            switch scalar {
            case "<": out += "\\u003c"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private func banner(_ report: RunReport) -> String {
        let s = report.summary
        let verdict: String
        if !report.complete || s.errors > 0 || s.interrupted > 0 {
            verdict = "error"
        } else if s.failed > 0 {
            verdict = "fail"
        } else if s.warned > 0 {
            verdict = "warn"
        } else {
            verdict = "pass"
        }
        var text = "\(s.files) file\(s.files == 1 ? "" : "s"): \(s.passed) passed, "
        if s.warned > 0 { text += "\(s.warned) with warnings, " }
        text += "\(s.failed) failed, \(s.errors) not analyzed; \(s.defects) defect\(s.defects == 1 ? "" : "s")"
        var out = "<header class=\"verdict \(verdict)\"><h1>\(verdict.uppercased())</h1><p>\(XMLText.escape(text))</p>"
        if let profile = report.run?.profile {
            out += "<p>profile <b>\(XMLText.escape(profile.name))</b> (\(XMLText.escape(profile.origin)))"
            out += ", failing on \(XMLText.escape(report.run?.failOn.rawValue ?? "error"))</p>"
        }
        if !report.complete { out += "<p>The run was interrupted: files marked interrupted were not analyzed.</p>" }
        return out + "</header>\n"
    }

    private func section(_ file: FileReport, index: Int, run: RunContext?) -> String {
        var out = "<section class=\"file\" id=\"file-\(index)\">\n"
        out += "<h2><span class=\"status \(file.status.rawValue)\">\(file.status.rawValue.uppercased())</span> "
        out += "\(XMLText.escape(file.path))</h2>\n"
        out += identity(file)
        if let error = file.error {
            out += "<p class=\"error\">\(XMLText.escape(error.kind.rawValue)): \(XMLText.escape(error.message))</p>\n"
        }
        if let run { out += settings(run) }
        if !file.streams.isEmpty, let duration = timelineLength(file) {
            out += "<h3>Timeline</h3>\n" + timeline(file, index: index, duration: duration)
            if !file.series.isEmpty {
                out += "<h3>Graphs</h3>\n<div class=\"graphs\">\n"
                // Series of one quantity and stream share a graph (luma mean, min and max).
                var groups: [(key: String, series: [Series])] = []
                for series in file.series {
                    let key = "\(series.name.split(separator: ".").first ?? "")#\(series.streamIndex)"
                    if let at = groups.firstIndex(where: { $0.key == key && $0.series.first?.unit == series.unit }) {
                        groups[at].series.append(series)
                    } else {
                        groups.append((key, [series]))
                    }
                }
                out += groups.map { graph($0.series, duration: duration) }.joined()
                out += "</div>\n"
            }
        }
        if !file.defects.isEmpty {
            out += "<h3>Defects</h3>\n"
            for (number, defect) in file.defects.prefix(Self.cardLimit).enumerated() {
                out += card(defect, number: number, file: file, fileIndex: index)
            }
            if file.defects.count > Self.cardLimit {
                out += "<p class=\"more\">and \(file.defects.count - Self.cardLimit) more "
                out += "(every span is on the timeline and in the embedded JSON)</p>\n"
            }
        }
        if !file.measurements.isEmpty {
            out += "<h3>Measurements</h3>\n<table class=\"measurements\">\n"
            for measurement in file.measurements {
                out += "<tr><th>\(XMLText.escape(measurement.detector)) #\(measurement.streamIndex)</th><td>"
                // Series are drawn above; the table keeps the figures.
                let figures = measurement.values.filter { !$0.key.contains("Series") }
                out += XMLText.escape(DefectText.evidence(figures)) + "</td></tr>\n"
            }
            out += "</table>\n"
        }
        return out + "</section>\n"
    }

    private func identity(_ file: FileReport) -> String {
        var rows: [(String, String)] = [("path", file.path)]
        if let size = file.sizeBytes { rows.append(("size", "\(size) bytes")) }
        if let sha256 = file.sha256 { rows.append(("SHA-256", sha256)) }
        if let container = file.container { rows.append(("container", container)) }
        if let duration = file.durationSeconds {
            rows.append(("duration", "\(Timecode.string(fromSeconds: duration)) (\(Rounding.text(duration)) s)"))
        }
        if let timecode = file.timecode {
            rows.append(
                ("start timecode", "\(timecode.start) (\(timecode.dropFrame ? "drop frame, " : "")\(timecode.source))"))
        }
        for stream in file.streams { rows.append(("stream #\(stream.index)", DefectText.stream(stream))) }
        return "<table class=\"identity\">\n"
            + rows.map { "<tr><th>\(XMLText.escape($0.0))</th><td>\(XMLText.escape($0.1))</td></tr>\n" }.joined()
            + "</table>\n"
    }

    private func settings(_ run: RunContext) -> String {
        var out = "<details class=\"settings\"><summary>Settings</summary>\n<table>\n"
        for (id, rule) in run.rules.sorted(by: { $0.key < $1.key }) {
            var parts = ["severity \(rule.severity.rawValue)"]
            if rule.allowHead > 0 { parts.append("allow-head \(Rounding.text(rule.allowHead)) s") }
            if rule.allowTail > 0 { parts.append("allow-tail \(Rounding.text(rule.allowTail)) s") }
            if let window = rule.window { parts.append("window \(window.description)") }
            if let required = rule.required { parts.append("required \(required.description)") }
            out +=
                "<tr><th>rule \(XMLText.escape(id))</th><td>\(XMLText.escape(parts.joined(separator: ", ")))</td></tr>\n"
        }
        for (id, values) in run.settings.sorted(by: { $0.key < $1.key }) {
            let text = values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            out += "<tr><th>\(XMLText.escape(id))</th><td>\(XMLText.escape(text))</td></tr>\n"
        }
        return out + "</table></details>\n"
    }

    /// The length the timeline spans, in seconds.
    private func timelineLength(_ file: FileReport) -> Double? {
        let end = max(file.durationSeconds ?? 0, file.defects.map(\.end).max() ?? 0)
        return end.isFinite && end > 0 ? end : nil
    }

    private static let width = 1000.0

    private func timeline(_ file: FileReport, index: Int, duration: Double) -> String {
        let lane = 26.0
        let height = lane * Double(file.streams.count) + 22
        var out = "<svg class=\"timeline\" viewBox=\"0 0 \(Int(Self.width) + 120) \(Int(height))\" role=\"img\" "
        out += "aria-label=\"defects by stream over time\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        for (row, stream) in file.streams.enumerated() {
            let y = Double(row) * lane
            out +=
                "<text x=\"0\" y=\"\(Self.number(y + 17))\" class=\"label\">#\(stream.index) \(stream.type.rawValue)</text>\n"
            out +=
                "<rect x=\"120\" y=\"\(Self.number(y + 4))\" width=\"\(Int(Self.width))\" height=\"\(Self.number(lane - 8))\" class=\"lane\"/>\n"
            for (number, defect) in file.defects.enumerated() where defect.streamIndex == stream.index {
                let x = 120 + max(0, defect.start) / duration * Self.width
                let w = max(2, (min(defect.end, duration) - max(0, defect.start)) / duration * Self.width)
                let title =
                    "\(defect.detector) \(defect.severity.rawValue): "
                    + DefectText.span(defect, timecode: file.timecode)
                let shape =
                    "<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y + 4))\" width=\"\(Self.number(w))\" "
                    + "height=\"\(Self.number(lane - 8))\" class=\"span \(defect.severity.rawValue)\">"
                    + "<title>\(XMLText.escape(title))</title></rect>"
                out += number < Self.cardLimit ? "<a href=\"#defect-\(index)-\(number)\">\(shape)</a>\n" : shape + "\n"
            }
        }
        let axisY = Double(file.streams.count) * lane + 16
        for tick in 0...4 {
            let seconds = duration * Double(tick) / 4
            let x = 120 + Self.width * Double(tick) / 4
            let anchor = tick == 0 ? "start" : (tick == 4 ? "end" : "middle")
            out += "<text x=\"\(Self.number(x))\" y=\"\(Self.number(axisY))\" text-anchor=\"\(anchor)\" class=\"axis\">"
            out += "\(Timecode.string(fromSeconds: seconds))</text>\n"
        }
        return out + "</svg>\n"
    }

    /// One graph of series that share a unit, each as a trace, with their threshold lines.
    private func graph(_ group: [Series], duration: Double) -> String {
        guard let first = group.first, group.contains(where: { !$0.values.isEmpty }) else { return "" }
        let height = 80.0
        let (low, high): (Double, Double) = {
            switch first.unit {
            case "LUFS": return (-60, 0)
            case "8-bit code": return (0, 255)
            default:
                let all = group.flatMap(\.values)
                let low = all.min() ?? 0
                let high = all.max() ?? 1
                return (low, high > low ? high : low + 1)
            }
        }()
        func y(_ value: Double) -> Double { height - (min(max(value, low), high) - low) / (high - low) * height }
        let names = group.map(\.name).joined(separator: ", ")
        var out = "<figure class=\"graph\"><figcaption>\(XMLText.escape(names)) #\(first.streamIndex) "
        out += "(\(XMLText.escape(first.unit)), \(first.values.count) points)</figcaption>\n"
        out +=
            "<svg viewBox=\"0 0 \(Int(Self.width)) \(Int(height))\" role=\"img\" aria-label=\"\(XMLText.escape(names))\" "
        out += "xmlns=\"http://www.w3.org/2000/svg\" preserveAspectRatio=\"none\">\n"
        for threshold in group.flatMap(\.thresholds) {
            out +=
                "<line x1=\"0\" x2=\"\(Int(Self.width))\" y1=\"\(Self.number(y(threshold)))\" y2=\"\(Self.number(y(threshold)))\" class=\"threshold\"/>\n"
        }
        for (number, series) in group.enumerated() where !series.values.isEmpty {
            var points: [String] = []
            for (index, value) in series.values.enumerated() {
                let time = series.start + Double(index) * series.step
                points.append("\(Self.number(min(time, duration) / duration * Self.width)),\(Self.number(y(value)))")
            }
            out += "<polyline points=\"\(points.joined(separator: " "))\" class=\"trace trace\(number)\"/>\n"
        }
        return out + "</svg></figure>\n"
    }

    private func card(_ defect: Defect, number: Int, file: FileReport, fileIndex: Int) -> String {
        var out = "<article class=\"card \(defect.severity.rawValue)\" id=\"defect-\(fileIndex)-\(number)\">\n"
        out += "<h4><span class=\"severity\">\(defect.severity.rawValue.uppercased())</span> "
        out += "\(XMLText.escape(defect.detector)) · stream #\(defect.streamIndex)</h4>\n<dl>\n"
        var facts: [(String, String)] = [
            ("in → out", DefectText.span(defect, timecode: file.timecode)),
            ("elapsed", "\(Rounding.text(defect.start)) s → \(Rounding.text(defect.end)) s"),
            ("duration", DefectText.duration(defect.duration)),
        ]
        if let frames = DefectText.frames(defect) { facts.append(("frames", frames)) }
        let evidence = DefectText.evidence(defect.details)
        if !evidence.isEmpty { facts.append(("evidence", evidence)) }
        if let rule = defect.rule { facts.append(("rule", rule)) }
        for (name, value) in facts { out += "<dt>\(XMLText.escape(name))</dt><dd>\(XMLText.escape(value))</dd>\n" }
        out += "</dl>\n"
        let pictures = file.thumbnails.filter { $0.defect == number }
        if !pictures.isEmpty {
            out += "<div class=\"thumbnails\">\n"
            for picture in pictures {
                out += "<figure><img src=\"data:image/jpeg;base64,\(picture.jpeg.base64EncodedString())\" "
                out +=
                    "width=\"\(picture.width)\" height=\"\(picture.height)\" alt=\"\(XMLText.escape(picture.role)) of the span, frame \(picture.frame)\" "
                out += "data-role=\"\(XMLText.escape(picture.role))\" data-time=\"\(Rounding.text(picture.time))\">"
                out += "<figcaption>\(XMLText.escape(picture.role)) · frame \(picture.frame) · "
                out += "\(Timecode.string(fromSeconds: picture.time))</figcaption></figure>\n"
            }
            out += "</div>\n"
        }
        return out + "</article>\n"
    }

    private static func number(_ value: Double) -> String {
        String(format: "%.1f", value.isFinite ? value : 0)
    }

    static let style = """
        body{font:14px/1.4 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:0 16px;color:#222}
        .verdict{padding:12px 16px;margin:16px 0;border-radius:6px;color:#fff}
        .verdict h1{margin:0;font-size:24px}.verdict p{margin:4px 0}
        .verdict.pass,.status.pass{background:#2e7d32}.verdict.warn,.status.warn{background:#b26a00}
        .verdict.fail,.verdict.error,.status.fail,.status.error,.status.interrupted{background:#c62828}
        p.error{color:#c62828}
        .status{padding:1px 6px;border-radius:4px;color:#fff;font-size:13px}
        section.file{border-top:2px solid #ddd;margin-top:24px}
        table{border-collapse:collapse}th,td{text-align:left;padding:2px 8px;vertical-align:top}th{color:#555;font-weight:600}
        svg.timeline{width:100%;height:auto}.lane{fill:#eee}.label,.axis{font-size:12px;fill:#555}
        .span.error{fill:#c62828}.span.warning{fill:#ef8f00}.span.info{fill:#1976d2}
        .graphs{display:grid;grid-template-columns:1fr 1fr;gap:8px}.graph{margin:0}.graph svg{width:100%;height:80px;background:#fafafa}
        .trace{fill:none;stroke:#333;stroke-width:1;vector-effect:non-scaling-stroke}.trace1,.trace2{stroke:#999}
        .threshold{stroke:#c62828;stroke-dasharray:4 3;vector-effect:non-scaling-stroke}
        .card{border-left:6px solid #999;background:#fafafa;margin:12px 0;padding:8px 12px;page-break-inside:avoid}
        .card.error{border-color:#c62828}.card.warning{border-color:#ef8f00}.card.info{border-color:#1976d2}
        .card h4{margin:0 0 6px}.card dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0}
        .card dt{color:#555}.card dd{margin:0;word-break:break-word}
        .thumbnails{display:flex;gap:8px;margin-top:8px}.thumbnails figure{margin:0;font-size:12px;color:#555}
        .thumbnails img{display:block;border:1px solid #ccc}
        footer{margin:24px 0;color:#777;font-size:12px}
        @media print{.verdict{color:#000;border:2px solid #000;background:none}details{display:none}}
        """
}
