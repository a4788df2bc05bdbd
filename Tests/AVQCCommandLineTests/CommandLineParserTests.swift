import AVQCDetectors
import AVQCReports
import Testing

@testable import AVQCCommandLine

/// Every detector id, as usage errors list them.
let allIDs = DetectorCatalog.all.map(\.id).joined(separator: ", ")

@Suite struct CommandLineParserTests {
    func analyze(_ arguments: [String]) throws -> AnalyzeRequest {
        guard case .analyze(let request) = try CommandLineParser.parse(arguments) else {
            Issue.record("not an analyze command")
            return AnalyzeRequest()
        }
        return request
    }

    func error(_ arguments: [String]) -> UsageError? {
        do {
            _ = try CommandLineParser.parse(arguments)
            return nil
        } catch {
            return error
        }
    }

    /// Each option is declared once: one that takes a value names it in the
    /// help and says what it looks like; a flag does neither. A value option
    /// given to the other command is refused by name.
    @Test func everyOptionDeclarationIsConsistent() {
        for option in OptionSpec.all {
            #expect(option.takesValue == (option.placeholder != nil), "--\(option.long)")
            #expect(option.takesValue == (option.value != nil), "--\(option.long)")
            #expect(option.rule == nil || option.takesValue, "--\(option.long)")
            if case .pattern = option.action {
                #expect(option.section == .pattern, "--\(option.long)")
                #expect(
                    error(["--\(option.long)", "1", "a.mp4"])
                        == .optionNotFor(option: "--\(option.long)", command: "analyze"))
            } else if option.takesValue {
                #expect(option.section != .pattern, "--\(option.long)")
                #expect(
                    error(["pattern", "--\(option.long)", "1", "/tmp/p.mkv"])
                        == .optionNotFor(option: "--\(option.long)", command: "pattern"))
            }
        }
    }

    /// Detectors off by default run only when named, with --enable or --detectors.
    @Test func detectorsOffByDefaultRunWhenAsked() throws {
        let off = DetectorCatalog.all.filter { !$0.enabledByDefault }.map(\.id)
        #expect(off.contains("broadcast-range"))
        #expect(try analyze(["a.mp4"]).detectors.allSatisfy { !off.contains($0.id) })
        let enabled = try analyze(["--enable", "broadcast-range", "a.mp4"]).detectors.map(\.id)
        #expect(enabled == DetectorCatalog.all.filter { $0.enabledByDefault || $0.id == "broadcast-range" }.map(\.id))
        #expect(
            try analyze(["--detectors", "broadcast-range,black", "a.mp4"]).detectors.map(\.id) == [
                "black", "broadcast-range",
            ])
        #expect(
            try analyze(["--enable", "broadcast-range", "--skip", "broadcast-range", "a.mp4"]).detectors.map(\.id)
                == DetectorCatalog.defaults.map(\.id))
        #expect(
            error(["--enable", "broadcast-rang", "a.mp4"])
                == .unknownDetector("broadcast-rang", option: "--enable", allowed: DetectorCatalog.all.map(\.id)))
    }

    @Test func standardInputOnlyOnce() throws {
        #expect(error(["-", "-"]) == .standardInputTwice)
        #expect(error(["a.mp4", "-", "b.mp4", "-"]) == .standardInputTwice)
        #expect(try analyze(["-", "a.mp4"]).paths == ["-", "a.mp4"])
    }

    @Test func analyzeIsTheDefaultSubcommand() throws {
        let request = try analyze(["a.mp4", "dir"])
        #expect(request.paths == ["a.mp4", "dir"])
        #expect(request.reports == [ReportTarget(format: .text, path: nil)])
        #expect(request.detectors.map(\.id) == DetectorCatalog.defaults.map(\.id))
        #expect(try analyze(["analyze", "b.mkv"]).paths == ["b.mkv"])
        #expect(try analyze(["--", "-weird-name.mp4"]).paths == ["-weird-name.mp4"])
        #expect(try analyze(["-"]).paths == ["-"])
    }

    @Test func formatsAndReports() throws {
        let request = try analyze([
            "-f", "json", "--report", "junit=/tmp/x.xml", "--report=csv=-", "--format=json", "-o", "/tmp/r.json", "a",
        ])
        #expect(
            request.reports == [
                ReportTarget(format: .json, path: "/tmp/r.json"), ReportTarget(format: .junit, path: "/tmp/x.xml"),
                ReportTarget(format: .csv, path: nil, csvRows: .defects),
            ])
        // Without -f the format follows -o's extension.
        #expect(try analyze(["-o", "/tmp/qc.xml", "a"]).reports.first?.format == .junit)
        #expect(try analyze(["-o", "/tmp/qc.csv", "a"]).reports.first?.format == .csv)
        #expect(try analyze(["-ojunk", "a"]).reports.first == ReportTarget(format: .text, path: "junk"))
        // An extension that names no format is fine with -f; without one, text (as on standard output).
        #expect(try analyze(["-f", "json", "-o", "/tmp/r.log", "a"]).reports.first?.format == .json)
        #expect(try analyze(["-o", "/dev/null", "a"]).reports.first?.format == .text)
    }

    @Test func quietDropsTheDefaultReportOnly() throws {
        #expect(try analyze(["-q", "a"]).reports.isEmpty)
        #expect(try analyze(["-q", "-f", "json", "a"]).reports == [ReportTarget(format: .json, path: nil)])
    }

    @Test func shortClustersAndAttachedValues() throws {
        let request = try analyze(["-qj4", "a"])
        #expect(request.quiet && request.jobs == 4)
        #expect(try analyze(["-fcsv", "a"]).reports.first?.format == .csv)
        #expect(try analyze(["--jobs=2", "a"]).jobs == 2)
    }

    @Test func detectorSelectionAndSettings() throws {
        let request = try analyze([
            "--detectors", "black,silence", "--skip=silence", "--set", "black.min-duration=1.5",
            "--set", "freeze.noise=-50dB", "--set", "black.picture-ratio=95%", "a",
        ])
        #expect(request.detectors.map(\.id) == ["black"])
        #expect(request.settings["black"]?.values["min-duration"] == 1.5)
        #expect(request.settings["black"]?.values["picture-ratio"] == 0.95)
        #expect(request.settings["black"]?.values["pixel-threshold"] == 0.10)  // defaults fill the rest
        #expect(request.settings["freeze"]?.values["noise"] == -50)
    }

    @Test func commandsOtherThanAnalyze() throws {
        guard case .version = try CommandLineParser.parse(["--version"]) else {
            Issue.record("--version")
            return
        }
        guard case .listDetectors = try CommandLineParser.parse(["detectors"]) else {
            Issue.record("detectors")
            return
        }
        guard case .help(nil) = try CommandLineParser.parse(["-h"]) else {
            Issue.record("-h")
            return
        }
        guard case .help("freeze") = try CommandLineParser.parse(["help", "freeze"]) else {
            Issue.record("help freeze")
            return
        }
        guard case .help("detectors") = try CommandLineParser.parse(["detectors", "--help"]) else {
            Issue.record("detectors --help")
            return
        }
    }

    @Test(arguments: [
        (["--fromat", "json", "a"], "unknown option '--fromat'; did you mean '--format'?"),
        (["-x", "a"], "unknown option '-x'"),
        (["-F", "json", "a"], "unknown option '-F'; did you mean '-f'?"),
        (["--quiet=yes", "a"], "option '--quiet' takes no value"),
        (["a", "--format"], "option '--format' needs a value: one of text, json, csv, junit, html"),
        (["-f", "xml", "a"], "invalid value 'xml' for '-f'; expected one of text, json, csv, junit, html"),
        (["-j", "0", "a"], "invalid value '0' for '-j'; expected 'auto' or a whole number from 1 to 256"),
        (["--timeout", "-1", "a"], "invalid value '-1' for '--timeout'; expected seconds per file, 0 for none"),
        (["--timeout", "inf", "a"], "invalid value 'inf' for '--timeout'; expected seconds per file, 0 for none"),
        (
            ["--max-streams", "0", "a"],
            "invalid value '0' for '--max-streams'; expected a whole number from 1 to 10000"
        ),
        (
            ["--decoder-threads", "65", "a"],
            "invalid value '65' for '--decoder-threads'; expected a whole number from 1 to 64"
        ),
        (
            ["--max-pixels", "0x10", "a"],
            "invalid value '0x10' for '--max-pixels'; expected a pixel count or WIDTHxHEIGHT, at least 1"
        ),
        (
            ["--jobs", "many", "a"],
            "invalid value 'many' for '--jobs'; expected 'auto' or a whole number from 1 to 256"
        ),
        (["--shard", "4/3", "a"], "invalid value '4/3' for '--shard'; expected K/N with 1 ≤ K ≤ N ≤ 10000, e.g. 2/8"),
        (["--shard", "1/2", "--no-shard", "a"], "options '--shard' and '--no-shard' cannot be used together"),
        (
            ["--shard-count", "0", "a"],
            "invalid value '0' for '--shard-count'; expected a whole number from 1 to 10000"
        ),
        (["merge", "--screen", "a.json"], "option '--screen' does not apply to 'avqc merge'"),
        (["merge"], "'avqc merge' needs the shards' JSON reports, e.g. avqc merge shard-*.json -o all.json"),
        (
            ["--detectors", "black,blur", "a"],
            "unknown detector 'blur' in '--detectors'; detectors are: \(allIDs)"
        ),
        (
            ["--skip", "", "a"],
            "unknown detector '' in '--skip'; detectors are: \(allIDs)"
        ),
        (
            ["--set", "blak.min-duration=1", "a"],
            "unknown detector 'blak' in '--set' (did you mean 'black'?); detectors are: \(allIDs)"
        ),
        (
            ["--set", "black.min-durations=1", "a"],
            "detector 'black' has no parameter 'min-durations' (did you mean 'min-duration'?); its parameters are: min-duration, picture-ratio, pixel-threshold, merge-gap, severity, allow-head, allow-tail"
        ),
        (
            ["--set", "black.min-duration=soon", "a"],
            "invalid value in '--set black.min-duration=soon': 'soon' is not a number in seconds"
        ),
        (
            ["--set", "freeze.noise=5dB", "a"],
            "invalid value in '--set freeze.noise=5dB': freeze.noise must be from -200 dB to 0 dB"
        ),
        (["--set", "black", "a"], "invalid '--set black'; expected DETECTOR.PARAM=VALUE, e.g. black.min-duration=1.5"),
        (
            ["--report", "pdf=x.pdf", "a"],
            "invalid '--report pdf=x.pdf'; expected FORMAT=FILE with FORMAT one of text, json, csv, junit, html (or csv:defects, csv:files, csv:measurements)"
        ),
        ([String](), "no input given; name files or directories to analyze, or '-' for standard input"),
        (["-q"], "no input given; name files or directories to analyze, or '-' for standard input"),
        (["--detectors", "black", "--skip", "black", "a"], "no detectors left to run after --detectors and --skip"),
        (["--report", "json=-", "a"], "more than one report is going to standard output; give all but one a file"),
        (
            ["-o", "/no/such/dir/r.json", "a"],
            "cannot write '/no/such/dir/r.json' for '--output': its directory does not exist"
        ),
        (
            ["help", "colour"],
            "no help topic 'colour'; topics are: analyze, detectors, profiles, formats, exit-codes, scale-out, merge, \(allIDs)"
        ),
        (["detectors", "extra"], "unexpected argument 'extra' for 'avqc detectors'"),
        (
            ["help", "freez"],
            "no help topic 'freez' (did you mean 'freeze'?); topics are: analyze, detectors, profiles, formats, exit-codes, scale-out, merge, \(allIDs)"
        ),
        (
            ["--enable", "dual-mon", "a"],
            "unknown detector 'dual-mon' in '--enable' (did you mean 'dual-mono'?); detectors are: \(allIDs)"
        ),
        // A report's format is never guessed: a name that implies none, or another than -f's, is refused.
        (
            ["-o", "/tmp/r.yaml", "a"],
            "cannot tell the report format from '/tmp/r.yaml'; add -f text|json|csv|junit|html, or name the file .txt, .json, .csv, .xml or .html"
        ),
        (
            ["-o", "/tmp/report.pdf", "a"],
            "cannot tell the report format from '/tmp/report.pdf'; add -f text|json|csv|junit|html, or name the file .txt, .json, .csv, .xml or .html"
        ),
        (
            ["-f", "json", "-o", "/tmp/r.csv", "a"],
            "'/tmp/r.csv' names a csv report but '-f json' asks for json; give the file a name that matches the format"
        ),
        (
            ["--report", "junit=/tmp/r.json", "a"],
            "'/tmp/r.json' names a json report but '--report junit=/tmp/r.json' asks for junit; give the file a name that matches the format"
        ),
    ])
    func usageErrorsNameTheProblem(arguments: [String], message: String) {
        #expect(error(arguments)?.message == message)
    }
}

