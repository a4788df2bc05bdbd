import AVQCDetectors
import AVQCModel
import AVQCReports
import Foundation
import Testing

/// The built binary as a user and a CI job run it.
@Suite struct CommandLineTests {
    let sample = repositoryRoot.appendingPathComponent("Fixtures/sample.mp4")

    @Test func committedSampleHasItsThreeDefectsFrameExact() throws {
        let (run, report) = try avqcJSON([sample.path])
        #expect(run.status == 1)
        let defects = try #require(report.files.first).defects
        #expect(defects.map(\.detector) == ["black", "freeze", "silence"])
        #expect(
            defects[0].startFrame == 50 && defects[0].endFrame == 125 && defects[0].start == 2 && defects[0].end == 5)
        #expect(
            defects[1].startFrame == 150 && defects[1].endFrame == 225 && defects[1].start == 6 && defects[1].end == 9)
        #expect(abs(defects[2].start - 8) <= 0.01 && abs(defects[2].end - 10.5) <= 0.01)
        #expect(defects[0].startTimecode == "00:00:02.000")
    }

    @Test func usageErrorsExitTwoWithOneLineOnStderr() throws {
        for arguments in [
            ["--fromat", "json", sample.path], ["--set", "black.nope=1", sample.path], ["-j", "0", sample.path], [],
        ] {
            let run = try avqc(arguments)
            #expect(run.status == 2)
            #expect(run.stdout.isEmpty)
            let lines = run.stderr.split(separator: "\n")
            #expect(
                lines.count == 2 && lines[0].hasPrefix("error: ") && lines[1] == "See 'avqc --help'.", "\(run.stderr)")
        }
        #expect(try avqc(["--fromat", "json", sample.path]).stderr.contains("did you mean '--format'?"))
    }

    @Test func helpVersionAndDetectorsGoToStdoutAndExitZero() throws {
        let help = try avqc(["--help"])
        #expect(
            help.status == 0 && help.stdout.contains("USAGE") && help.stdout.contains("EXIT STATUS")
                && help.stderr.isEmpty)
        let version = try avqc(["--version"])
        #expect(version.status == 0 && version.stdout.hasPrefix("avqc \(ToolInfo.currentVersion) (libavformat "))
        let detectors = try avqc(["detectors"])
        #expect(detectors.status == 0 && detectors.stdout.contains("freeze.noise = -60 dB"))
    }

    @Test func cleanFileExitsZero() throws {
        let dir = try temporaryDirectory("clean")
        defer { try? FileManager.default.removeItem(at: dir) }
        let clean = dir.appendingPathComponent("clean.mkv")
        try ffmpeg([
            "-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=6", "-f", "lavfi", "-i", "sine=f=440:d=6",
            "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "flac", clean.path,
        ])
        let run = try avqc([clean.path])
        #expect(run.status == 0, "\(run.stdout)")
        #expect(run.stdout.contains("clean.mkv: PASS"))
        #expect(run.stdout.hasSuffix("1 file: 1 passed, 0 failed, 0 errors; 0 defects\n"))
    }

    @Test func oneRunWritesEveryFormatAtomicallyAndTheyAgree() throws {
        let dir = try temporaryDirectory("reports")
        defer { try? FileManager.default.removeItem(at: dir) }
        // A path with a comma, quotes and non-ASCII must survive every format.
        let hostile = dir.appendingPathComponent("clip, \"täst\" <1>.mp4")
        try FileManager.default.copyItem(at: sample, to: hostile)
        let json = dir.appendingPathComponent("r.json").path
        let csv = dir.appendingPathComponent("r.csv").path
        let junit = dir.appendingPathComponent("r.xml").path
        let text = dir.appendingPathComponent("r.txt").path
        let run = try avqc([
            "-q", "-o", text, "--report", "json=\(json)", "--report", "csv=\(csv)", "--report", "junit=\(junit)",
            hostile.path,
        ])
        #expect(run.status == 1 && run.stdout.isEmpty)
        #expect(
            Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
                == Set([hostile.lastPathComponent, "r.json", "r.csv", "r.xml", "r.txt"]))

        let report = try JSONReportWriter.parse(Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(report.files.first?.path == hostile.path)
        let rows = CSVField.parse(try String(contentsOfFile: csv, encoding: .utf8))
        #expect(rows.count == 4)
        #expect(rows.dropFirst().allSatisfy { $0[0] == hostile.path })
        #expect(rows.dropFirst().map { $0[1] } == report.files[0].defects.map(\.detector))
        #expect(rows[1][3] == "2" && rows[1][9] == "50" && rows[1][10] == "125")
        let lint = try execute("xmllint", ["--noout", "--schema", junitSchemaPath, junit])
        #expect(lint.status == 0, "\(lint.stderr)")
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains("failures=\"3\"") && xml.contains("tests=\"\(report.files[0].checks.count)\""))
        // One check per stream detector on each of the sample's two streams, one per file-level detector.
        let expected = DetectorCatalog.defaults.reduce(0) { count, descriptor in
            count + (descriptor.isFileLevel ? 1 : descriptor.kinds.count)
        }
        #expect(report.files[0].checks.count == expected)
        #expect(try String(contentsOfFile: text, encoding: .utf8).contains("3 defects"))
    }

    @Test func jsonFromTheBinaryValidatesAgainstTheSchema() throws {
        let dir = try temporaryDirectory("schema")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("r.json").path
        _ = try avqc(["-o", out, sample.path, "/nonexistent.mp4"])
        let check = try execute(
            "python3",
            [
                repositoryRoot.appendingPathComponent("scripts/validate-json.py").path,
                repositoryRoot.appendingPathComponent("Docs/report.schema.json").path, out,
            ])
        #expect(check.status == 0, "\(check.stdout)")
    }

    @Test func standardInput() throws {
        let (run, report) = try { () throws -> (Run, RunReport) in
            let run = try avqc(["-f", "json", "-"], input: sample)
            return (run, try JSONReportWriter.parse(Data(run.stdout.utf8)))
        }()
        #expect(run.status == 1, "\(run.stderr)")
        #expect(report.files.first?.path == "-")
        #expect(report.files.first?.defects.first?.startFrame == 50)
    }

    @Test func mp4WithItsIndexAtTheEndCannotComeFromAPipe() throws {
        let dir = try temporaryDirectory("pipe")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("index-last.mp4")
        try ffmpeg([
            "-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=3", "-f", "lavfi", "-i", "sine=d=3",
            "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", file.path,
        ])
        let run = try avqc(["-f", "json", "-"], input: file)
        #expect(run.status == 3, "\(run.stderr)")
        let report = try JSONReportWriter.parse(Data(run.stdout.utf8))
        let entry = try #require(report.files.first)
        #expect(entry.error?.kind.rawValue == "not-streamable")
        #expect(entry.error?.message.contains("faststart") == true)
        #expect(entry.defects.isEmpty)
        // The same file by path, and remuxed with its index first through the pipe, are fine.
        #expect(try avqc([file.path]).status == 0)
        let fast = dir.appendingPathComponent("index-first.mp4")
        try ffmpeg(["-i", file.path, "-c", "copy", "-movflags", "+faststart", fast.path])
        #expect(try avqc(["-"], input: fast).status == 0)
    }

    @Test func aClosedPipeEndsTheOutputNotTheRun() throws {
        // `avqc … | true`: the reader is gone before the report is written. avqc ends with its
        // own status (1: the sample has defects), not killed by SIGPIPE (141).
        let run = try execute(
            "/bin/bash", ["-c", "'\(avqcBinary)' -f json '\(sample.path)' | true; echo ${PIPESTATUS[0]}"])
        #expect(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "\(run.stdout) \(run.stderr)")
    }

    @Test func folderScansFollowLinksAndSkipNothingSilently() throws {
        let dir = try temporaryDirectory("links")
        defer { try? FileManager.default.removeItem(at: dir) }
        let manager = FileManager.default
        let a = dir.appendingPathComponent("a")
        let b = dir.appendingPathComponent("b")
        try manager.createDirectory(at: a, withIntermediateDirectories: true)
        try manager.createDirectory(at: b, withIntermediateDirectories: true)
        try manager.copyItem(at: sample, to: a.appendingPathComponent("x.mp4"))
        try manager.createSymbolicLink(
            atPath: b.appendingPathComponent("link.mp4").path, withDestinationPath: "../a/x.mp4")
        try manager.createSymbolicLink(atPath: a.appendingPathComponent("loop").path, withDestinationPath: "../b")
        try manager.createSymbolicLink(
            atPath: b.appendingPathComponent("gone.mp4").path, withDestinationPath: "/nonexistent")
        let (run, report) = try avqcJSON([dir.path])
        // The linked file is analyzed, the loop is searched once, the dangling link is an error (exit 3).
        #expect(run.status == 3)
        let paths = Set(report.files.map(\.path))
        #expect(
            paths.contains { $0.hasSuffix("/a/x.mp4") } && paths.contains { $0.hasSuffix("/b/link.mp4") }, "\(paths)")
        let gone = report.files.first { $0.path.hasSuffix("gone.mp4") }
        #expect(gone?.status == .error && gone?.error?.kind.rawValue == "not-found")
        #expect(report.files.filter { $0.status == .fail }.count == report.files.count - 1)
    }

    @Test func fileNamesCannotDriveTheTerminal() throws {
        let dir = try temporaryDirectory("escape")
        defer { try? FileManager.default.removeItem(at: dir) }
        let hostile = dir.appendingPathComponent("x\u{1B}]0;pwned\u{7}\u{1B}[2J.mp4")
        try Data("not media".utf8).write(to: hostile)
        let loud = try avqc([hostile.path])
        #expect(loud.status == 3)
        #expect(!loud.stderr.contains("\u{1B}") && !loud.stdout.contains("\u{1B}"))
        #expect(loud.stderr.contains("\\u{1b}"), "\(loud.stderr)")
    }

    @Test func onlyAudioDetectorsDecodeOnlyAudio() throws {
        let (_, report) = try avqcJSON(["--detectors", "silence", sample.path])
        let file = try #require(report.files.first)
        #expect(file.checks == [Check(detector: "silence", streamIndex: 1)])
        #expect(file.defects.map(\.detector) == ["silence"])
        let (_, video) = try avqcJSON(["--detectors", "black,freeze", sample.path])
        #expect(video.files.first?.checks.map(\.streamIndex) == [0, 0])
    }

    @Test func parametersChangeTheResult() throws {
        let (_, longer) = try avqcJSON([
            "--set", "black.min-duration=3.5", "--set", "freeze.min-duration=3.5", "--set", "silence.min-duration=3",
            sample.path,
        ])
        #expect(longer.files.first?.defects.isEmpty == true)
        // The H.264 sample's repeated frames differ from frame 150 by up to -80 dB:
        // with a -100 dB floor the first few no longer count as frozen.
        let (_, strict) = try avqcJSON(["--set", "freeze.noise=-100dB", sample.path])
        #expect((strict.defects("freeze").first?.startFrame ?? 0) > 150)
        #expect(strict.defects("black").count == 1)
    }

    @Test func directoriesAreSearchedRecursivelySkippingHiddenAndNonMedia() throws {
        let dir = try temporaryDirectory("tree")
        defer { try? FileManager.default.removeItem(at: dir) }
        let nested = dir.appendingPathComponent("season 1/episode")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent(".cache"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: sample, to: nested.appendingPathComponent("e1.MP4"))
        try FileManager.default.copyItem(at: sample, to: dir.appendingPathComponent(".hidden.mp4"))
        try FileManager.default.copyItem(at: sample, to: dir.appendingPathComponent(".cache/c.mp4"))
        FileManager.default.createFile(atPath: dir.appendingPathComponent("notes.txt").path, contents: Data("x".utf8))
        let (run, report) = try avqcJSON([dir.path])
        #expect(run.status == 1)
        #expect(report.files.map(\.path) == [dir.path + "/season 1/episode/e1.MP4"])
        let (all, allReport) = try avqcJSON(["--all-files", dir.path])
        #expect(all.status == 3)  // notes.txt is not media
        #expect(allReport.files.count == 2)

        let empty = try temporaryDirectory("emptytree")
        defer { try? FileManager.default.removeItem(at: empty) }
        let (none, noneReport) = try avqcJSON([empty.path])
        #expect(none.status == 3 && noneReport.files.first?.error?.kind.rawValue == "no-inputs")
    }
}

