#!/usr/bin/env bash
# Regenerates Docs/cli.md from the built binary's --help and 'detectors'
# output (a test fails when the two drift apart). Usage: scripts/update-cli-doc.sh [AVQC]
set -euo pipefail
cd "$(dirname "$0")/.."
avqc=${1:-$(swift build -c release --show-bin-path)/avqc}
{
cat <<'TEXT'
# Command line

The command line is parsed by avqc's own code (no argument-parsing package).
`avqc --help` prints this summary:

```
TEXT
"$avqc" --help
cat <<'TEXT'
```

## Rules

- **`avqc pattern OUT`** writes a flash-and-beep sync reference: one white
  frame every second (the nearest whole number of frames) on dark grey, and
  a 1 kHz beep at −6 dBFS lasting two frames (at most 80 ms) starting
  `--offset` seconds after each flash. FFV1 video and 16-bit PCM where the
  container takes them (MKV, MOV, NUT, AVI), else the container's defaults
  (H.264 and AAC for MP4). Exit 0 when written, 2 for usage errors, 3 when
  it cannot be written.
- **Subcommands.** `analyze` is the default: `avqc clip.mp4` is
  `avqc analyze clip.mp4`. A file literally named `detectors`, `help`,
  `analyze` or `version` must be written `./detectors` (or after `--`).
- **Options** can come before or after paths. Long options take their value
  as `--format json` or `--format=json`; short ones as `-f json` or `-fjson`;
  flags cluster (`-qj4`). `--` ends options: everything after it is a path.
- **Paths.** A file; a directory, searched recursively for files with a media
  extension (`.mp4 .mov .mkv .webm .ts .m2ts .mxf .avi .wav .flac .mp3 .m4a
  .ogg .opus` and others; case-insensitive), hidden files and folders skipped,
  sorted by path; `--all-files` takes every regular file. `-` reads standard
  input (needs a streamable container: MKV, TS, or MP4 with its index first).
  A path given twice is analyzed once.
- **Reports.** `-f` picks the standard-output format. `-o FILE` sends that
  report to FILE instead; without `-f`, the format follows the extension
  (`.json`, `.csv`, `.xml` → junit, `.txt`), and a name without an
  extension (`/dev/null`, a FIFO) gets text. The format is never guessed:
  another extension without `-f` (`-o r.yaml`), or an extension that names
  another format than `-f` or `--report FORMAT=` asks for (`-f json -o
  r.csv`), is refused with exit 2; with `-f`, an extension that names no
  format (`-f json -o r.log`) is fine. Unknown detector ids, parameters and
  help topics get a "did you mean" when one is close. `--report FORMAT=FILE`
  (repeatable; `FILE` may be `-` for standard output) writes more reports from
  the same run. At most one report may go to standard output. A report
  file's directory must exist (checked before anything is analyzed).
- **Profiles.** `--profile NAME|FILE` applies a delivery profile (a
  built-in name from `avqc profiles`, or a YAML file): detectors, parameters,
  severities, time windows and streams. `--set` overrides it whatever the
  order, including the rule keys `DET.severity`, `DET.allow-head` and
  `DET.allow-tail`. `--fail-on error|warning|info` (default `error`, or the
  profile's) is the least severity that fails a file and earns exit 1. An
  unknown profile name gets a "did you mean". See [profiles.md](profiles.md).
- **Quiet.** `-q` turns off the progress line and the per-file error notes
  on standard error, and drops the standard-output report unless `-f` was
  given. Reports named with `-o` and `--report` are still written.
- **Progress** is shown on standard error only when it is a terminal, and
  never with `-q`: one line, rewritten in place, with the files done of the
  total and the file being analyzed, its percentage of the duration (or
  the time reached when the container declares none), frames per second
  and the time left, about ten times a second. Worker processes send their
  progress to avqc over the report pipe.
- **Text as it goes.** When the text report goes to standard output, each
  file's block is printed as soon as that file and every file before it
  are done, in input order: the output is the same whatever `-j`, and the
  totals line comes last.
- **Jobs.** `-j N` analyzes N files at once, each on its own thread with one
  decode. The default is the number of cores. With one file at a time,
  libavcodec chooses its own thread count; with several, the cores are
  shared between them.
- **Errors** on the command line print one line, `error: …`, naming the bad
  option, value, detector or parameter and what is allowed, then
  `See 'avqc --help'.`; the exit status is 2 and nothing is analyzed.
  Examples:

      error: unknown option '--fromat'; did you mean '--format'?
      error: invalid value 'xml' for '-f'; expected one of text, json, csv, junit
      error: detector 'black' has no parameter 'min-durations'; its parameters are: min-duration, picture-ratio, pixel-threshold
      error: invalid value in '--set freeze.noise=5dB': freeze.noise must be from -200 dB to 0 dB

## Detectors

See [detectors.md](detectors.md) for the algorithms. `avqc detectors` prints:

```
TEXT
"$avqc" detectors
echo '```'
} > Docs/cli.md
echo "wrote Docs/cli.md"
