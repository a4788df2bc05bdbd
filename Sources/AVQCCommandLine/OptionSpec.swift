/// One option `avqc analyze` accepts.
struct OptionSpec: Sendable {
    let long: String
    let short: Character?
    /// What the value looks like, for errors; nil for flags.
    let value: String?

    static let all: [OptionSpec] = [
        OptionSpec(long: "format", short: "f", value: "one of text, json, csv, junit"),
        OptionSpec(long: "output", short: "o", value: "a file path ('-' for standard output)"),
        OptionSpec(long: "report", short: nil, value: "FORMAT=FILE"),
        OptionSpec(long: "detectors", short: nil, value: "a comma-separated list of detector ids"),
        OptionSpec(long: "skip", short: nil, value: "a comma-separated list of detector ids"),
        OptionSpec(long: "set", short: nil, value: "DETECTOR.PARAM=VALUE"),
        OptionSpec(long: "jobs", short: "j", value: "a whole number from 1 to 256"),
        OptionSpec(long: "all-files", short: nil, value: nil),
        OptionSpec(long: "no-follow", short: nil, value: nil),
        OptionSpec(long: "timeout", short: nil, value: "seconds per file, 0 for none"),
        OptionSpec(long: "max-pixels", short: nil, value: "a pixel count or WIDTHxHEIGHT, at least 1"),
        OptionSpec(long: "max-streams", short: nil, value: "a whole number from 1 to 10000"),
        OptionSpec(long: "max-memory", short: nil, value: "MiB per file, 0 for none"),
        OptionSpec(long: "decoder-threads", short: nil, value: "a whole number from 1 to 64"),
        OptionSpec(long: "isolate", short: nil, value: nil),
        OptionSpec(long: "no-isolate", short: nil, value: nil),
        OptionSpec(long: "quiet", short: "q", value: nil),
        OptionSpec(long: "help", short: "h", value: nil),
        OptionSpec(long: "version", short: nil, value: nil),
        // avqc pattern
        OptionSpec(long: "duration", short: nil, value: "seconds, from 0.5 to 86400"),
        OptionSpec(long: "fps", short: nil, value: "a frame rate such as 25, 29.97, 50 or 30000/1001"),
        OptionSpec(long: "offset", short: nil, value: "seconds, audio late when positive, within ±10"),
        OptionSpec(long: "size", short: nil, value: "WIDTHxHEIGHT, even numbers from 16 to 8192"),
    ]

    /// Options that belong to `avqc pattern` only.
    static let patternOnly: Set<String> = ["duration", "fps", "offset", "size"]

    static func named(_ long: String) -> OptionSpec? { all.first { $0.long == long } }
    static func letter(_ short: Character) -> OptionSpec? { all.first { $0.short == short } }

    /// How errors name it: `--format` or `-f/--format`.
    var display: String { "--" + long }
}
