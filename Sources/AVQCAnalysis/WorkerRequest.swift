import AVQCDetectors
import AVQCModel
import Foundation

/// What a worker process (`avqc --worker`, see `IsolatedAnalyzer`) needs to
/// analyze one file as the parent would: the analysis options and the path's
/// bytes, sent as JSON over the worker's request pipe.
public struct WorkerRequest: Codable, Sendable {
    public var detectors: [String]
    public var settings: [String: [String: Double]]
    public var rules: [String: DetectorRule]
    public var collectPictures: Bool
    /// Whether the worker sends progress messages before the report.
    public var sendsProgress: Bool
    /// Whether the worker sends metric rows before the report.
    public var sendsMetrics: Bool
    public var decoderThreads: Int
    public var screen = false
    public var maxPixels: Int
    public var maxStreams: Int
    public var timeLimit: Double
    public var specialFileTimeLimit: Double
    /// Bytes of data memory the worker may use (RLIMIT_DATA); 0 = no limit.
    public var memoryLimit: Int
    /// Whether the path was named on the command line (devices only then).
    public var named: Bool
    /// The path's bytes; `-` is standard input.
    public var path: [UInt8]

    /// The hidden first argument that starts worker mode.
    public static let flag = "--worker"

    public init(options: AnalysisOptions, memoryLimit: Int, named: Bool, path: [UInt8]) {
        self.path = path
        detectors = options.detectors.map(\.id)
        settings = options.settings.mapValues(\.values)
        rules = options.rules
        collectPictures = options.collectPictures
        sendsProgress = options.progress != nil
        sendsMetrics = options.metrics != nil
        decoderThreads = options.decoderThreads
        screen = options.screen
        maxPixels = options.maxPixels
        maxStreams = options.maxStreams
        timeLimit = options.timeLimit
        specialFileTimeLimit = options.specialFileTimeLimit
        self.memoryLimit = memoryLimit
        self.named = named
    }

    /// The options the parent ran with, rebuilt (unknown detector ids are dropped).
    public var options: AnalysisOptions {
        var options = AnalysisOptions(
            detectors: detectors.compactMap(DetectorCatalog.descriptor(id:)),
            settings: settings.mapValues(DetectorSettings.init(values:)), decoderThreads: decoderThreads)
        options.rules = rules
        options.collectPictures = collectPictures
        options.maxPixels = maxPixels
        options.maxStreams = maxStreams
        options.timeLimit = timeLimit
        options.specialFileTimeLimit = specialFileTimeLimit
        options.memoryLimit = memoryLimit
        options.screen = screen
        return options
    }
}
