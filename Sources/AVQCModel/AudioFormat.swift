/// The shape of decoded audio: what `format-change` watches.
public struct AudioFormat: Sendable, Equatable, CustomStringConvertible {
    /// Samples per second.
    public var sampleRate: Int
    public var channels: Int
    /// FFmpeg's channel-layout description, e.g. `stereo`, `5.1(side)`.
    public var channelLayout: String

    public init(sampleRate: Int, channels: Int, channelLayout: String) {
        self.sampleRate = sampleRate
        self.channels = channels
        self.channelLayout = channelLayout
    }

    /// e.g. `48000 Hz stereo`
    public var description: String { "\(sampleRate) Hz \(channelLayout)" }
}
