import AVQCDetectors

extension DetectorResult {
    /// The findings, as the tests read them (the detector bank adds the
    /// detector's id and the stream when it makes report defects).
    var defects: [Finding] { findings }
}
