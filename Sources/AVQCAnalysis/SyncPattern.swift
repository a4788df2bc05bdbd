import AVQCMedia

/// A flash-and-beep sync reference file for `avqc pattern` (written by the
/// media layer; see `PatternWriter`).
public struct SyncPattern: Sendable {
    public var duration: Double
    public var frameRate: (numerator: Int32, denominator: Int32)
    /// Seconds the beeps come after their flashes (negative: audio early).
    public var offset: Double
    public var width: Int32
    public var height: Int32

    public init(duration: Double, frameRate: (Int32, Int32), offset: Double, width: Int32, height: Int32) {
        self.duration = duration
        self.frameRate = frameRate
        self.offset = offset
        self.width = width
        self.height = height
    }

    /// Writes the pattern to `path`; throws an error whose description names the file and the reason.
    public func write(to path: String) throws {
        AnalysisEnvironment.prepare()
        let spec = PatternSpec(duration: duration, frameRate: frameRate, offset: offset, width: width, height: height)
        try PatternWriter.write(spec, to: path)
    }
}
