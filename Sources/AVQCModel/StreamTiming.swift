/// When one decoded stream starts and ends, for detectors that compare streams.
public struct StreamTiming: Sendable, Equatable {
    public var index: Int
    public var type: MediaKind
    /// Presentation time of the first frame or sample, in seconds from the start of the file.
    public var start: Double
    /// End of the last frame or sample, in seconds.
    public var end: Double

    public init(index: Int, type: MediaKind, start: Double, end: Double) {
        self.index = index
        self.type = type
        self.start = start
        self.end = end
    }
}
