import AVQCDetectors
import AVQCReports
import Foundation

/// Turns `avqc`'s arguments into a validated `Command`, or a `UsageError`.
public enum CommandLineParser {
    /// The subcommands; a first positional that is none of these is a path for `analyze`.
    static let subcommands = ["analyze", "detectors", "help", "version", "pattern"]

    public static func parse(_ arguments: [String]) throws(UsageError) -> Command {
        let tokens = ArgumentToken.split(arguments)
        var subcommand: String?
        var positionals: [String] = []
        var values: [(OptionSpec, String, String)] = []  // (option, value, as written)
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
                if spec.value == nil {
                    if attached != nil { throw .unexpectedValue(option: "--" + name) }
                    flags.insert(spec.long)
                } else {
                    values.append(
                        (spec, try takeValue(for: spec, written: "--" + name, attached: attached), "--" + name))
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
                    if spec.value != nil {
                        values.append((spec, try takeValue(for: spec, written: written, attached: attached), written))
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
        case "pattern":
            return .pattern(try patternRequest(positionals: positionals, values: values, flags: flags))
        default:
            if let (spec, _, written) = values.first(where: { OptionSpec.patternOnly.contains($0.0.long) }) {
                _ = spec
                throw .optionNotFor(option: written, command: "analyze")
            }
            return .analyze(try analyzeRequest(paths: positionals, values: values, flags: flags))
        }
    }

    private static func patternRequest(
        positionals: [String], values: [(OptionSpec, String, String)], flags: Set<String>
    ) throws(UsageError) -> PatternRequest {
        if let flag = flags.first(where: { $0 != "quiet" }) {
            throw .optionNotFor(option: "--" + flag, command: "pattern")
        }
        guard let output = positionals.first else { throw .missingOutput }
        if positionals.count > 1 { throw .unexpectedArgument(positionals[1], command: "pattern") }
        var request = PatternRequest(output: output)
        for (spec, value, written) in values {
            let invalid = UsageError.invalidValue(option: written, value: value, expected: spec.value ?? "")
            switch spec.long {
            case "duration":
                request.duration = try spec.seconds(value, written: written)
            case "fps":
                guard let rate = PatternRequest.FrameRate.parse(value) else { throw invalid }
                request.frameRate = rate
            case "offset":
                request.offset = try spec.seconds(value, written: written)
            case "size":
                let parts = value.lowercased().split(separator: "x")
                guard parts.count == 2, let w = Int32(parts[0]), let h = Int32(parts[1]), (16...8192).contains(w),
                    (16...8192).contains(h), w % 2 == 0, h % 2 == 0
                else { throw invalid }
                (request.width, request.height) = (w, h)
            default:
                throw .optionNotFor(option: written, command: "pattern")
            }
        }
        let directory = URL(fileURLWithPath: output).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .missingDirectory(option: "pattern", path: output)
        }
        return request
    }

