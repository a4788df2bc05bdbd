/// Per-stream figures that are not spans (e.g. loudness).
public struct Measurement: Sendable, Equatable, Codable {
    public var detector: String
    public var streamIndex: Int
    public var values: [String: DetailValue]

    public init(detector: String, streamIndex: Int, values: [String: DetailValue]) {
        self.detector = detector
        self.streamIndex = streamIndex
        self.values = values
    }
}
