/// The shape of decoded audio: what `format-change` watches.
public struct AudioFormat: Sendable, Equatable, CustomStringConvertible {
    /// Samples per second.
    public var sampleRate: Int
    public var channels: Int
    /// FFmpeg's channel-layout description, e.g. `stereo`, `5.1(side)`.
    public var channelLayout: String
    /// FFmpeg's name for each channel in order (`FL`, `FR`, `FC`, `LFE`, `SL`,
    /// `SR`, …), or empty when the layout does not name them.
    public var channelNames: [String]
    /// Bits per sample of integer PCM as decoded (16, 24, 32…), or nil for
    /// float output (lossy codecs, float PCM).
    public var integerBits: Int?

    public init(
        sampleRate: Int, channels: Int, channelLayout: String, channelNames: [String] = [], integerBits: Int? = nil
    ) {
        self.sampleRate = sampleRate
        self.channels = channels
        self.channelLayout = channelLayout
        self.channelNames = channelNames
        self.integerBits = integerBits
    }

    /// Whether channel `index` is a low-frequency-effects channel.
    public func isLFE(_ index: Int) -> Bool {
        channelNames.indices.contains(index) && channelNames[index].hasPrefix("LFE")
    }

    /// Whether channel `index` is a surround (side or back) channel.
    public func isSurround(_ index: Int) -> Bool {
        guard channelNames.indices.contains(index) else { return false }
        return ["SL", "SR", "BL", "BR", "BC", "SDL", "SDR"].contains(channelNames[index])
    }

    /// e.g. `48000 Hz stereo`
    public var description: String { "\(sampleRate) Hz \(channelLayout)" }
}
