import AVQCAnalysis
import AVQCDetectors
import AVQCModel
import AVQCReports

/// A parsed and validated `avqc analyze` command.
public struct AnalyzeRequest: Sendable {
    public var paths: [String] = []
    /// Reports to write; the first is the `-f`/`-o` one (absent with `-q` and no `-f`).
    public var reports: [ReportTarget] = []
    public var detectors: [DetectorDescriptor] = DetectorCatalog.defaults
    public var settings: [String: DetectorSettings] = [:]
    /// Severity, windows and streams per detector id (profile and `--set`).
    public var rules: [String: DetectorRule] = [:]
    /// The least severity that fails a file and earns exit 1 (`--fail-on`).
    public var failOn: Severity = .error
    /// The CSV report's rows (`--csv-rows`).
    public var csvRows: CSVReportWriter.Rows = .defects
    /// Where to write per-frame and per-block metrics (`--metrics`), if anywhere.
    public var metricsPath: String?
    /// The profile in effect (`--profile`), if any.
    public var profile: ProfileReference?
    /// Files analyzed at once; nil = as many as there are cores.
    public var jobs: Int?
    public var quiet = false
    public var allFiles = false
    /// Follow symbolic links met in folder scans (`--no-follow` turns it off).
    public var followLinks = true
    /// Seconds per file; 0 = none (`--timeout`).
    public var timeLimit: Double = 0
    public var maxPixels = AnalysisOptions.defaultMaxPixels
    public var maxStreams = AnalysisOptions.defaultMaxStreams
    /// MiB of data memory per file's worker process; 0 = none (`--max-memory`).
    public var maxMemoryMiB = AnalyzeRequest.defaultMaxMemoryMiB
    /// libavcodec threads per decoder: fixed, so reports do not depend on the machine or `-j`.
    public var decoderThreads = AnalyzeRequest.defaultDecoderThreads
    /// Analyze each file in a worker process of its own (`--isolate`, default).
    public var isolate = true

    public static let defaultMaxMemoryMiB = 4096
    public static let defaultDecoderThreads = 4

    public init() {}
}
