/// What the command line asks for.
public enum Command: Sendable {
    case analyze(AnalyzeRequest)
    case listDetectors
    /// `--help`, `help`, or `help TOPIC`.
    case help(topic: String?)
    case version
    /// `avqc pattern`: write a flash-and-beep sync reference.
    case pattern(PatternRequest)
}
