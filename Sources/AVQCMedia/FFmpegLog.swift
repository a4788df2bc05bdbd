import CFFmpeg

/// FFmpeg's own logging. avqc reports problems itself, so FFmpeg's lines to
/// stderr are silenced.
public enum FFmpegLog {
    /// Silences FFmpeg's default logger. Call once, before any decoding.
    public static func silence() {
        av_log_set_level(AV_LOG_QUIET)
    }

    /// The FFmpeg library versions avqc runs against, e.g. `libavformat 59.27.100`.
    public static var libraryVersions: String {
        func text(_ name: String, _ version: UInt32) -> String {
            "\(name) \(version >> 16).\((version >> 8) & 0xFF).\(version & 0xFF)"
        }
        return [
            text("libavformat", avformat_version()), text("libavcodec", avcodec_version()),
            text("libavutil", avutil_version()), text("libswresample", swresample_version()),
        ].joined(separator: ", ")
    }
}
