/// How a stream ended, as detectors are told when they finish.
public struct StreamEnd: Sendable {
    /// The end of the last frame or sample (time) and, for video, the frame count.
    public var position: StreamPosition
    /// Where the container's metadata says the stream ends, in seconds from
    /// the start of the file, when it says so reliably (not estimated from the bitrate).
    public var declaredEnd: Double?
    /// True when `declaredEnd` is the whole container's duration rather than
    /// the stream's own: streams may then end apart (audio outlasting video).
    public var declaredByContainer: Bool
    /// Set when reading stopped early: an I/O or demuxer error, or a last
    /// packet cut short.
    public var readProblem: String?
    /// Damage reported after the last frame (e.g. while draining the decoder).
    public var trailingDamage: FrameDamage

    public init(
        position: StreamPosition, declaredEnd: Double? = nil, declaredByContainer: Bool = false,
        readProblem: String? = nil, trailingDamage: FrameDamage = .none
    ) {
        self.position = position
        self.declaredEnd = declaredEnd
        self.declaredByContainer = declaredByContainer
        self.readProblem = readProblem
        self.trailingDamage = trailingDamage
    }
}
