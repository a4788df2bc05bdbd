import AVQCDetectors
import AVQCModel
import Crypto
import Foundation
import Yams

/// Reads a profile from YAML (JSON is YAML too), checking every key and
/// value against the detectors' declarations, so that a typo is an error
/// that names its line rather than a check silently left out.
public enum ProfileLoader {
    /// The format version this avqc reads (`avqc-profile: 1`).
    public static let formatVersion = 1

    /// `--profile VALUE`: a built-in profile's name, or a file.
    public static func resolve(_ value: String) throws(ProfileError) -> Profile {
        if let builtin = BuiltinProfiles.text(named: value) {
            return try load(yaml: builtin, origin: "built-in")
        }
        let looksLikePath = value.contains("/") || value.contains(".")
        guard looksLikePath || FileManager.default.fileExists(atPath: value) else {
            let names = BuiltinProfiles.names
            throw .unknownName(value, suggestion: Suggestion.closest(to: value, among: names), known: names)
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: value))
        } catch {
            let reason =
                FileManager.default.fileExists(atPath: value)
                ? "permission denied or not a regular file" : "no such file"
            throw .unreadable(path: value, reason: reason)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .syntax(origin: value, reason: "the file is not UTF-8 text")
        }
        return try load(yaml: text, origin: value)
    }

    /// Parses profile text; `origin` is `built-in` or the file's path.
    public static func load(yaml text: String, origin: String) throws(ProfileError) -> Profile {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ProfileError.invalid(origin: origin, key: "(top)", line: nil, reason: "the profile is empty")
            }
            root = node
        } catch let error as ProfileError {
            throw error
        } catch {
            throw .syntax(
                origin: origin, reason: String(describing: error).split(separator: "\n").first.map(String.init) ?? "")
        }
        let reader = Reader(origin: origin)
        let top = try reader.mapping(
            root, key: "(top)",
            allowed: [
                "avqc-profile", "name", "description", "source", "not-checked", "fail-on", "detectors",
            ])
        guard let version = top["avqc-profile"] else {
            throw reader.invalid(
                root, "(top)", "'avqc-profile: \(formatVersion)' is missing (it marks the file as an avqc profile)")
        }
        guard try reader.integer(version, key: "avqc-profile") == formatVersion else {
            throw reader.invalid(version, "avqc-profile", "this avqc reads version \(formatVersion) profiles")
        }
        guard let nameNode = top["name"] else { throw reader.invalid(root, "(top)", "'name' is missing") }
        let name = try reader.string(nameNode, key: "name")
        guard !name.isEmpty else { throw reader.invalid(nameNode, "name", "must not be empty") }
        let description =
            try top["description"].map { node throws(ProfileError) in try reader.string(node, key: "description") }
            ?? ""
        let source = try top["source"].map { node throws(ProfileError) in try reader.string(node, key: "source") }
        let notChecked =
            try top["not-checked"].map { node throws(ProfileError) in try reader.strings(node, key: "not-checked") }
            ?? []
        let failOn = try top["fail-on"].map { node throws(ProfileError) in try reader.severity(node, key: "fail-on") }

        var enabled: [String: Bool] = [:]
        var settings: [String: DetectorSettings] = [:]
        var rules: [String: DetectorRule] = [:]
        if let detectors = top["detectors"] {
            for (id, entry) in try reader.pairs(detectors, key: "detectors") {
                let key = "detectors.\(id)"
                guard let descriptor = DetectorCatalog.descriptor(id: id) else {
                    let ids = DetectorCatalog.all.map(\.id)
                    let hint = Suggestion.closest(to: id, among: ids).map { " (did you mean '\($0)'?)" } ?? ""
                    throw reader.invalid(entry, key, "no such detector\(hint); see 'avqc detectors'")
                }
                let fields = try reader.mapping(
                    entry, key: key,
                    allowed: [
                        "enabled", "severity", "parameters", "window", "allow-head", "allow-tail", "required",
                        "streams",
                        "skip-streams",
                    ])
                enabled[id] =
                    try fields["enabled"].map { node throws(ProfileError) in
                        try reader.bool(node, key: key + ".enabled")
                    } ?? true
                var rule = DetectorRule(origin: "profile \(name): \(key)")
                if let node = fields["severity"] { rule.severity = try reader.severity(node, key: key + ".severity") }
                if let node = fields["allow-head"] {
                    rule.allowHead = try reader.seconds(node, key: key + ".allow-head")
                }
                if let node = fields["allow-tail"] {
                    rule.allowTail = try reader.seconds(node, key: key + ".allow-tail")
                }
                if let node = fields["window"] { rule.window = try reader.window(node, key: key + ".window") }
                if let node = fields["required"] { rule.required = try reader.window(node, key: key + ".required") }
                if let node = fields["streams"] { rule.streams = try reader.selector(node, key: key + ".streams") }
                if let node = fields["skip-streams"] {
                    rule.skipStreams = try reader.selector(node, key: key + ".skip-streams")
                }
                rules[id] = rule
                if let parameters = fields["parameters"] {
                    var values = descriptor.defaultSettings
                    for (name, valueNode) in try reader.pairs(parameters, key: key + ".parameters") {
                        let parameterKey = "\(key).parameters.\(name)"
                        guard let parameter = descriptor.parameter(named: name) else {
                            let hint =
                                Suggestion.closest(to: name, among: descriptor.parameters.map(\.name)).map {
                                    " (did you mean '\($0)'?)"
                                } ?? ""
                            throw reader.invalid(valueNode, parameterKey, "\(id) has no such parameter\(hint)")
                        }
                        let text = try reader.scalarText(valueNode, key: parameterKey)
                        do {
                            values.set(parameter, to: try parameter.parse(text))
                        } catch {
                            let reason: String
                            switch error {
                            case .notANumber: reason = "'\(text)' is not a value in \(parameter.unit.rawValue)"
                            case .outOfRange: reason = "must be from \(parameter.rangeDescription)"
                            }
                            throw reader.invalid(valueNode, parameterKey, reason)
                        }
                    }
                    settings[id] = values
                }
            }
        }
        return Profile(
            name: name, description: description, source: source, notChecked: notChecked, failOn: failOn,
            enabled: enabled, settings: settings, rules: rules,
            reference: ProfileReference(
                name: name, origin: origin,
                sha256: SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()),
            text: text)
    }
}

