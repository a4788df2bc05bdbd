import AVQCMedia

/// Process-wide set-up of the decoding layer, for the executable.
public enum AnalysisEnvironment {
    /// Call once before analyzing: routes FFmpeg's log lines to avqc. Nothing
    /// is printed; a decoder's error lines feed the `decode-error` detector.
    public static func prepare() {
        FFmpegLog.install()
    }

    /// The FFmpeg libraries avqc is running against.
    public static var libraryVersions: String { FFmpegLog.libraryVersions }
}
