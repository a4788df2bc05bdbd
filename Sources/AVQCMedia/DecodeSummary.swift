import AVQCModel

/// What one pass over a file saw, per decoded stream.
public struct DecodeSummary: Sendable {
    public struct StreamTotals: Sendable {
        /// Frames (video) or audio frames (blocks) delivered to the sink.
        public var frames = 0
        /// Presentation time of the first frame or sample delivered, in seconds.
        public var start: Double?
        /// Seconds of codec priming at the start of the decoded audio that the
        /// container did not signal for skipping (AAC LC: 1024 samples), so the
        /// programme starts this much after `start`.
        public var unsignalledPriming = 0.0
        /// Where the stream ends: the end time of its last frame or sample and,
        /// for video, the frame count.
        public var end = StreamPosition(time: 0, frame: 0)
        /// Packets or frames the decoder rejected as damaged.
        public var decodeErrors = 0
        /// The first decoder error, for messages.
        public var firstError: String?
        /// A decoder call failed for want of memory (ENOMEM): what was
        /// decoded is incomplete for a reason that is not in the file.
        public var outOfMemory = false
        /// Where the container says the stream ends, in seconds from the start
        /// of the file, when it says so reliably.
        public var declaredEnd: Double?
        /// True when `declaredEnd` is the container's duration, not the stream's own.
        public var declaredByContainer = false
        /// True when the last packet read for the stream was flagged corrupt
        /// (for example cut short by the end of the file).
        public var lastPacketCorrupt = false
        /// Damage reported after the last frame.
        public var trailingDamage = FrameDamage.none
    }

    /// Totals by stream index.
    public var streams: [Int: StreamTotals] = [:]
    /// Set when reading stopped on an I/O or demuxer error before the end of the file.
    public var readError: MediaError?
    /// True when the file ends inside a container packet (an MPEG-TS file cut
    /// at a size that is not a whole number of transport packets).
    public var endsInsidePacket = false
}
