/// A confirmed break in an audio stream's sample timeline: the container's
/// timestamps moved away from the running sample count and stayed there.
public struct TimelineJump: Sendable, Equatable {
    /// Where the samples should have continued, in seconds from the start of the file.
    public var at: Double
    /// How far the timestamps moved, in seconds: positive for a hole, negative for an overlap.
    public var amount: Double

    public init(at: Double, amount: Double) {
        self.at = at
        self.amount = amount
    }
}
