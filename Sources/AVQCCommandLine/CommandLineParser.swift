import AVQCModel
import Foundation

/// Turns `avqc`'s arguments into a validated `Command`, or a `UsageError`.
public enum CommandLineParser {
    /// The subcommands; a first positional that is none of these is a path for `analyze`.
    static let subcommands = ["analyze", "detectors", "help", "version", "pattern", "profiles", "profile", "merge"]

    public static func parse(_ arguments: [String]) throws(UsageError) -> Command {
        let tokens = ArgumentToken.split(arguments)
        var subcommand: String?
        var positionals: [String] = []
        var values: [OptionValue] = []
        var flags: Set<String> = []

        var index = 0
        func takeValue(for spec: OptionSpec, written: String, attached: String?) throws(UsageError) -> String {
            if let attached { return attached }
            guard index + 1 < arguments.count else {
                throw .missingValue(option: written, expected: spec.value ?? "")
            }
            index += 1
            return arguments[index]
        }

        while index < tokens.count {
            switch tokens[index] {
            case .terminator:
                break
            case .positional(let text):
                if subcommand == nil, positionals.isEmpty, subcommands.contains(text) {
                    subcommand = text
                } else {
                    positionals.append(text)
                }
            case .long(let name, let attached):
                guard let spec = OptionSpec.named(name) else {
                    let suggestion = Suggestion.closest(to: name, among: OptionSpec.all.map(\.long)).map { "--" + $0 }
                    throw .unknownOption("--" + name, suggestion: suggestion)
                }
                if !spec.takesValue {
                    if attached != nil { throw .unexpectedValue(option: "--" + name) }
                    flags.insert(spec.long)
                } else {
                    let text = try takeValue(for: spec, written: "--" + name, attached: attached)
                    values.append(OptionValue(text: text, written: "--" + name, spec: spec))
                }
            case .short(let letter, var attached):
                var letter = letter
                while true {
                    guard let spec = OptionSpec.letter(letter) else {
                        let written = "-" + String(letter)
                        // Only a case slip is worth suggesting for a one-letter option.
                        let lower = Character(letter.lowercased())
                        let suggestion = lower != letter && OptionSpec.letter(lower) != nil ? "-" + String(lower) : nil
                        throw .unknownOption(written, suggestion: suggestion)
                    }
                    let written = "-" + String(letter)
                    if spec.takesValue {
                        let text = try takeValue(for: spec, written: written, attached: attached)
                        values.append(OptionValue(text: text, written: written, spec: spec))
                        break
                    }
                    flags.insert(spec.long)
                    guard let rest = attached, let next = rest.first else { break }
                    letter = next
                    attached = rest.count > 1 ? String(rest.dropFirst()) : nil
                }
            }
            index += 1
        }

        if flags.contains("help") { return .help(topic: subcommand == "help" ? positionals.first : subcommand) }
        if flags.contains("version") { return .version }
        switch subcommand {
        case "help":
            guard positionals.count <= 1 else { throw .unexpectedArgument(positionals[1], command: "help") }
            if let topic = positionals.first, !HelpText.topics.contains(topic) {
                throw .unknownTopic(topic, allowed: HelpText.topics)
            }
            return .help(topic: positionals.first)
        case "version":
            if let extra = positionals.first { throw .unexpectedArgument(extra, command: "version") }
            return .version
        case "detectors":
            if let extra = positionals.first { throw .unexpectedArgument(extra, command: "detectors") }
            return .listDetectors
        case "profiles":
            if let extra = positionals.first { throw .unexpectedArgument(extra, command: "profiles") }
            return .listProfiles
        case "profile":
            guard positionals.first == "show", positionals.count == 2 else { throw .profileShowUsage }
            return .showProfile(positionals[1])
        case "pattern":
            return .pattern(try patternRequest(positionals: positionals, values: values, flags: flags))
        case "merge":
            return .merge(try mergeRequest(paths: positionals, values: values, flags: flags))
        default:
            return .analyze(try analyzeRequest(paths: positionals, values: values, flags: flags))
        }
    }

    private static func patternRequest(
        positionals: [String], values: [OptionValue], flags: Set<String>
    ) throws(UsageError) -> PatternRequest {
        if let flag = flags.first(where: { $0 != "quiet" }) {
            throw .optionNotFor(option: "--" + flag, command: "pattern")
        }
        guard let output = positionals.first else { throw .missingOutput }
        if positionals.count > 1 { throw .unexpectedArgument(positionals[1], command: "pattern") }
        var request = PatternRequest(output: output)
        for value in values {
            guard case .pattern(let apply) = value.spec.action else {
                throw .optionNotFor(option: value.written, command: "pattern")
            }
            try apply(&request, value)
        }
        let directory = URL(fileURLWithPath: output).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .missingDirectory(option: "pattern", path: output)
        }
        return request
    }

    private static func analyzeRequest(
        paths: [String], values: [OptionValue], flags: Set<String>
    ) throws(UsageError) -> AnalyzeRequest {
        var draft = AnalyzeDraft()
        draft.request.quiet = flags.contains("quiet")
        draft.request.allFiles = flags.contains("all-files")
        draft.request.followLinks = !flags.contains("no-follow")
        if flags.contains("isolate"), flags.contains("no-isolate") { throw .conflicting("--isolate", "--no-isolate") }
        draft.request.isolate = !flags.contains("no-isolate")
        draft.request.noShard = flags.contains("no-shard")
        draft.request.screen = flags.contains("screen")
        for value in values {
            guard case .analyze(let apply) = value.spec.action else {
                throw .optionNotFor(option: value.written, command: "analyze")
            }
            try apply(&draft, value)
        }
        let request = try draft.finished(paths: paths)
        if request.noShard, request.shard != nil { throw .conflicting("--shard", "--no-shard") }
        if request.shardWeightsPath != nil, request.noShard { throw .conflicting("--shard-weights", "--no-shard") }
        return request
    }

    /// The options `avqc merge` takes: where its report goes and what it looks like.
    static let mergeOptions: Set<String> = ["format", "output", "report", "csv-rows", "quiet"]

    private static func mergeRequest(
        paths: [String], values: [OptionValue], flags: Set<String>
    ) throws(UsageError) -> MergeRequest {
        for flag in flags where !mergeOptions.contains(flag) {
            throw .optionNotFor(option: "--" + flag, command: "merge")
        }
        guard !paths.isEmpty else { throw .noReports }
        var draft = AnalyzeDraft()
        draft.request.quiet = flags.contains("quiet")
        for value in values {
            guard mergeOptions.contains(value.spec.long), case .analyze(let apply) = value.spec.action else {
                throw .optionNotFor(option: value.written, command: "merge")
            }
            try apply(&draft, value)
        }
        let request = try draft.finished(paths: paths)
        return MergeRequest(reports: paths, targets: request.reports, quiet: request.quiet)
    }
}
