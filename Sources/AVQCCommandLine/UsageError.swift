import AVQCModel

/// A mistake on the command line. Each case carries the offending input and
/// renders as one line that names it and says what is allowed.
public enum UsageError: Error, Equatable {
    case unknownOption(String, suggestion: String?)
    case missingValue(option: String, expected: String)
    case unexpectedValue(option: String)
    case invalidValue(option: String, value: String, expected: String)
    case unknownDetector(String, option: String, allowed: [String])
    case unknownParameter(detector: String, parameter: String, allowed: [String])
    case invalidParameterValue(setting: String, reason: String)
    case malformedSetting(String)
    case malformedReport(String)
    case noInputs
    case noDetectors
    case twoReportsToStandardOutput
    case missingDirectory(option: String, path: String)
    case unknownTopic(String, allowed: [String])
    case unexpectedArgument(String, command: String)
    case optionNotFor(option: String, command: String)
    case missingOutput
    case standardInputTwice
    case conflicting(String, String)
    /// `-o FILE` whose name's format differs from `-f`'s (or `--report FORMAT=FILE`'s).
    case formatMismatch(option: String, path: String, named: String, asked: String)
    /// `-o FILE` without `-f` whose name implies no report format.
    case formatUnknown(path: String)
    /// `--profile` names no usable profile (unknown name, unreadable or invalid file).
    case profile(String)
    /// `avqc profile` without `show NAME`.
    case profileShowUsage
    /// `avqc merge` without reports.
    case noReports

    public var message: String {
        switch self {
        case .unknownOption(let option, let suggestion):
            return "unknown option '\(option)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        case .missingValue(let option, let expected):
            return "option '\(option)' needs a value: \(expected)"
        case .unexpectedValue(let option):
            return "option '\(option)' takes no value"
        case .invalidValue(let option, let value, let expected):
            return "invalid value '\(value)' for '\(option)'; expected \(expected)"
        case .unknownDetector(let id, let option, let allowed):
            return "unknown detector '\(id)' in '\(option)'" + Self.didYouMean(id, allowed)
                + "; detectors are: \(allowed.joined(separator: ", "))"
        case .unknownParameter(let detector, let parameter, let allowed):
            return "detector '\(detector)' has no parameter '\(parameter)'" + Self.didYouMean(parameter, allowed)
                + "; its parameters are: \(allowed.joined(separator: ", "))"
        case .invalidParameterValue(let setting, let reason):
            return "invalid value in '--set \(setting)': \(reason)"
        case .malformedSetting(let text):
            return "invalid '--set \(text)'; expected DETECTOR.PARAM=VALUE, e.g. black.min-duration=1.5"
        case .malformedReport(let text):
            return "invalid '--report \(text)'; expected FORMAT=FILE with FORMAT one of text, json, csv, junit, html "
                + "(or csv:defects, csv:files, csv:measurements)"
        case .conflicting(let first, let second):
            return "options '\(first)' and '\(second)' cannot be used together"
        case .noInputs:
            return "no input given; name files or directories to analyze, or '-' for standard input"
        case .noDetectors:
            return "no detectors left to run after --detectors and --skip"
        case .twoReportsToStandardOutput:
            return "more than one report is going to standard output; give all but one a file"
        case .missingDirectory(let option, let path):
            return "cannot write '\(path)' for '\(option)': its directory does not exist"
        case .unknownTopic(let topic, let allowed):
            return "no help topic '\(topic)'" + Self.didYouMean(topic, allowed)
                + "; topics are: \(allowed.joined(separator: ", "))"
        case .unexpectedArgument(let argument, let command):
            return "unexpected argument '\(argument)' for 'avqc \(command)'"
        case .optionNotFor(let option, let command):
            return "option '\(option)' does not apply to 'avqc \(command)'"
        case .missingOutput:
            return "'avqc pattern' needs one output file, e.g. avqc pattern --fps 25 sync.mkv"
        case .formatMismatch(let option, let path, let named, let asked):
            return "'\(path)' names a \(named) report but '\(option)' asks for \(asked); "
                + "give the file a name that matches the format"
        case .formatUnknown(let path):
            return "cannot tell the report format from '\(path)'; add -f text|json|csv|junit|html, "
                + "or name the file .txt, .json, .csv, .xml or .html"
        case .profile(let message):
            return "--profile: \(message)"
        case .profileShowUsage:
            return
                "'avqc profile' needs 'show' and one profile, e.g. avqc profile show streaming (list them with 'avqc profiles')"
        case .noReports:
            return "'avqc merge' needs the shards' JSON reports, e.g. avqc merge shard-*.json -o all.json"
        case .standardInputTwice:
            return "'-' (standard input) can be given only once; it is read once, as one input"
        }
    }

    /// " (did you mean 'X'?)" when `input` is a likely typo of one of `candidates`.
    private static func didYouMean(_ input: String, _ candidates: [String]) -> String {
        Suggestion.closest(to: input, among: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }
}
