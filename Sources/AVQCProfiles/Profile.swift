import AVQCDetectors
import AVQCModel

/// A delivery profile: which detectors run, their parameters, and how
/// their spans are judged (severity, time windows, streams). Loaded from
/// YAML (`ProfileLoader`); see Docs/profiles.md and Docs/profile.schema.json.
public struct Profile: Sendable {
    /// Short name, e.g. `streaming`.
    public var name: String
    /// What the profile is for, one or more sentences.
    public var description: String
    /// The specification it follows, if any.
    public var source: String?
    /// What it does not check, stated plainly.
    public var notChecked: [String]
    /// The least severity that fails a file under this profile (`--fail-on` overrides).
    public var failOn: Severity?
    /// Detectors the profile turns on (true) or off (false); others keep their default.
    public var enabled: [String: Bool]
    /// Parameters per detector, starting from the detector's defaults.
    public var settings: [String: DetectorSettings]
    /// Rules per detector.
    public var rules: [String: DetectorRule]
    /// Where it came from and the hash of its text.
    public var reference: ProfileReference
    /// The text it was loaded from.
    public var text: String

    public init(
        name: String, description: String, source: String?, notChecked: [String], failOn: Severity?,
        enabled: [String: Bool], settings: [String: DetectorSettings], rules: [String: DetectorRule],
        reference: ProfileReference, text: String
    ) {
        self.name = name
        self.description = description
        self.source = source
        self.notChecked = notChecked
        self.failOn = failOn
        self.enabled = enabled
        self.settings = settings
        self.rules = rules
        self.reference = reference
        self.text = text
    }
}