@Suite struct PatternCommandTests {
    @Test func patternOptions() throws {
        guard
            case .pattern(let request) = try CommandLineParser.parse([
                "pattern", "--fps", "29.97", "--offset=-0.04", "--duration", "30", "--size", "1280x720", "/tmp/p.mkv",
            ])
        else {
            Issue.record("not a pattern command")
            return
        }
        #expect(request.frameRate == PatternRequest.FrameRate(numerator: 30000, denominator: 1001))
        #expect(request.offset == -0.04 && request.duration == 30 && request.width == 1280 && request.height == 720)
        #expect(PatternRequest.FrameRate.parse("50") == PatternRequest.FrameRate(numerator: 50, denominator: 1))
        #expect(
            PatternRequest.FrameRate.parse("23.976") == PatternRequest.FrameRate(numerator: 24000, denominator: 1001))
        #expect(
            PatternRequest.FrameRate.parse("24000/1001")
                == PatternRequest.FrameRate(numerator: 24000, denominator: 1001))
        #expect(PatternRequest.FrameRate.parse("12.3") == nil)
    }

    @Test(arguments: [
        (["pattern"], "'avqc pattern' needs one output file, e.g. avqc pattern --fps 25 sync.mkv"),
        (
            ["pattern", "--fps", "abc", "/tmp/p.mkv"],
            "invalid value 'abc' for '--fps'; expected a frame rate such as 25, 29.97, 50 or 30000/1001"
        ),
        (
            ["pattern", "--size", "641x360", "/tmp/p.mkv"],
            "invalid value '641x360' for '--size'; expected WIDTHxHEIGHT, even numbers from 16 to 8192"
        ),
        (["pattern", "-f", "json", "/tmp/p.mkv"], "option '-f' does not apply to 'avqc pattern'"),
        (["--fps", "25", "a.mp4"], "option '--fps' does not apply to 'avqc analyze'"),
    ])
    func patternUsageErrors(arguments: [String], message: String) {
        do {
            _ = try CommandLineParser.parse(arguments)
            Issue.record("accepted \(arguments)")
        } catch {
            #expect(error.message == message)
        }
    }
}