    private static func analyzeRequest(
        paths: [String], values: [(OptionSpec, String, String)], flags: Set<String>
    ) throws(UsageError) -> AnalyzeRequest {
        var request = AnalyzeRequest()
        request.paths = paths
        request.quiet = flags.contains("quiet")
        request.allFiles = flags.contains("all-files")
        request.followLinks = !flags.contains("no-follow")
        if flags.contains("isolate"), flags.contains("no-isolate") { throw .conflicting("--isolate", "--no-isolate") }
        request.isolate = !flags.contains("no-isolate")
        var format: ReportFormat?
        var output: String?
        var extra: [ReportTarget] = []
        var only: [String]?
        var skip: [String] = []
        var settings: [String: DetectorSettings] = [:]

        for (spec, value, written) in values {
            switch spec.long {
            case "format":
                guard let parsed = ReportFormat(rawValue: value.lowercased()) else {
                    throw .invalidValue(option: written, value: value, expected: spec.value ?? "")
                }
                format = parsed
            case "output":
                guard !value.isEmpty else {
                    throw .invalidValue(option: written, value: value, expected: spec.value ?? "")
                }
                output = value
            case "report":
                guard let equals = value.firstIndex(of: "="),
                    let parsed = ReportFormat(rawValue: String(value[..<equals]).lowercased()),
                    value.index(after: equals) < value.endIndex
                else { throw .malformedReport(value) }
                let file = String(value[value.index(after: equals)...])
                extra.append(ReportTarget(format: parsed, path: file == "-" ? nil : file))
            case "detectors":
                only = (only ?? []) + (try detectorIDs(value, option: written))
            case "skip":
                skip += try detectorIDs(value, option: written)
            case "set":
                try applySetting(value, to: &settings)
            case "jobs":
                request.jobs = try spec.wholeNumber(value, written: written)
            case "timeout":
                request.timeLimit = try spec.seconds(value, written: written)
            case "max-pixels":
                guard let pixels = Self.pixelCount(value) else {
                    throw .invalidValue(option: written, value: value, expected: spec.value ?? "")
                }
                request.maxPixels = pixels
            case "max-streams":
                request.maxStreams = try spec.wholeNumber(value, written: written)
            case "max-memory":
                request.maxMemoryMiB = try spec.wholeNumber(value, written: written)
            case "decoder-threads":
                request.decoderThreads = try spec.wholeNumber(value, written: written)
            default:
                break
            }
        }
        guard !paths.isEmpty else { throw .noInputs }
        guard paths.filter({ $0 == "-" }).count <= 1 else { throw .standardInputTwice }

        let chosen = Set(only ?? DetectorCatalog.all.map(\.id)).subtracting(skip)
        request.detectors = DetectorCatalog.all.filter { chosen.contains($0.id) }
        guard !request.detectors.isEmpty else { throw .noDetectors }
        request.settings = settings

        // The main report: -f/-o. Without -f, the format follows -o's extension, else text.
        let outputPath = output == "-" ? nil : output
        let mainFormat = format ?? outputPath.flatMap(Self.format(forExtensionOf:)) ?? .text
        if !(request.quiet && format == nil && output == nil) {
            request.reports.append(ReportTarget(format: mainFormat, path: outputPath))
        }
        request.reports += extra
        guard request.reports.filter({ $0.path == nil }).count <= 1 else { throw .twoReportsToStandardOutput }
        for target in request.reports {
            guard let path = target.path else { continue }
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
            else {
                throw .missingDirectory(
                    option: target == request.reports.first && output != nil ? "--output" : "--report", path: path)
            }
        }
        return request
    }

    /// `N` or `WIDTHxHEIGHT` as a pixel count, at least 1 and at most 2^40.
    static func pixelCount(_ text: String) -> Int? {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        let numbers = parts.compactMap { Int($0) }
        guard numbers.count == parts.count, (1...2).contains(numbers.count), numbers.allSatisfy({ $0 >= 1 }) else {
            return nil
        }
        let product = numbers.reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue }
        guard numbers.count == 1 || numbers[0] <= 1 << 20 && numbers[1] <= 1 << 20, product <= 1 << 40 else {
            return nil
        }
        return product
    }

    static func format(forExtensionOf path: String) -> ReportFormat? {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "json": return .json
        case "csv": return .csv
        case "xml": return .junit
        case "txt": return .text
        default: return nil
        }
    }

    private static func detectorIDs(_ list: String, option: String) throws(UsageError) -> [String] {
        let ids = list.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
        let known = DetectorCatalog.all.map(\.id)
        guard !ids.isEmpty else { throw .unknownDetector(list, option: option, allowed: known) }
        for id in ids where !known.contains(id) {
            throw .unknownDetector(id, option: option, allowed: known)
        }
        return ids
    }

    private static func applySetting(_ text: String, to settings: inout [String: DetectorSettings]) throws(UsageError) {
        guard let equals = text.firstIndex(of: "="), let dot = text[..<equals].firstIndex(of: ".") else {
            throw .malformedSetting(text)
        }
        let detectorID = String(text[..<dot])
        let name = String(text[text.index(after: dot)..<equals])
        let value = String(text[text.index(after: equals)...])
        guard let descriptor = DetectorCatalog.descriptor(id: detectorID) else {
            throw .unknownDetector(detectorID, option: "--set", allowed: DetectorCatalog.all.map(\.id))
        }
        guard let parameter = descriptor.parameter(named: name) else {
            throw .unknownParameter(detector: detectorID, parameter: name, allowed: descriptor.parameters.map(\.name))
        }
        do {
            let parsed = try parameter.parse(value)
            settings[detectorID, default: descriptor.defaultSettings].set(parameter, to: parsed)
        } catch {
            switch error {
            case .notANumber:
                throw .invalidParameterValue(
                    setting: text, reason: "'\(value)' is not a number in \(parameter.unit.rawValue)")
            case .outOfRange:
                throw .invalidParameterValue(
                    setting: text, reason: "\(detectorID).\(name) must be from \(parameter.rangeDescription)")
            }
        }
    }
}
