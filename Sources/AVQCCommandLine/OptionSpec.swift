import AVQCAnalysis
import AVQCModel
import AVQCReports

/// One option avqc accepts, declared once: its names, what its value looks
/// like, its help and default, the help section it is listed in, and how its
/// value is parsed and stored. The parser, its error messages and
/// `avqc --help` all read these.
struct OptionSpec: Sendable {
    let long: String
    let short: Character?
    /// The value's name in the help (`FORMAT`); nil for flags.
    let placeholder: String?
    /// What the value looks like, for error messages.
    let value: String?
    /// The help, one or more sentences (wrapped to 80 columns when shown).
    let help: String
    /// The default, shown in brackets, if any.
    let defaultText: String?
    let section: Section
    /// How a numeric value is checked, for `OptionValue.wholeNumber()` and `seconds()`.
    let rule: ValueRule?
    /// What the option does: the one place its value is parsed and stored.
    let action: Action

    /// A flag (the command reads it by name), or how a value is parsed into
    /// the command it belongs to. A value option of one command given to
    /// the other is a usage error naming it.
    enum Action: Sendable {
        case flag
        case analyze(@Sendable (inout AnalyzeDraft, OptionValue) throws(UsageError) -> Void)
        case pattern(@Sendable (inout PatternRequest, OptionValue) throws(UsageError) -> Void)
    }

    /// The accepted numbers of a numeric option.
    enum ValueRule: Sendable {
        case whole(ClosedRange<Int>)
        case seconds(ClosedRange<Double>)
    }

    enum Section: String, CaseIterable, Sendable {
        case reports = "REPORTS"
        case detection = "DETECTION"
        case running = "RUNNING"
        case scaleOut = "SCALE-OUT (see 'avqc help scale-out')"
        case limits = "LIMITS (a file that reaches one is an error naming the limit)"
        case pattern = "PATTERN (avqc pattern)"
    }

    init(
        _ long: String, short: Character? = nil, placeholder: String? = nil, value: String? = nil,
        default defaultText: String? = nil, _ section: Section, rule: ValueRule? = nil, help: String,
        action: Action = .flag
    ) {
        self.rule = rule
        self.action = action
        self.long = long
        self.short = short
        self.placeholder = placeholder
        self.value = value
        self.help = help
        self.defaultText = defaultText
        self.section = section
    }

