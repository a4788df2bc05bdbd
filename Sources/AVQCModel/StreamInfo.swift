/// What the container says about one analyzed stream.
public struct StreamInfo: Sendable, Equatable, Codable {
    public var index: Int
    public var type: MediaKind
    /// FFmpeg's codec name, e.g. `h264`, `aac`.
    public var codec: String
    public var width: Int?
    public var height: Int?
    /// Frames per second (average), when known.
    public var frameRate: Double?
    /// FFmpeg's pixel-format name, e.g. `yuv420p10le`.
    public var pixelFormat: String?
    /// Samples per second.
    public var sampleRate: Int?
    public var channels: Int?
    /// FFmpeg's channel-layout description, e.g. `stereo`, `5.1(side)`.
    public var channelLayout: String?
    /// The stream's `language` tag (ISO 639-2, e.g. `eng`), when the container has one.
    public var language: String?
    /// The stream's `title` tag, when the container has one.
    public var title: String?

    public init(
        index: Int, type: MediaKind, codec: String,
        width: Int? = nil, height: Int? = nil, frameRate: Double? = nil, pixelFormat: String? = nil,
        sampleRate: Int? = nil, channels: Int? = nil, channelLayout: String? = nil,
        language: String? = nil, title: String? = nil
    ) {
        self.language = language
        self.title = title
        self.index = index
        self.type = type
        self.codec = codec
        self.width = width
        self.height = height
        self.frameRate = frameRate
        self.pixelFormat = pixelFormat
        self.sampleRate = sampleRate
        self.channels = channels
        self.channelLayout = channelLayout
    }
}
