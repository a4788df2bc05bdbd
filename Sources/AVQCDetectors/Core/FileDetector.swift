import AVQCModel

/// A detector that compares streams (timing, audio against video). One
/// instance per file: it may hand each stream an observer that is fed that
/// stream's frames or blocks, and it is finished once with every stream's timing.
public protocol FileDetector: AnyObject {
    /// The observer for `stream`, or nil when the stream is not needed.
    func observer(for stream: StreamInfo) -> AnyDetector?
    /// Closes the file. `streams` has every decoded stream's timing.
    func finish(streams: [StreamTiming]) -> DetectorResult
    /// The stream the file-level result belongs to (for checks and reports).
    func reportingStream(among streams: [StreamInfo]) -> Int?
}
