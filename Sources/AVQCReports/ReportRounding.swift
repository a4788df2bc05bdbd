import AVQCModel

/// The rounding every report shows, applied once to the model: times and
/// figures to the millionth (`Rounding.micro`), number lists to the
/// thousandth. Every format is written from the rounded report, so a
/// report rebuilt from JSON (`avqc merge`) renders byte for byte as the
/// original run's in every format.
public enum ReportRounding {
    public static func apply(_ report: RunReport) -> RunReport {
        var rounded = report
        rounded.files = report.files.map(apply)
        if var run = report.run {
            run.wallSeconds = Rounding.micro(run.wallSeconds)
            rounded.run = run
        }
        return rounded
    }

    public static func apply(_ file: FileReport) -> FileReport {
        var out = file
        out.durationSeconds = file.durationSeconds.map(Rounding.micro)
        out.streams = file.streams.map { stream in
            var rounded = stream
            rounded.frameRate = stream.frameRate.map(Rounding.micro)
            return rounded
        }
        out.defects = file.defects.map { defect in
            var rounded = defect
            rounded.start = Rounding.micro(defect.start)
            rounded.end = Rounding.micro(defect.end)
            rounded.details = defect.details.mapValues(\.rounded)
            return rounded
        }
        out.measurements = file.measurements.map { measurement in
            var rounded = measurement
            rounded.values = measurement.values.mapValues(\.rounded)
            return rounded
        }
        return out
    }
}
