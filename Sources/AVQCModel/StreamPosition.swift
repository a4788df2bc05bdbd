/// A point on a stream's timeline: seconds from the start of the file and,
/// for video, the index of the frame that starts there.
public struct StreamPosition: Sendable, Equatable {
    /// Seconds from the start of the file.
    public var time: Double
    /// Frame index within the stream (video only).
    public var frame: Int?

    public init(time: Double, frame: Int? = nil) {
        self.time = time
        self.frame = frame
    }
}
