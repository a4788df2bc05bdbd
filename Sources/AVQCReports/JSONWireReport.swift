import AVQCModel

/// The JSON report as written: the model with every time and figure rounded
/// to the millionth (the only place JSON rounding happens) and each defect's
/// derived `duration` and `startTimecode` spelled out.
struct JSONWireReport: Encodable {
    var schemaVersion: Int
    var tool: ToolInfo
    var complete: Bool
    var files: [File]
    var summary: RunSummary

    struct File: Encodable {
        var path: String
        var status: FileStatus
        var error: FileError?
        var durationSeconds: Double?
        var container: String?
        var streams: [StreamInfo]
        var checks: [Check]
        var defects: [Defect]
        var measurements: [Measurement]
    }

    struct Defect: Encodable {
        var detector: String
        var streamIndex: Int
        var start: Double
        var end: Double
        var duration: Double
        var startFrame: Int?
        var endFrame: Int?
        var startTimecode: String
        var severity: Severity
        var details: [String: DetailValue]
    }

    init(_ report: RunReport) {
        schemaVersion = report.schemaVersion
        tool = report.tool
        complete = report.complete
        summary = report.summary
        files = report.files.map { file in
            File(
                path: file.path, status: file.status, error: file.error,
                durationSeconds: file.durationSeconds.map(Rounding.micro), container: file.container,
                streams: file.streams.map { stream in
                    var rounded = stream
                    rounded.frameRate = stream.frameRate.map(Rounding.micro)
                    return rounded
                },
                checks: file.checks,
                defects: file.defects.map { defect in
                    Defect(
                        detector: defect.detector, streamIndex: defect.streamIndex,
                        start: Rounding.micro(defect.start), end: Rounding.micro(defect.end),
                        duration: Rounding.micro(defect.duration), startFrame: defect.startFrame,
                        endFrame: defect.endFrame, startTimecode: defect.startTimecode, severity: defect.severity,
                        details: defect.details.mapValues(\.rounded))
                },
                measurements: file.measurements.map { measurement in
                    Measurement(
                        detector: measurement.detector, streamIndex: measurement.streamIndex,
                        values: measurement.values.mapValues(\.rounded))
                })
        }
    }
}
