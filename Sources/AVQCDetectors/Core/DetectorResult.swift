import AVQCModel

/// What a detector reports for its stream (or file): spans and per-stream
/// figures, without identity; the detector bank adds the detector's id and
/// the stream.
public struct DetectorResult: Sendable {
    public var findings: [Finding]
    public var measurements: [Measured]

    /// Per-stream figures that are not spans (e.g. loudness), for the stream
    /// the detector ran on unless `stream` names another.
    public struct Measured: Sendable, Equatable {
        public var values: [String: DetailValue]
        public var stream: Int?
        public init(stream: Int? = nil, values: [String: DetailValue]) {
            self.values = values
            self.stream = stream
        }
    }

    public init(findings: [Finding] = [], measurements: [Measured] = []) {
        self.findings = findings
        self.measurements = measurements
    }

    /// The findings as report defects and the figures as measurements of
    /// `detector` on `streamIndex` (or the stream each names).
    public func stamped(detector: String, streamIndex: Int) -> (defects: [Defect], measurements: [Measurement]) {
        (
            findings.map { $0.defect(detector: detector, streamIndex: streamIndex) },
            measurements.map {
                Measurement(detector: detector, streamIndex: $0.stream ?? streamIndex, values: $0.values)
            }
        )
    }
}
