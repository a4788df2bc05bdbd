import AVQCModel

/// Bounds on what one file may make avqc do. Every limit is checked before
/// the memory it protects is spent, and reaching one is a file `error` whose
/// message names the limit and the option that raises it.
public struct DecodeLimits: Sendable {
    /// Largest picture, in pixels (width × height), a video stream may declare
    /// or decode (FFmpeg's `max_pixels`). Default 8192 × 4320 (8K UHD).
    public var maxPixels: Int
    /// Most audio and video streams analyzed in one file. Default 64.
    public var maxStreams: Int
    /// Highest audio sample rate analyzed, in Hz (768 kHz, the highest
    /// rate in professional use; above it a stream is an error).
    public var maxSampleRate: Int
    /// Most channels in one audio stream (255, the most any FFmpeg decoder declares).
    public var maxChannels: Int
    /// Checked between packets and while FFmpeg waits for data; nil = never stop.
    public var stop: StopSignal?

    public static let defaultMaxPixels = 8192 * 4320
    public static let defaultMaxStreams = 64

    public init(
        maxPixels: Int = DecodeLimits.defaultMaxPixels, maxStreams: Int = DecodeLimits.defaultMaxStreams,
        maxSampleRate: Int = 768_000, maxChannels: Int = 255, stop: StopSignal? = nil
    ) {
        self.maxPixels = max(1, maxPixels)
        self.maxStreams = max(1, maxStreams)
        self.maxSampleRate = maxSampleRate
        self.maxChannels = maxChannels
        self.stop = stop
    }
}
