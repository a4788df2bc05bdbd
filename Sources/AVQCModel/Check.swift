/// One detector that ran on one stream. JUnit reports turn each into a test case.
public struct Check: Sendable, Equatable, Codable {
    public var detector: String
    public var streamIndex: Int

    public init(detector: String, streamIndex: Int) {
        self.detector = detector
        self.streamIndex = streamIndex
    }
}
