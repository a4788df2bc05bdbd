import AVQCAnalysis
import AVQCDetectors
import AVQCModel
import AVQCProfiles
import AVQCReports
import Foundation

/// `avqc analyze`'s options as they are read, before the checks that need
/// all of them (which report goes where, which detectors are left).
struct AnalyzeDraft {
    var request = AnalyzeRequest()
    var format: ReportFormat?
    var output: String?
    var extraReports: [ReportTarget] = []
    var only: [String]?
    var enable: [String] = []
    var skip: [String] = []
    var settings: [String: DetectorSettings] = [:]
    var rules: [String: DetectorRule] = [:]
    /// `--profile`'s value, read when every option is known.
    var profileName: String?
    /// `--set` texts in order, applied after the profile.
    var setTexts: [String] = []
    var failOn: Severity?

    /// Rule keys `--set DETECTOR.KEY=VALUE` accepts besides parameters.
    static let ruleKeys = ["severity", "allow-head", "allow-tail"]

    /// The request, once every option has been read.
    func finished(paths: [String]) throws(UsageError) -> AnalyzeRequest {
        var request = request
        request.paths = paths
        guard !paths.isEmpty else { throw .noInputs }
        guard paths.filter({ $0 == "-" }).count <= 1 else { throw .standardInputTwice }

        var draft = self
        var defaults = Set(DetectorCatalog.defaults.map(\.id))
        if let profileName {
            let profile: Profile
            do {
                profile = try ProfileLoader.resolve(profileName)
            } catch {
                throw .profile(error.message)
            }
            for (id, on) in profile.enabled {
                if on { defaults.insert(id) } else { defaults.remove(id) }
            }
            draft.settings = profile.settings
            draft.rules = profile.rules
            request.profile = profile.reference
            request.failOn = profile.failOn ?? .error
        }
        for text in setTexts { try draft.applySetting(text) }
        if let failOn { request.failOn = failOn }
        let chosen = Set(only ?? Array(defaults)).union(enable).subtracting(skip)
        request.detectors = DetectorCatalog.all.filter { chosen.contains($0.id) }
        // --screen alone runs what it covers; detectors named outright are run
        // as asked (and, when not covered, by a full analysis).
        if request.screen, only == nil, enable.isEmpty, profileName == nil {
            request.screenNarrowed = request.detectors.filter { !ScreenPass.covers($0) }.map(\.id)
            request.detectors = request.detectors.filter(ScreenPass.covers)
        }
        guard !request.detectors.isEmpty else { throw .noDetectors }
        request.settings = draft.settings
        request.rules = draft.rules.filter { chosen.contains($0.key) }

        // The main report: -f/-o. Without -f, the format follows -o's extension (.txt,
        // .json, .csv, .xml), and a name without one (/dev/null, a FIFO) gets text, as
        // standard output does. Another extension without -f, or an extension that
        // names another format than -f's, is an error: the format is never guessed.
        let outputPath = output == "-" ? nil : output
        let named = outputPath.flatMap(Self.format(forExtensionOf:))
        if let outputPath, let format, let named, named != format {
            throw .formatMismatch(
                option: "-f \(format.rawValue)", path: outputPath, named: named.rawValue, asked: format.rawValue)
        }
        if let outputPath, format == nil, named == nil,
            !URL(fileURLWithPath: outputPath).pathExtension.isEmpty
        {
            throw .formatUnknown(path: outputPath)
        }
        let mainFormat = format ?? named ?? .text
        for target in extraReports {
            if let path = target.path, let implied = Self.format(forExtensionOf: path), implied != target.format {
                throw .formatMismatch(
                    option: "--report \(target.format.rawValue)=\(path)", path: path, named: implied.rawValue,
                    asked: target.format.rawValue)
            }
        }
        if !(request.quiet && format == nil && output == nil) {
            request.reports.append(ReportTarget(format: mainFormat, path: outputPath))
        }
        request.reports += extraReports
        for index in request.reports.indices where request.reports[index].format == .csv {
            request.reports[index].csvRows = request.reports[index].csvRows ?? request.csvRows
        }
        // An HTML report draws the loudness series: collect it unless asked otherwise.
        if request.reports.contains(where: { $0.format == .html }),
            let loudness = DetectorCatalog.descriptor(id: "loudness"), let series = loudness.parameter(named: "series"),
            !setTexts.contains(where: { $0.hasPrefix("loudness.series=") })
        {
            request.settings["loudness", default: loudness.defaultSettings].set(series, to: 1)
        }
        guard request.reports.filter({ $0.path == nil }).count <= 1 else { throw .twoReportsToStandardOutput }
        if let metrics = request.metricsPath {
            let directory = URL(fileURLWithPath: metrics).deletingLastPathComponent().path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
            else { throw .missingDirectory(option: "--metrics", path: metrics) }
        }
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

    /// `FORMAT=FILE` (`-` for standard output) for `--report`; CSV also
    /// takes `csv:ROWS=FILE` (`csv:files=qc-files.csv`).
    static func reportTarget(_ text: String) throws(UsageError) -> ReportTarget {
        guard let equals = text.firstIndex(of: "="), text.index(after: equals) < text.endIndex else {
            throw .malformedReport(text)
        }
        let kind = text[..<equals].lowercased().split(separator: ":", omittingEmptySubsequences: false)
        guard let parsed = kind.first.flatMap({ ReportFormat(rawValue: String($0)) }), kind.count <= 2 else {
            throw .malformedReport(text)
        }
        var rows: CSVReportWriter.Rows?
        if kind.count == 2 {
            guard parsed == .csv, let chosen = CSVReportWriter.Rows(rawValue: String(kind[1])) else {
                throw .malformedReport(text)
            }
            rows = chosen
        }
        let file = String(text[text.index(after: equals)...])
        return ReportTarget(format: parsed, path: file == "-" ? nil : file, csvRows: rows)
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

    /// The report format an output file's extension implies, if any.
    static func format(forExtensionOf path: String) -> ReportFormat? {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "json": return .json
        case "csv": return .csv
        case "xml": return .junit
        case "txt": return .text
        case "html", "htm": return .html
        default: return nil
        }
    }

    /// A comma-separated list of known detector ids.
    static func detectorIDs(_ list: String, option: String) throws(UsageError) -> [String] {
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

    /// Reads `DETECTOR.PARAM=VALUE` through the parameter's declaration.
    mutating func applySetting(_ text: String) throws(UsageError) {
        guard let equals = text.firstIndex(of: "="), let dot = text[..<equals].firstIndex(of: ".") else {
            throw .malformedSetting(text)
        }
        let detectorID = String(text[..<dot])
        let name = String(text[text.index(after: dot)..<equals])
        let value = String(text[text.index(after: equals)...])
        guard let descriptor = DetectorCatalog.descriptor(id: detectorID) else {
            throw .unknownDetector(detectorID, option: "--set", allowed: DetectorCatalog.all.map(\.id))
        }
        if Self.ruleKeys.contains(name) {
            try applyRule(detector: detectorID, key: name, value: value, text: text)
            return
        }
        guard let parameter = descriptor.parameter(named: name) else {
            throw .unknownParameter(
                detector: detectorID, parameter: name, allowed: descriptor.parameters.map(\.name) + Self.ruleKeys)
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

    /// `--set DETECTOR.severity=warning`, `.allow-head=1`, `.allow-tail=1`.
    mutating func applyRule(detector: String, key: String, value: String, text: String) throws(UsageError) {
        var rule = rules[detector] ?? DetectorRule()
        switch key {
        case "severity":
            guard let severity = Severity(rawValue: value.lowercased()) else {
                throw .invalidParameterValue(
                    setting: text, reason: "'\(value)' is not a severity; use error, warning or info")
            }
            rule.severity = severity
        default:
            var number = value.trimmingCharacters(in: .whitespaces).lowercased()
            if number.hasSuffix("s") { number.removeLast() }
            guard let seconds = Double(number), seconds.isFinite, seconds >= 0, seconds <= 86_400 else {
                throw .invalidParameterValue(
                    setting: text, reason: "'\(value)' is not a number of seconds from 0 to 86400")
            }
            if key == "allow-head" { rule.allowHead = seconds } else { rule.allowTail = seconds }
        }
        rule.origin = (rule.origin.map { $0 + "; " } ?? "") + "--set \(text)"
        rules[detector] = rule
    }
}
