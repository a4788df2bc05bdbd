/// A run of decoded audio as detectors see it: float planar samples, nominally
/// in −1.0…1.0 (0 dBFS = 1.0), at the stream's own sample rate. Valid only
/// during the call it is handed to; the memory belongs to the decoder.
public struct AudioBlock {
    /// One pointer per channel, each to `frameCount` samples.
    public let channelData: UnsafeBufferPointer<UnsafePointer<Float>>
    /// Samples per channel in this block.
    public let frameCount: Int
    /// Samples per second.
    public let sampleRate: Int
    /// Presentation time of the first sample, in seconds from the start of the
    /// file, on the stream's sample timeline (see `SampleClock`).
    public let time: Double
    /// Rate and channel layout of the decoded audio.
    public let format: AudioFormat
    /// Damage reported for this block or since the previous one.
    public let damage: FrameDamage
    /// A break in the sample timeline that this block confirmed (see `SampleClock`), if any.
    public let timelineJump: TimelineJump?
    /// Each sample instant's largest absolute value over all channels, when
    /// the pipeline computed it once for every detector of the block (a
    /// per-block product several detectors share); nil otherwise.
    public var envelope: UnsafeBufferPointer<Float>?

    public init(
        channelData: UnsafeBufferPointer<UnsafePointer<Float>>, frameCount: Int, sampleRate: Int, time: Double,
        format: AudioFormat? = nil, damage: FrameDamage = .none, timelineJump: TimelineJump? = nil
    ) {
        self.channelData = channelData
        self.frameCount = frameCount
        self.sampleRate = sampleRate
        self.time = time
        self.format =
            format
            ?? AudioFormat(
                sampleRate: sampleRate, channels: channelData.count, channelLayout: "\(channelData.count) channels")
        self.damage = damage
        self.timelineJump = timelineJump
    }

    /// Number of channels.
    public var channelCount: Int { channelData.count }

    /// The samples of channel `index`.
    @inline(__always)
    public func channel(_ index: Int) -> UnsafeBufferPointer<Float> {
        UnsafeBufferPointer(start: channelData[index], count: frameCount)
    }

    /// Presentation time of sample `offset` within this block, in seconds.
    @inline(__always)
    public func time(ofSample offset: Int) -> Double {
        time + Double(offset) / Double(sampleRate)
    }
}
