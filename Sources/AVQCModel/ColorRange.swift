/// How luma codes map to black and white.
public enum ColorRange: String, Sendable, Codable {
    /// Limited ("TV", "MPEG") range: black at 16, white at 235, scaled by bit depth.
    case limited
    /// Full ("PC", "JPEG") range: black at 0, white at 2^bitDepth − 1.
    case full
}