    static let all: [OptionSpec] = [
        OptionSpec(
            "format", short: "f", placeholder: "FORMAT", value: "one of text, json, csv, junit, html", default: "text",
            .reports, help: "text, json, csv, junit or html (one self-contained page with thumbnails and graphs)",
            action: .analyze { draft, value throws(UsageError) in
                draft.format = try value.parsed { ReportFormat(rawValue: $0.lowercased()) }
            }),
        OptionSpec(
            "output", short: "o", placeholder: "FILE", value: "a file path ('-' for standard output)", .reports,
            help:
                "write the report to FILE (atomically) instead of standard output; without -f the format follows the extension (.json .csv .xml .txt .html; another extension is refused)",
            action: .analyze { draft, value throws(UsageError) in
                draft.output = try value.parsed { $0.isEmpty ? nil : $0 }
            }),
        OptionSpec(
            "report", placeholder: "FORMAT=FILE", value: "FORMAT=FILE", .reports,
            help:
                "also write FORMAT to FILE (repeatable), all from the same single decode of each input; csv:files=FILE or csv:measurements=FILE picks the CSV rows",
            action: .analyze { draft, value throws(UsageError) in
                draft.extraReports.append(try AnalyzeDraft.reportTarget(value.text))
            }),
        OptionSpec(
            "csv-rows", placeholder: "ROWS", value: "one of defects, files, measurements", default: "defects",
            .reports,
            help:
                "what each CSV row is: a defect (and a failed input), an input with its verdict and counts, or a measured value (for every CSV report without its own csv:ROWS)",
            action: .analyze { draft, value throws(UsageError) in
                draft.request.csvRows = try value.parsed { CSVReportWriter.Rows(rawValue: $0.lowercased()) }
            }),
        OptionSpec(
            "metrics", placeholder: "FILE", value: "a .csv or .jsonl file", .reports,
            help:
                "also write every video frame's luma mean/min/max and every audio block's peak and RMS to FILE (.csv or .jsonl), streamed as the analysis goes",
            action: .analyze { draft, value throws(UsageError) in
                guard MetricsFile.format(of: value.text) != nil else {
                    throw .invalidValue(
                        option: value.written, value: value.text, expected: "a file named .csv or .jsonl")
                }
                draft.request.metricsPath = value.text
            }),
        OptionSpec(
            "detectors", placeholder: "LIST", value: "a comma-separated list of detector ids",
            default: "those on by default: see 'avqc detectors'", .detection,
            help: "run only these detectors (comma-separated)",
            action: .analyze { draft, value throws(UsageError) in
                draft.only = (draft.only ?? []) + (try AnalyzeDraft.detectorIDs(value.text, option: value.written))
            }),
        OptionSpec(
            "enable", placeholder: "LIST", value: "a comma-separated list of detector ids", .detection,
            help: "also run these detectors (those off by default, e.g. broadcast-range)",
            action: .analyze { draft, value throws(UsageError) in
                draft.enable += try AnalyzeDraft.detectorIDs(value.text, option: value.written)
            }),
        OptionSpec(
            "skip", placeholder: "LIST", value: "a comma-separated list of detector ids", .detection,
            help: "do not run these detectors",
            action: .analyze { draft, value throws(UsageError) in
                draft.skip += try AnalyzeDraft.detectorIDs(value.text, option: value.written)
            }),
        OptionSpec(
            "set", placeholder: "DET.PARAM=VALUE", value: "DETECTOR.PARAM=VALUE", .detection,
            help:
                "set a detector parameter (repeatable), e.g. black.min-duration=1.5 or freeze.noise=-50dB; also DET.severity=error|warning|info, DET.allow-head=S and DET.allow-tail=S; overrides --profile",
            action: .analyze { draft, value throws(UsageError) in
                // Checked now (the error names it), applied after the profile.
                var probe = AnalyzeDraft()
                try probe.applySetting(value.text)
                draft.setTexts.append(value.text)
            }),
        OptionSpec(
            "profile", placeholder: "NAME|FILE", value: "a built-in profile name (see 'avqc profiles') or a YAML file",
            .detection,
            help:
                "apply a delivery profile: which detectors run, their parameters, severities, time windows and streams (see 'avqc profiles')",
            action: .analyze { draft, value throws(UsageError) in draft.profileName = value.text }),
        OptionSpec(
            "fail-on", placeholder: "SEVERITY", value: "one of error, warning, info", default: "error", .detection,
            help: "the least severity that fails a file and exits 1 (warnings and info otherwise exit 0)",
            action: .analyze { draft, value throws(UsageError) in
                draft.failOn = try value.parsed { Severity(rawValue: $0.lowercased()) }
            }),
        OptionSpec(
            "jobs", short: "j", placeholder: "N|auto", value: "'auto' or a whole number from 1 to 256", default: "auto",
            .running, rule: .whole(1...256),
            help:
                "files analyzed at once; auto: as many as there are cores (at most one per file), with decoder threads × files ≤ cores when two or more run at once",
            action: .analyze { draft, value throws(UsageError) in
                draft.request.jobs = value.text.lowercased() == "auto" ? nil : try value.wholeNumber()
            }),
        OptionSpec(
            "all-files", .running, help: "take every file in directories, not only known media extensions"),
        OptionSpec("no-follow", .running, help: "do not follow symbolic links in directories"),
        OptionSpec(
            "isolate", default: "on", .running,
            help: "analyze each file in a worker process, so a crash costs one file, not the batch"),
        OptionSpec("no-isolate", .running, help: "analyze in avqc's own process"),
        OptionSpec(
            "decoder-threads", placeholder: "N", value: "a whole number from 1 to 64",
            default: "cores / jobs, or cores + 1 for one",
            .running, rule: .whole(1...64),
            help:
                "libavcodec threads per video decoder; by default the cores shared among the files analyzed at once",
            action: .analyze { draft, value throws(UsageError) in
                draft.request.decoderThreads = try value.wholeNumber()
            }),
        OptionSpec(
            "screen", .running,
            help:
                "screening pass: read packet sizes and decode only keyframes and the suspect stretches (black, freeze and the audio detectors; other detectors fall back to a full analysis)"
        ),
        OptionSpec(
            "shard", placeholder: "K/N", value: "K/N with 1 ≤ K ≤ N ≤ 10000, e.g. 2/8", .scaleOut,
            help:
                "analyze only share K of N of the inputs (a stable hash of each path; every shard computes the same split)",
            action: .analyze { draft, value throws(UsageError) in
                draft.request.shard = try value.parsed(SchedulerShard.parse)
            }),
        OptionSpec(
            "shard-count", placeholder: "N", value: "a whole number from 1 to 10000", .scaleOut,
            rule: .whole(1...10_000),
            help: "N for a Kubernetes Indexed Job (JOB_COMPLETION_INDEX gives only K)",
            action: .analyze { draft, value throws(UsageError) in draft.request.shardCount = try value.wholeNumber() }),
        OptionSpec(
            "shard-weights", placeholder: "FILE", value: "a JSON report of an earlier run", .scaleOut,
            help: "balance shards by the media durations in an earlier JSON report instead of by file count",
            action: .analyze { draft, value throws(UsageError) in draft.request.shardWeightsPath = value.text }),
        OptionSpec(
            "no-shard", .scaleOut,
            help: "analyze every input even when a scheduler's array variables (SLURM_ARRAY_TASK_ID, ...) are set"),
        OptionSpec(
            "quiet", short: "q", .running,
            help: "no progress, no stderr notes, and no report on standard output unless -f is given"),
        OptionSpec("help", short: "h", .running, help: "show this help"),
        OptionSpec("version", .running, help: "show avqc's and FFmpeg's versions"),
        OptionSpec(
            "timeout", placeholder: "S", value: "seconds per file, 0 for none", default: "0", .limits,
            rule: .seconds(0...31_536_000), help: "seconds per file; 0 = none",
            action: .analyze { draft, value throws(UsageError) in draft.request.timeLimit = try value.seconds() }),
        OptionSpec(
            "max-pixels", placeholder: "N|WxH", value: "a pixel count or WIDTHxHEIGHT, at least 1",
            default: "8192x4320", .limits, help: "largest picture",
            action: .analyze { draft, value throws(UsageError) in
                draft.request.maxPixels = try value.parsed(AnalyzeDraft.pixelCount)
            }),
        OptionSpec(
            "max-streams", placeholder: "N", value: "a whole number from 1 to 10000", default: "64", .limits,
            rule: .whole(1...10_000), help: "most audio+video streams per file",
            action: .analyze { draft, value throws(UsageError) in draft.request.maxStreams = try value.wholeNumber() }),
        OptionSpec(
            "max-memory", placeholder: "MIB", value: "MiB per file, 0 for none", default: "4096", .limits,
            rule: .whole(0...16_777_216), help: "data memory per worker; 0 = none",
            action: .analyze { draft, value throws(UsageError) in
                draft.request.maxMemoryMiB = try value.wholeNumber()
            }),
        OptionSpec(
            "duration", placeholder: "S", value: "seconds, from 0.5 to 86400", default: "60", .pattern,
            rule: .seconds(0.5...86_400), help: "seconds of pattern",
            action: .pattern { request, value throws(UsageError) in request.duration = try value.seconds() }),
        OptionSpec(
            "fps", placeholder: "R", value: "a frame rate such as 25, 29.97, 50 or 30000/1001", default: "25",
            .pattern, help: "frame rate: 25, 29.97, 50, 30000/1001",
            action: .pattern { request, value throws(UsageError) in
                request.frameRate = try value.parsed(PatternRequest.FrameRate.parse)
            }),
        OptionSpec(
            "offset", placeholder: "S", value: "seconds, audio late when positive, within ±10", default: "0",
            .pattern, rule: .seconds(-10...10), help: "beeps this many seconds after flashes (negative: audio early)",
            action: .pattern { request, value throws(UsageError) in request.offset = try value.seconds() }),
        OptionSpec(
            "size", placeholder: "WxH", value: "WIDTHxHEIGHT, even numbers from 16 to 8192", default: "640x360",
            .pattern, help: "picture size",
            action: .pattern { request, value throws(UsageError) in
                (request.width, request.height) = try value.parsed(PatternRequest.pictureSize)
            }),
    ]

