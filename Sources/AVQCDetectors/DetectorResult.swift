import AVQCModel

/// What a detector reports for its stream.
public struct DetectorResult: Sendable {
    public var defects: [Defect]
    public var measurements: [Measurement]

    public init(defects: [Defect] = [], measurements: [Measurement] = []) {
        self.defects = defects
        self.measurements = measurements
    }
}