/// Progress goes to standard error only when it is a terminal.
@Suite struct ProgressTests {
    @Test func progressOnlyOnATerminal() throws {
        let sample = repositoryRoot.appendingPathComponent("Fixtures/sample.mp4").path
        let piped = try avqc(["-f", "json", "-o", "/dev/null", sample])
        #expect(!piped.stderr.contains("[1/1]"))
        // `script` (util-linux) gives the command a terminal.
        let command = "'\(avqcBinary)' -f json -o /dev/null '\(sample)'"
        let onTerminal = try execute("script", ["-qc", command, "/dev/null"])
        #expect(onTerminal.stdout.contains("[1/1]"), "\(onTerminal.stdout)")
        let quiet = try execute("script", ["-qc", command + " -q", "/dev/null"])
        #expect(!quiet.stdout.contains("[1/1]"))
    }

    /// The progress line gives the percentage, frames per second and time left.
    @Test func progressShowsPercentFramesPerSecondAndTimeLeft() throws {
        let sample = repositoryRoot.appendingPathComponent("Fixtures/sample.mp4").path
        let command = "'\(avqcBinary)' -f json -o /dev/null '\(sample)'"
        let onTerminal = try execute("script", ["-qc", command, "/dev/null"])
        #expect(
            onTerminal.stdout.contains(/\[0\/1\] .*sample\.mp4  \d+%  \d+ fps  ETA \d\d:\d\d:\d\d/),
            "\(onTerminal.stdout)")
    }

    /// A file's text block comes out when it is done, before later files finish.
    @Test func textBlocksArePrintedAsFilesFinish() throws {
        let dir = try temporaryDirectory("streamed")
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("never.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let sample = repositoryRoot.appendingPathComponent("Fixtures/sample.mp4").path
        // The FIFO never gets a writer: its analysis waits until --timeout (3 s) and the kill grace.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: avqcBinary)
        process.arguments = ["-j", "1", "--timeout", "3", sample, fifo]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let started = Date()
        var seen = ""
        while !seen.contains("measured clicks"), Date().timeIntervalSince(started) < 20 {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        // The sample's block arrived while the FIFO's analysis still runs.
        #expect(seen.contains("Fixtures/sample.mp4: FAIL"), "\(seen)")
        #expect(process.isRunning)
        #expect(!seen.contains("2 files:"))
        let rest = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let all = seen + String(decoding: rest, as: UTF8.self)
        #expect(all.contains("never.fifo: ERROR") && all.hasSuffix("2 files: 0 passed, 1 failed, 1 error; 3 defects\n"))
        // Each block once, in input order.
        #expect(all.components(separatedBy: "sample.mp4: FAIL").count == 2)
        let first = try #require(all.range(of: "sample.mp4: FAIL")?.lowerBound)
        let second = try #require(all.range(of: "never.fifo: ERROR")?.lowerBound)
        #expect(first < second)
    }

    /// Severities are coloured on a terminal, never in a pipe or a file, nor with NO_COLOR.
    @Test func colourOnlyOnATerminal() throws {
        let sample = repositoryRoot.appendingPathComponent("Fixtures/sample.mp4").path
        // The test runner may itself set NO_COLOR: unset it for the terminal case.
        let command =
            "env -u NO_COLOR '\(avqcBinary)' --detectors black,freeze --set freeze.severity=warning '\(sample)'"
        let onTerminal = try execute("script", ["-qc", command, "/dev/null"])
        #expect(onTerminal.stdout.contains("\u{1B}[1;31mERROR\u{1B}[0m"), "\(onTerminal.stdout)")
        #expect(onTerminal.stdout.contains("\u{1B}[33mWARN \u{1B}[0m"))
        let noColour = try execute(
            "script", ["-qc", command.replacingOccurrences(of: "-u NO_COLOR", with: "NO_COLOR=1"), "/dev/null"])
        #expect(!noColour.stdout.contains("\u{1B}[1;31m") && noColour.stdout.contains("ERROR  black"))
        let piped = try avqc(["--detectors", "black,freeze", "--set", "freeze.severity=warning", sample])
        #expect(!piped.stdout.contains("\u{1B}[") && piped.stdout.contains("WARN   freeze"))
    }
}
