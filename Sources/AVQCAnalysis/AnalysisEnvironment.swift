import AVQCMedia

/// Process-wide set-up of the decoding layer, for the executable.
public enum AnalysisEnvironment {
    /// Call once before analyzing: silences FFmpeg's own log lines (avqc
    /// reports problems itself).
    public static func prepare() {
        FFmpegLog.silence()
    }

    /// The FFmpeg libraries avqc is running against.
    public static var libraryVersions: String { FFmpegLog.libraryVersions }
}
