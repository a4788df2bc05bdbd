/// What the command line asks for.
public enum Command: Sendable {
    case analyze(AnalyzeRequest)
    case listDetectors
    /// `avqc profiles`: the built-in profiles.
    case listProfiles
    /// `avqc profile show NAME|FILE`: a profile's text, ready to copy and edit.
    case showProfile(String)
    /// `--help`, `help`, or `help TOPIC`.
    case help(topic: String?)
    case version
    /// `avqc pattern`: write a flash-and-beep sync reference.
    case pattern(PatternRequest)
    /// `avqc merge`: shard reports into one run report.
    case merge(MergeRequest)
}
