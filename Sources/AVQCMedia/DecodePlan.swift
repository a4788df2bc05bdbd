/// How much of a file one decode pass reads, for the screening pass
/// (`--screen`). The default plan decodes every packet of the selected
/// streams from the start to the end, as a full analysis does.
public struct DecodePlan {
    /// Video streams whose keyframes alone are decoded (others' packets are
    /// read, shown to `onPacket`, and not decoded).
    public var keyframesOnly: Set<Int> = []
    /// Where to begin, in seconds from the start of the file: the pass seeks
    /// to the keyframe at or before it on `seekStream`. Nil: from the start.
    public var from: Double?
    /// Where to stop, in seconds: once a packet of `seekStream` whose
    /// decoding time is past this has been read, the decoders are drained
    /// and the pass ends. Nil: to the end of the file.
    public var through: Double?
    /// Pictures before this time (seconds) are only a lead-in to `from`: the
    /// decoder skips those no other picture refers to (B-frames), so fewer
    /// are decoded and not all of them come out. Nil: decode every picture.
    public var leadInUntil: Double?
    /// The stream `from` and `through` refer to.
    public var seekStream: Int?
    /// Each stream's frame numbers by presentation timestamp (in the
    /// stream's time base), so that a pass that starts mid-file numbers its
    /// frames as a pass from the start would. A frame whose timestamp is not
    /// listed is numbered by count.
    public var frameNumbers: [Int: [Int64: Int]] = [:]
    /// Called for every packet read of a selected stream, before decoding.
    public var onPacket: ((PacketRecord) -> Void)?

    public init() {}
}

/// One demuxed packet as the screening pass sees it: no payload, only where
/// it sits and how big it is.
public struct PacketRecord: Sendable, Equatable {
    public var stream: Int
    /// Presentation timestamp in the stream's time base, if any.
    public var pts: Int64?
    /// Presentation time in seconds from the start of the file (decoding
    /// time when the packet has no presentation timestamp).
    public var time: Double
    /// Duration in seconds (0 when the container does not say).
    public var duration: Double
    /// Payload bytes.
    public var size: Int
    /// True for a packet that starts a picture decodable on its own.
    public var key: Bool

    public init(
        stream: Int, pts: Int64?, time: Double, duration: Double, size: Int, key: Bool
    ) {
        self.stream = stream
        self.pts = pts
        self.time = time
        self.duration = duration
        self.size = size
        self.key = key
    }
}
