import AVQCDetectors

/// What to run on every file of a batch.
public struct AnalysisOptions: Sendable {
    /// Enabled detectors, in report order.
    public var detectors: [DetectorDescriptor]
    /// Settings per detector id; detectors missing here use their defaults.
    public var settings: [String: DetectorSettings]
    /// libavcodec threads per decoder (0 = automatic).
    public var decoderThreads: Int

    public init(
        detectors: [DetectorDescriptor] = DetectorCatalog.all, settings: [String: DetectorSettings] = [:],
        decoderThreads: Int = 0
    ) {
        self.detectors = detectors
        self.settings = settings
        self.decoderThreads = decoderThreads
    }

    func settings(for descriptor: DetectorDescriptor) -> DetectorSettings {
        settings[descriptor.id] ?? descriptor.defaultSettings
    }
}
