import Foundation

/// A small JPEG of one video frame, for the HTML report's defect cards.
public struct Thumbnail: Sendable, Equatable, Codable {
    /// Which defect of the file (its index in `FileReport.defects`).
    public var defect: Int
    /// `start`, `middle` or `end` of the span.
    public var role: String
    /// The video stream and frame it shows, and that frame's time in seconds.
    public var stream: Int
    public var frame: Int
    public var time: Double
    public var width: Int
    public var height: Int
    /// The JPEG file's bytes.
    public var jpeg: Data

    public init(
        defect: Int, role: String, stream: Int, frame: Int, time: Double, width: Int, height: Int, jpeg: Data
    ) {
        self.defect = defect
        self.role = role
        self.stream = stream
        self.frame = frame
        self.time = time
        self.width = width
        self.height = height
        self.jpeg = jpeg
    }
}
