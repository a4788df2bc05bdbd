import Foundation

/// How a run was made, for the JSON report's `run` object: enough to
/// reproduce it (command line, settings, profile) and to see its cost.
/// The timing fields differ from run to run; everything else is stable.
public struct RunContext: Sendable, Equatable, Codable {
    /// avqc's version.
    public var avqcVersion: String
    /// FFmpeg's libraries as linked, e.g. `libavformat 59.27.100, …`.
    public var ffmpeg: String
    /// The arguments after `avqc`, as given.
    public var commandLine: [String]
    /// When the run began, ISO 8601 in UTC.
    public var startedAt: String
    /// Wall-clock seconds from start to the report.
    public var wallSeconds: Double
    /// The profile, if one was used.
    public var profile: ProfileReference?
    /// The least severity that fails a file (`--fail-on`).
    public var failOn: Severity
    /// Every detector that ran, with every parameter's effective value as
    /// `avqc detectors` prints it.
    public var settings: [String: [String: String]]
    /// Every detector rule in effect (profile and `--set`), by detector id.
    public var rules: [String: DetectorRule]
    /// The whole input list (count and hash), the same in every shard of a run.
    public var inputs: InputListInfo?
    /// The share of the inputs this process analyzed; nil for a whole run.
    public var shard: ShardInfo?
    /// `--screen`: what the screening pass covered, or why it fell back to a full analysis.
    public var screen: ScreenInfo?

    public init(
        avqcVersion: String = ToolInfo.currentVersion, ffmpeg: String, commandLine: [String], startedAt: Date,
        wallSeconds: Double, profile: ProfileReference?, failOn: Severity, settings: [String: [String: String]],
        rules: [String: DetectorRule]
    ) {
        self.avqcVersion = avqcVersion
        self.ffmpeg = ffmpeg
        self.commandLine = commandLine
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        self.startedAt = formatter.string(from: startedAt)
        self.wallSeconds = wallSeconds
        self.profile = profile
        self.failOn = failOn
        self.settings = settings
        self.rules = rules
    }
}
