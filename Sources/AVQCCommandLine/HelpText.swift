import AVQCDetectors
import AVQCModel

/// `avqc --help` and `avqc help TOPIC`. Lines fit in 80 columns.
enum HelpText {
    static let topics =
        ["analyze", "detectors", "profiles", "formats", "exit-codes", "scale-out", "merge"]
        + DetectorCatalog.all.map(\.id)

    static func text(topic: String?) -> String {
        switch topic {
        case nil, "analyze": return main
        case "detectors": return DetectorListing.text()
        case "profiles": return ProfileListing.text()
        case "formats": return formats
        case "exit-codes": return exitCodes
        case "scale-out", "merge": return scaleOut
        case let id?:
            if let descriptor = DetectorCatalog.descriptor(id: id) { return DetectorListing.text(for: descriptor) }
            return main
        }
    }

    /// Every option, by section, rendered from `OptionSpec.all`.
    static let options: String = OptionSpec.Section.allCases.map { section in
        section.rawValue + "\n" + OptionSpec.all.filter { $0.section == section }.map(\.helpLines).joined()
    }.joined(separator: "\n")

    static let main = """
        avqc \(ToolInfo.currentVersion): find audio/video defects in media files, as time spans.

        USAGE
          avqc [analyze] [options] PATH...
          avqc detectors              list detectors, parameters and defaults
          avqc profiles               list the built-in delivery profiles
          avqc profile show NAME|FILE print a profile, to copy and edit
          avqc pattern [--duration S] [--fps R] [--offset S] [--size WxH] OUT
                                      write a flash-and-beep sync reference
          avqc merge REPORT.json... [-f FORMAT] [-o FILE]
                                      join shard reports into one run's
          avqc help [TOPIC]           topics: analyze, detectors, profiles,
                                      formats, exit-codes, scale-out, or a
                                      detector id
          avqc --version

        A PATH is a media file, a directory (searched recursively for media
        files by extension; hidden files are skipped; symbolic links are
        followed), or '-' for standard input. A device or FIFO is analyzed
        only when named, within --timeout or else 60 s.

        \(options)
        EXIT STATUS
          0  every input analyzed, no defect of --fail-on severity (warnings
             and info are reported)
          1  at least one defect of --fail-on severity (default: error)
          2  usage error (nothing was analyzed)
          3  at least one input could not be analyzed (wins over 1)
          130, 143  interrupted by SIGINT, SIGTERM (128 + signal): reports
             hold the finished files, the rest marked 'interrupted'

        EXAMPLES
          avqc encode.mp4
          avqc --profile streaming -f junit -o qc.xml --report json=qc.json outputs/
          avqc --profile ebu-r128 --set freeze.severity=warning master.mxf
          avqc --detectors black,freeze --set freeze.min-duration=0.5 clip.mkv

        """

    static let formats = """
        REPORT FORMATS (details: Docs/report-format.md)
          text   a QC log: per file, one line per defect with its severity,
                 in and out (SMPTE when the file has a timecode), duration,
                 frames [first, end) and evidence; then a line of totals
          json   one object: schemaVersion, tool, complete, run (versions,
                 command line, settings, profile and its SHA-256, times),
                 summary, files[] (path and status first); see
                 Docs/report.schema.json
          csv    RFC 4180, by --csv-rows: defects (default) one row per
                 defect and one per file not analyzed; files one row per
                 input with its verdict and counts; measurements one row
                 per measured value
          junit  one <testsuite> per file, one <testcase> per detector and
                 stream (unique class name and name), <failure> with the
                 first spans' times, <skipped> for warnings, <error> for a
                 file not analyzed, measurements as <properties>
          html   one self-contained page (nothing fetched): verdict, per
                 file a timeline lane per stream, graphs, and a card per
                 defect with thumbnails from inside the span; the JSON
                 report embedded

        Frame ranges are half-open everywhere: [50, 125) is frames 50 to
        124, as JSON's startFrame 50 and endFrame 125.

        Times are seconds from the start of the file (the container's start
        time subtracted), as players show and 'ffmpeg -ss' takes.

        """

    static let scaleOut = """
        SCALE-OUT (recipes: Docs/scale-out.md)
          Run one avqc per shard on the scheduler you have, then merge:
            avqc --shard 2/8 -f json -o shard-2.json /archive
            avqc merge shard-*.json -f junit -o qc.xml

          --shard K/N picks share K of N of the inputs. Every shard expands
          the same paths and computes the same split: a stable hash of each
          path relative to the folder it was found under (or as named), so
          mount points and listing order do not matter. --shard-weights
          PREVIOUS.json splits greedily by the durations in an earlier
          report instead (longest first, to the lightest shard).

          Without --shard, an array task's variables give K/N:
            Kubernetes Indexed Job  JOB_COMPLETION_INDEX (from 0), N from
                                    --shard-count (Kubernetes has no count)
            Slurm job array         (SLURM_ARRAY_TASK_ID - _MIN) / _STEP,
                                    N = SLURM_ARRAY_TASK_COUNT
            AWS Batch array job     AWS_BATCH_JOB_ARRAY_INDEX (from 0),
                                    N = AWS_BATCH_JOB_ARRAY_SIZE
            GitLab CI parallel:     CI_NODE_INDEX (from 1), CI_NODE_TOTAL
          --no-shard ignores them. A shard's JSON report records run.shard
          (K/N, source, positions) and run.inputs (count and SHA-256 of the
          whole input list).

          avqc merge REPORT.json... [-f FORMAT] [-o FILE] [--report F=FILE]
          writes the report one process would have written (timing and
          command line aside) and exits as it would have (0, 1 or 3). It
          exits 2, naming the report, when a shard is missing or given
          twice, or the shards' inputs or settings differ.

        """

    static let exitCodes = """
        EXIT STATUS
          0  every input analyzed, no defect of the --fail-on severity
             (default error; a profile may set another): warnings and info
             are reported and still exit 0
          1  at least one defect of the --fail-on severity or worse
          2  usage error: bad option or value, unknown or invalid profile;
             nothing was analyzed
          3  at least one input could not be analyzed (missing, unreadable,
             empty, not media, no decodable stream); this wins over 1. The
             other inputs are still analyzed and reported. A file that hit
             a limit (--timeout, --max-pixels, --max-streams, --max-memory)
             or whose worker crashed is such an input.
          129, 130, 143
             interrupted by SIGHUP, SIGINT or SIGTERM (128 + the signal).
             Every report is still written: finished files as analyzed, the
             rest with status 'interrupted', the run marked incomplete. A
             second signal ends avqc at once; the report files then hold
             the last checkpoint (rewritten about once a second).

        A damaged or truncated file that can still be read is analyzed to
        the end of its readable data and fails (1) with decode-error or
        truncation spans.

        """
}
