import AVQCDetectors

/// A parsed and validated `avqc analyze` command.
public struct AnalyzeRequest: Sendable {
    public var paths: [String] = []
    /// Reports to write; the first is the `-f`/`-o` one (absent with `-q` and no `-f`).
    public var reports: [ReportTarget] = []
    public var detectors: [DetectorDescriptor] = DetectorCatalog.all
    public var settings: [String: DetectorSettings] = [:]
    /// Files analyzed at once; nil = as many as there are cores.
    public var jobs: Int?
    public var quiet = false
    public var allFiles = false

    public init() {}
}
