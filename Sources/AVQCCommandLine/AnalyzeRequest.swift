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
    /// Files analyzed at once; nil = `auto` (as many as there are cores, at most one per file).
    public var jobs: Int?
    /// `--shard K/N`; nil = every input unless a scheduler's variables name a shard.
    public var shard: SchedulerShard?
    /// `--shard-count N` (the N for Kubernetes' `JOB_COMPLETION_INDEX`).
    public var shardCount: Int?
    /// `--shard-weights FILE`: a previous JSON report whose durations balance the shards.
    public var shardWeightsPath: String?
    /// `--no-shard`: ignore schedulers' array variables.
    public var noShard = false
    /// `--screen`: the screening pass (`ScreenPass`).
    public var screen = false
    /// Default detectors `--screen` left out because it does not cover them.
    public var screenNarrowed: [String] = []
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
    /// libavcodec threads per video decoder; nil = the cores shared among the files analyzed at once.
    public var decoderThreads: Int?
    /// Analyze each file in a worker process of its own (`--isolate`, default).
    public var isolate = true

    public static let defaultMaxMemoryMiB = 4096

    public init() {}
}