    static func named(_ long: String) -> OptionSpec? { all.first { $0.long == long } }
    static func letter(_ short: Character) -> OptionSpec? { all.first { $0.short == short } }

    /// True for options that take a value (every action but `.flag`).
    var takesValue: Bool {
        if case .flag = action { return false }
        return true
    }

    /// How errors name it: `--format`.
    var display: String { "--" + long }

    /// The option's lines in `--help`: names and value on the left (column
    /// 3), help from column 27 wrapped to 80 columns, the default in
    /// brackets at the end.
    var helpLines: String {
        let names = (short.map { "-\($0), " } ?? "    ") + "--" + long + (placeholder.map { " " + $0 } ?? "")
        let left = "  " + names
        let column = 26
        var words = help.split(separator: " ").map(String.init)
        if let defaultText { words.append("[\(defaultText)]") }
        var lines: [String] = []
        var line = left.count <= column - 2 ? left.padding(toLength: column, withPad: " ", startingAt: 0) : left
        if left.count > column - 2 {
            lines.append(line)
            line = String(repeating: " ", count: column)
        }
        var lineHasWords = false
        for word in words {
            if lineHasWords, line.count + 1 + word.count > 80 {
                lines.append(line)
                line = String(repeating: " ", count: column)
                lineHasWords = false
            }
            line += (lineHasWords ? " " : "") + word
            lineHasWords = true
        }
        lines.append(line)
        return lines.joined(separator: "\n") + "\n"
    }
}
