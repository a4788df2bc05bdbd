/// Why a profile could not be used. Each message names the profile (file
/// or built-in name), the place in it, and what to do.
public enum ProfileError: Error, Equatable, Sendable {
    /// `--profile NAME` names no built-in profile and no file.
    case unknownName(String, suggestion: String?, known: [String])
    /// The file exists but cannot be read.
    case unreadable(path: String, reason: String)
    /// Not YAML.
    case syntax(origin: String, reason: String)
    /// YAML, but not a valid profile: `key` is the dotted path, `line` 1-based.
    case invalid(origin: String, key: String, line: Int?, reason: String)

    public var message: String {
        switch self {
        case .unknownName(let name, let suggestion, let known):
            let hint = suggestion.map { " (did you mean '\($0)'?)" } ?? ""
            return "no profile file or built-in profile named '\(name)'\(hint); built-in profiles: "
                + known.joined(separator: ", ") + " (see 'avqc profiles')"
        case .unreadable(let path, let reason):
            return "cannot read the profile '\(path)': \(reason)"
        case .syntax(let origin, let reason):
            return "the profile '\(origin)' is not valid YAML: \(reason)"
        case .invalid(let origin, let key, let line, let reason):
            let place = line.map { "line \($0), " } ?? ""
            return "the profile '\(origin)': \(place)\(key): \(reason)"
        }
    }
}
