/// How a `--screen` run went, for the JSON report's `run` object.
public struct ScreenInfo: Sendable, Equatable, Codable {
    /// True when the screening pass ran; false when avqc fell back to a full
    /// analysis (`reason` says why).
    public var screened: Bool
    /// The detectors the screening pass covers, of those requested.
    public var covered: [String]
    /// Why a full analysis ran instead, e.g. `blockiness is not covered by --screen`.
    public var reason: String?

    public init(screened: Bool, covered: [String], reason: String?) {
        self.screened = screened
        self.covered = covered
        self.reason = reason
    }
}
