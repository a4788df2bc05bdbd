import AVQCDetectors
import AVQCModel

/// `avqc --help` and `avqc help TOPIC`. Lines fit in 80 columns.
enum HelpText {
    static let topics = ["analyze", "detectors", "formats", "exit-codes"] + DetectorCatalog.all.map(\.id)

    static func text(topic: String?) -> String {
        switch topic {
        case nil, "analyze": return main
        case "detectors": return DetectorListing.text()
        case "formats": return formats
        case "exit-codes": return exitCodes
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
          avqc pattern [--duration S] [--fps R] [--offset S] [--size WxH] OUT
                                      write a flash-and-beep sync reference
          avqc help [TOPIC]           topics: analyze, detectors, formats,
                                      exit-codes, or a detector id
          avqc --version

        A PATH is a media file, a directory (searched recursively for media
        files by extension; hidden files are skipped; symbolic links are
        followed), or '-' for standard input. A device or FIFO is analyzed
        only when named, within --timeout or else 60 s.

        \(options)
        EXIT STATUS
          0  every input analyzed, no defects
          1  at least one defect found
          2  usage error (nothing was analyzed)
          3  at least one input could not be analyzed (wins over 1)
          130, 143  interrupted by SIGINT, SIGTERM (128 + signal): reports
             hold the finished files, the rest marked 'interrupted'

        EXAMPLES
          avqc encode.mp4
          avqc -f junit -o qc.xml --report json=qc.json outputs/
          avqc --detectors black,freeze --set freeze.min-duration=0.5 clip.mkv

        """

    static let formats = """
        REPORT FORMATS (details: Docs/report-format.md)
          text   a block per file and a line of totals, for people
          json   one object: schemaVersion, tool, files[], summary; stable,
                 sorted keys; see Docs/report.schema.json
          csv    one row per defect (RFC 4180):
                 path,detector,stream,start,end,duration,start_timecode,
                 severity,details,start_frame,end_frame
                 and one row with an empty detector per file not analyzed
                 (details: status=error|interrupted; kind=...; message=...)
          junit  <testsuites>: one <testsuite> per file, one <testcase> per
                 detector and stream, <failure> listing the spans, <error>
                 for a file that could not be analyzed

        Times are seconds from the start of the file (the container's start
        time subtracted), as players show and 'ffmpeg -ss' takes.

        """

    static let exitCodes = """
        EXIT STATUS
          0  every input analyzed, no defects
          1  at least one defect found
          2  usage error: bad option or value; nothing was analyzed
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
