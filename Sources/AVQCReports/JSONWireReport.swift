import AVQCModel

/// The JSON report as written: the model rounded as every report shows it
/// (`ReportRounding`), each defect's
/// derived `duration`, `startTimecode` and (with a file timecode)
/// `startSMPTE`/`endSMPTE` spelled out, and keys in reading order: the run
/// first, then each file's `path` and `status`.
enum JSONWireReport {
    static func object(_ unrounded: RunReport) -> OrderedJSONObject {
        let report = ReportRounding.apply(unrounded)
        var top = OrderedJSONObject()
        top.add("schemaVersion", report.schemaVersion)
        top.add("tool", report.tool)
        top.add("complete", report.complete)
        if let run = report.run { top.add("run", run) }
        top.add("summary", report.summary)
        top.add("files", objects: report.files.map(file))
        return top
    }

    static func file(_ file: FileReport) -> OrderedJSONObject {
        var out = OrderedJSONObject()
        out.add("path", file.path)
        out.add("status", file.status)
        out.add("error", file.error)
        out.add("durationSeconds", file.durationSeconds)
        out.add("container", file.container)
        out.add("timecode", file.timecode)
        out.add("streams", file.streams)
        // Check times vary from run to run: JUnit carries them, JSON does not.
        out.add("checks", file.checks.map { Check(detector: $0.detector, streamIndex: $0.streamIndex) })
        out.add("defects", objects: file.defects.map { defect(file: file, $0) })
        out.add("measurements", file.measurements)
        return out
    }

    static func defect(file: FileReport, _ defect: Defect) -> OrderedJSONObject {
        var out = OrderedJSONObject()
        out.add("detector", defect.detector)
        out.add("streamIndex", defect.streamIndex)
        out.add("severity", defect.severity)
        out.add("start", defect.start)
        out.add("end", defect.end)
        out.add("duration", Rounding.micro(defect.duration))
        out.add("startFrame", defect.startFrame)
        out.add("endFrame", defect.endFrame)
        out.add("startTimecode", defect.startTimecode)
        if let timecode = file.timecode {
            out.add("startSMPTE", timecode.string(atSeconds: defect.start))
            out.add("endSMPTE", timecode.string(atSeconds: defect.end))
        }
        out.add("rule", defect.rule)
        out.add("details", defect.details)
        return out
    }
}
