import AVQCDetectors
import AVQCModel
import AVQCProfiles
import Foundation
import Testing

@testable import AVQCAnalysis
@testable import AVQCCommandLine

/// The repository root, from this file's path.
private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Runs Debian's python3 (python3-yaml, python3-jsonschema) on a script. (The
/// reports tests have their own `shell`: test targets share no code.)
private func debianPython(_ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

private func temporary(_ text: String, suffix: String = ".yaml") throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
        "avqc-profile-\(UUID().uuidString)\(suffix)"
    )
    .path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
}

@Suite struct ProfileTests {
    func loadError(_ yaml: String) -> String? {
        do {
            _ = try ProfileLoader.load(yaml: yaml, origin: "p.yaml")
            return nil
        } catch {
            return error.message
        }
    }

    @Test(arguments: BuiltinProfiles.names)
    func builtInProfilesLoadAndMatchTheSchema(name: String) throws {
        let text = try #require(BuiltinProfiles.text(named: name))
        let profile = try ProfileLoader.load(yaml: text, origin: "built-in")
        #expect(profile.name == name)
        #expect(profile.source != nil, "every built-in states its source")
        #expect(!profile.notChecked.isEmpty, "every built-in states what it does not check")
        let path = try temporary(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try debianPython([
            root.appendingPathComponent("scripts/validate-json.py").path,
            root.appendingPathComponent("Docs/profile.schema.json").path, path,
        ])
        #expect(result.status == 0, "\(result.output)")
    }

    @Test func theSchemaRejectsWhatTheLoaderRejects() throws {
        let bad = [
            "avqc-profile: 1\nname: x\ndetectors:\n  blak: {}\n",
            "avqc-profile: 1\nname: x\ndetectors:\n  black:\n    severity: fatal\n",
            "avqc-profile: 2\nname: x\n",
            "name: x\n",
            "avqc-profile: 1\nname: x\ncolour: red\n",
            "avqc-profile: 1\nname: x\ndetectors:\n  black:\n    allow-head: -1\n",
        ]
        for yaml in bad {
            #expect(loadError(yaml) != nil, "\(yaml)")
            let path = try temporary(yaml)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let result = try debianPython([
                root.appendingPathComponent("scripts/validate-json.py").path,
                root.appendingPathComponent("Docs/profile.schema.json").path, path,
            ])
            #expect(result.status != 0, "the schema accepted: \(yaml)")
        }
    }

    @Test func theSchemaListsExactlyTheDetectors() throws {
        let data = try Data(contentsOf: root.appendingPathComponent("Docs/profile.schema.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let detectors = try #require((schema["properties"] as? [String: Any])?["detectors"] as? [String: Any])
        let names = try #require((detectors["propertyNames"] as? [String: Any])?["enum"] as? [String])
        #expect(names == DetectorCatalog.all.map(\.id))
    }

    @Test func errorsNameTheLineKeyAndFix() {
        #expect(
            loadError("avqc-profile: 1\nname: x\ndetectors:\n  blak:\n    severity: error\n")
                == "the profile 'p.yaml': line 5, detectors.blak: no such detector (did you mean 'black'?); see 'avqc detectors'"
        )
        #expect(
            loadError("avqc-profile: 1\nname: x\ndetectors:\n  black:\n    parameters:\n      min-durations: 1\n")
                == "the profile 'p.yaml': line 6, detectors.black.parameters.min-durations: black has no such parameter (did you mean 'min-duration'?)"
        )
        #expect(
            loadError("avqc-profile: 1\nname: x\ndetectors:\n  black:\n    parameters:\n      min-duration: soon\n")
                == "the profile 'p.yaml': line 6, detectors.black.parameters.min-duration: 'soon' is not a value in seconds"
        )
        #expect(
            loadError("avqc-profile: 1\nname: x\ndetectors:\n  black:\n    severity: fatal\n")
                == "the profile 'p.yaml': line 5, detectors.black.severity: 'fatal' is not a severity; use error, warning or info"
        )
        #expect(
            loadError("avqc-profile: 1\nname: x\ndetectors:\n  black:\n    alow-head: 1\n")?.contains(
                "detectors.black.alow-head: unknown key (did you mean 'allow-head'?)") == true)
        #expect(loadError("avqc-profile: 1\nname: x\nname: y\n")?.contains("duplicated key(s): 'name'") == true)
        #expect(loadError("avqc-profile: 1\nname: [x\n")?.hasPrefix("the profile 'p.yaml' is not valid YAML") == true)
        #expect(loadError("name: x\n")?.contains("'avqc-profile: 1' is missing") == true)
        #expect(loadError("")?.contains("the profile is empty") == true)
        #expect(
            loadError("avqc-profile: 1\nname: x\ndetectors:\n  black:\n    window: {from: 10, to: 5}\n")?.contains(
                "'to' must come after 'from'") == true)
        #expect(
            loadError("avqc-profile: 1\nname: x\ndetectors:\n  silence:\n    streams: {type: subtitle}\n")?.contains(
                "'subtitle' is not a stream type") == true)
    }

    @Test func aProfileFileSetsDetectorsParametersAndRules() throws {
        let profile = try ProfileLoader.load(
            yaml: """
                avqc-profile: 1
                name: house
                fail-on: warning
                detectors:
                  dual-mono: {}
                  blockiness:
                    enabled: false
                  black:
                    severity: warning
                    allow-head: 1.5s
                    window: {from: 0, to: -10}
                    parameters:
                      min-duration: 0.5
                  color-bars:
                    required: {from: 0, to: 10}
                  loudness:
                    skip-streams: {title: commentary}
                    streams: {type: audio, language: [eng, fre]}
                """, origin: "house.yaml")
        #expect(profile.failOn == .warning)
        #expect(profile.enabled["dual-mono"] == true && profile.enabled["blockiness"] == false)
        #expect(profile.settings["black"]?.values["min-duration"] == 0.5)
        let black = try #require(profile.rules["black"])
        #expect(black.severity == .warning && black.allowHead == 1.5 && black.window == TimeWindow(from: 0, to: -10))
        #expect(black.origin == "profile house: detectors.black")
        #expect(profile.rules["color-bars"]?.required == TimeWindow(from: 0, to: 10))
        let loudness = try #require(profile.rules["loudness"])
        let commentary = StreamInfo(
            index: 2, type: .audio, codec: "aac", language: "eng", title: "Director's Commentary")
        let main = StreamInfo(index: 1, type: .audio, codec: "aac", language: "ENG", title: "Main")
        let german = StreamInfo(index: 3, type: .audio, codec: "aac", language: "ger")
        #expect(loudness.covers(main) && !loudness.covers(commentary) && !loudness.covers(german))
        #expect(profile.reference.sha256.count == 64)
    }

    @Test func theProfileHashIsTheSHA256OfItsText() throws {
        let text = try #require(BuiltinProfiles.text(named: "streaming"))
        let path = try temporary(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let sum = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(64)
        process.waitUntilExit()
        #expect(try ProfileLoader.load(yaml: text, origin: "built-in").reference.sha256 == String(sum))
    }

    @Test func profileThenSetThenFailOn() throws {
        guard
            case .analyze(let request) = try CommandLineParser.parse([
                "--set", "freeze.severity=warning", "--profile", "streaming", "--set", "black.allow-head=0",
                "--set", "black.min-duration=0.4", "a.mp4",
            ])
        else {
            Issue.record("not analyze")
            return
        }
        // --set wins over the profile whatever the order on the command line.
        #expect(request.rules["freeze"]?.severity == .warning)
        #expect(request.rules["freeze"]?.origin == "profile streaming: detectors.freeze; --set freeze.severity=warning")
        #expect(request.rules["black"]?.allowHead == 0 && request.rules["black"]?.allowTail == 1)
        #expect(request.settings["black"]?.values["min-duration"] == 0.4)
        #expect(request.settings["freeze"]?.values["min-duration"] == 10)
        #expect(request.profile?.name == "streaming" && request.failOn == .error)
        guard
            case .analyze(let strict) = try CommandLineParser.parse([
                "--profile", "streaming", "--fail-on", "warning", "a",
            ])
        else { return }
        #expect(strict.failOn == .warning)
        // A profile can turn a detector off; --enable turns it back on.
        guard
            case .analyze(let on) = try CommandLineParser.parse([
                "--profile", "streaming", "--enable", "dual-mono", "a",
            ])
        else { return }
        #expect(on.detectors.contains { $0.id == "dual-mono" })
    }

    @Test func csvRowsPerReport() throws {
        guard
            case .analyze(let request) = try CommandLineParser.parse([
                "-f", "csv", "--report", "csv:files=f.csv", "--report", "csv=d.csv", "--csv-rows", "measurements", "a",
            ])
        else { return }
        #expect(request.reports.map(\.csvRows) == [.measurements, .files, .measurements])
        guard case .analyze(let plain) = try CommandLineParser.parse(["-f", "csv", "a"]) else { return }
        #expect(plain.reports.first?.csvRows == .defects)
        #expect(throws: UsageError.malformedReport("json:files=x.json")) {
            try CommandLineParser.parse(["--report", "json:files=x.json", "a"])
        }
        #expect(throws: UsageError.malformedReport("csv:rows=x.csv")) {
            try CommandLineParser.parse(["--report", "csv:rows=x.csv", "a"])
        }
    }

    @Test func profileUsageErrors() throws {
        func message(_ arguments: [String]) -> String? {
            do {
                _ = try CommandLineParser.parse(arguments)
                return nil
            } catch {
                return error.message
            }
        }
        #expect(message(["--profile", "streming", "a"])?.contains("(did you mean 'streaming'?)") == true)
        #expect(
            message(["--profile", "/nonexistent/p.yaml", "a"])
                == "--profile: cannot read the profile '/nonexistent/p.yaml': no such file")
        #expect(message(["--fail-on", "fatal", "a"])?.contains("'--fail-on'") == true)
        #expect(
            message(["--set", "black.severity=fatal", "a"])
                == "invalid value in '--set black.severity=fatal': 'fatal' is not a severity; use error, warning or info"
        )
        #expect(message(["profile"])?.contains("avqc profile show streaming") == true)
        #expect(message(["profiles", "x"]) == "unexpected argument 'x' for 'avqc profiles'")
        let path = try temporary("avqc-profile: 1\nname: x\ndetectors:\n  black:\n    severity: fatal\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(
            message(["--profile", path, "a"])
                == "--profile: the profile '\(path)': line 5, detectors.black.severity: 'fatal' is not a severity; use error, warning or info"
        )
    }

    @Test func rulesJudgeSpansByWindowAllowanceAndRequirement() {
        func span(_ detector: String, _ start: Double, _ end: Double, stream: Int = 0) -> Defect {
            Defect(detector: detector, streamIndex: stream, start: start, end: end)
        }
        let defects = [
            span("black", 0, 0.5), span("black", 0, 1.5), span("black", 30, 31), span("black", 59.2, 60),
            span("freeze", 20, 35), span("freeze", 55, 58),
        ]
        let checks = [
            Check(detector: "black", streamIndex: 0), Check(detector: "freeze", streamIndex: 0),
            Check(detector: "color-bars", streamIndex: 0),
        ]
        let rules = [
            "black": DetectorRule(allowHead: 1, allowTail: 1, origin: "r"),
            "freeze": DetectorRule(severity: .warning, window: TimeWindow(from: 0, to: -10)),
            "color-bars": DetectorRule(required: TimeWindow(from: 0, to: 10)),
        ]
        let judged = RulePolicy.apply(defects, checks: checks, rules: rules, duration: 60)
        let summary = judged.map { "\($0.detector) \($0.start)-\($0.end) \($0.severity.rawValue)" }
        #expect(
            summary == [
                "black 0.0-1.5 error", "color-bars 0.0-10.0 error", "freeze 20.0-35.0 warning", "black 30.0-31.0 error",
            ])
        #expect(judged.first?.rule == "r")
        #expect(judged.first { $0.detector == "color-bars" }?.details["missing"] != nil)
        // A required span that is there is expected, not a defect; one elsewhere still is.
        let bars = RulePolicy.apply(
            [span("color-bars", 0, 8), span("color-bars", 40, 45)], checks: checks, rules: rules, duration: 60)
        #expect(bars.map(\.start) == [40])
        // No rules: untouched.
        #expect(RulePolicy.apply(defects, checks: checks, rules: [:], duration: 60) == defects)
    }
}
