/// The shape of a decoded picture: what `format-change` watches.
public struct VideoFormat: Sendable, Equatable, CustomStringConvertible {
    public var width: Int
    public var height: Int
    /// FFmpeg's pixel-format name, e.g. `yuv420p`.
    public var pixelFormat: String

    public init(width: Int, height: Int, pixelFormat: String) {
        self.width = width
        self.height = height
        self.pixelFormat = pixelFormat
    }

    /// e.g. `1280x720 yuv420p`
    public var description: String { "\(width)x\(height) \(pixelFormat)" }
}
