/// A per-frame or per-block statistic over a whole stream, kept to a fixed
/// number of points whatever the file's length (the largest value per
/// step, the step doubling as the file grows), for the HTML report's graphs.
public struct Series: Sendable, Equatable, Codable {
    /// e.g. `luma.mean`, `loudness.momentary`.
    public var name: String
    public var streamIndex: Int
    /// What the values are in, e.g. `code 0–255`, `LUFS`.
    public var unit: String
    /// Time of the first point and the seconds between points.
    public var start: Double
    public var step: Double
    public var values: [Double]
    /// Lines to draw across the graph (a detector's threshold), in `unit`.
    public var thresholds: [Double]

    public init(
        name: String, streamIndex: Int, unit: String, start: Double, step: Double, values: [Double],
        thresholds: [Double] = []
    ) {
        self.name = name
        self.streamIndex = streamIndex
        self.unit = unit
        self.start = start
        self.step = step
        self.values = values
        self.thresholds = thresholds
    }
}