/// Typed reads of YAML nodes with errors that name the key and line.
private struct Reader {
    let origin: String

    func invalid(_ node: Node, _ key: String, _ reason: String) -> ProfileError {
        .invalid(origin: origin, key: key, line: node.mark.map { $0.line }, reason: reason)
    }

    /// A mapping's pairs in file order, keys as text; duplicate keys refused.
    func pairs(_ node: Node, key: String) throws(ProfileError) -> [(String, Node)] {
        guard case .mapping(let mapping) = node else {
            throw invalid(node, key, "must be a mapping (KEY: VALUE lines)")
        }
        var seen = Set<String>()
        var result: [(String, Node)] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else { throw invalid(keyNode, key, "keys must be plain text") }
            guard seen.insert(scalar.string).inserted else {
                throw invalid(keyNode, key, "'\(scalar.string)' appears twice")
            }
            result.append((scalar.string, value))
        }
        return result
    }

    /// A mapping whose keys must be among `allowed`.
    func mapping(_ node: Node, key: String, allowed: [String]) throws(ProfileError) -> [String: Node] {
        var result: [String: Node] = [:]
        for (name, value) in try pairs(node, key: key) {
            guard allowed.contains(name) else {
                let hint = Suggestion.closest(to: name, among: allowed).map { " (did you mean '\($0)'?)" } ?? ""
                throw invalid(
                    value, key == "(top)" ? name : "\(key).\(name)",
                    "unknown key\(hint); allowed: " + allowed.joined(separator: ", "))
            }
            result[name] = value
        }
        return result
    }

    func scalarText(_ node: Node, key: String) throws(ProfileError) -> String {
        guard case .scalar(let scalar) = node else { throw invalid(node, key, "must be a single value") }
        return scalar.string
    }

    func string(_ node: Node, key: String) throws(ProfileError) -> String { try scalarText(node, key: key) }

    func strings(_ node: Node, key: String) throws(ProfileError) -> [String] {
        if case .sequence(let sequence) = node {
            var result: [String] = []
            for item in sequence { result.append(try scalarText(item, key: key)) }
            return result
        }
        return [try scalarText(node, key: key)]
    }

    func integer(_ node: Node, key: String) throws(ProfileError) -> Int {
        guard let value = Int(try scalarText(node, key: key)) else {
            throw invalid(node, key, "must be a whole number")
        }
        return value
    }

    func bool(_ node: Node, key: String) throws(ProfileError) -> Bool {
        switch try scalarText(node, key: key).lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw invalid(node, key, "must be true or false")
        }
    }

    func severity(_ node: Node, key: String) throws(ProfileError) -> Severity {
        let text = try scalarText(node, key: key).lowercased()
        guard let severity = Severity(rawValue: text) else {
            throw invalid(node, key, "'\(text)' is not a severity; use error, warning or info")
        }
        return severity
    }

    /// Seconds as a plain number (a trailing `s` is accepted), finite.
    func seconds(_ node: Node, key: String, allowNegative: Bool = false) throws(ProfileError) -> Double {
        var text = try scalarText(node, key: key).trimmingCharacters(in: .whitespaces).lowercased()
        if text.hasSuffix("s") { text.removeLast() }
        guard let value = Double(text), value.isFinite, abs(value) <= 31_536_000 else {
            throw invalid(node, key, "must be a number of seconds")
        }
        guard allowNegative || value >= 0 else { throw invalid(node, key, "must not be negative") }
        return value
    }

    /// `{from: S, to: S}`; negative values count from the end of the file.
    func window(_ node: Node, key: String) throws(ProfileError) -> TimeWindow {
        let fields = try mapping(node, key: key, allowed: ["from", "to"])
        let from =
            try fields["from"].map { n throws(ProfileError) in try seconds(n, key: key + ".from", allowNegative: true) }
            ?? 0
        let to = try fields["to"].map { n throws(ProfileError) in try seconds(n, key: key + ".to", allowNegative: true)
        }
        if let to, (from < 0) == (to < 0), to <= from {
            throw invalid(node, key, "'to' must come after 'from'")
        }
        return TimeWindow(from: from, to: to)
    }

    /// `{type, index, language, title}`, each one value or a list.
    func selector(_ node: Node, key: String) throws(ProfileError) -> StreamSelector {
        let fields = try mapping(node, key: key, allowed: ["type", "index", "language", "title"])
        var selector = StreamSelector()
        if let types = fields["type"] {
            var kinds: [MediaKind] = []
            for text in try strings(types, key: key + ".type") {
                guard let kind = MediaKind(rawValue: text.lowercased()) else {
                    throw invalid(types, key + ".type", "'\(text)' is not a stream type; use video or audio")
                }
                kinds.append(kind)
            }
            selector.types = kinds
        }
        if let indices = fields["index"] {
            var values: [Int] = []
            for text in try strings(indices, key: key + ".index") {
                guard let value = Int(text), value >= 0 else {
                    throw invalid(indices, key + ".index", "'\(text)' is not a stream index (0, 1, …)")
                }
                values.append(value)
            }
            selector.indices = values
        }
        if let languages = fields["language"] { selector.languages = try strings(languages, key: key + ".language") }
        if let titles = fields["title"] { selector.titles = try strings(titles, key: key + ".title") }
        return selector
    }
}
