import AVQCDetectors
import AVQCMedia
import AVQCModel

/// What to run on every file of a batch.
public struct AnalysisOptions: Sendable {
    /// Enabled detectors, in report order.
    public var detectors: [DetectorDescriptor]
    /// Settings per detector id; detectors missing here use their defaults.
    public var settings: [String: DetectorSettings]
    /// Rules per detector id (severity, time windows, streams); detectors
    /// missing here report every span as an error, on every stream.
    public var rules: [String: DetectorRule] = [:]
    /// Collect thumbnails and series for an HTML report (costs a little per
    /// frame; off unless an HTML report is written).
    public var collectPictures = false
    /// libavcodec threads per decoder (0 = automatic).
    public var decoderThreads: Int
    /// Bytes of data memory this process may use (`--max-memory` in a
    /// worker), 0 = none: names the likely cause when nothing decodes.
    public var memoryLimit = 0
    /// `--screen`: decode keyframes and suspect stretches only (`ScreenPass`).
    /// Only for detectors `ScreenPass.covers`.
    public var screen = false
    /// Largest picture a video stream may have, in pixels (`--max-pixels`).
    public var maxPixels = AnalysisOptions.defaultMaxPixels
    /// Most audio and video streams in one file (`--max-streams`).
    public var maxStreams = AnalysisOptions.defaultMaxStreams
    /// Seconds one file may take (`--timeout`); 0 = no limit.
    public var timeLimit: Double = 0
    /// Seconds a device or FIFO named on the command line may take when
    /// `timeLimit` is 0: such inputs may never end.
    public var specialFileTimeLimit: Double = 60
    /// Called with each file's progress about four times a second (the
    /// progress line); nil for none. Worker processes send it to the parent.
    public var progress: (@Sendable (_ path: String, FileProgress) -> Void)?
    /// Receives each file's per-frame and per-block metrics in batches
    /// (`--metrics FILE`); nil for none. Worker processes send them to the parent.
    public var metrics: (@Sendable (_ path: String, [MetricRow]) -> Void)?
    /// The run-wide interruption (SIGINT, SIGTERM); every file's analysis obeys it.
    public var interruption: StopSignal?

    public init(
        detectors: [DetectorDescriptor] = DetectorCatalog.defaults, settings: [String: DetectorSettings] = [:],
        decoderThreads: Int = 0
    ) {
        self.detectors = detectors
        self.settings = settings
        self.decoderThreads = decoderThreads
    }

    /// Default of `maxPixels`: 8192 × 4320 (8K UHD).
    public static let defaultMaxPixels = DecodeLimits.defaultMaxPixels
    /// Default of `maxStreams`.
    public static let defaultMaxStreams = DecodeLimits.defaultMaxStreams

    func settings(for descriptor: DetectorDescriptor) -> DetectorSettings {
        settings[descriptor.id] ?? descriptor.defaultSettings
    }
}
