/// One detector that ran on one stream. JUnit reports turn each into a test case.
public struct Check: Sendable, Equatable, Codable {
    public var detector: String
    public var streamIndex: Int
    /// Seconds spent in this detector (its frame or block processing and its
    /// finish), wall clock on the analysis thread. JUnit's test-case `time`;
    /// left out of the JSON report, which stays identical from run to run.
    public var seconds: Double?

    public init(detector: String, streamIndex: Int, seconds: Double? = nil) {
        self.detector = detector
        self.streamIndex = streamIndex
        self.seconds = seconds
    }
}
