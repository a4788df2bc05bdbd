import AVQCModel
import AVQCReports
import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Profiles, severities, time windows, stream selection and SMPTE
/// timecodes, end to end through the binary and every report format.
@Suite(.serialized) struct ProfileEndToEndTests {
    /// 10 s at 24 fps whose first 12 frames (exactly 0.5 s) are black, with pink noise.
    static func blackHead(in directory: URL) throws -> URL {
        let file = directory.appendingPathComponent("black-head.mp4")
        try ffmpeg([
            "-f", "lavfi", "-i", "testsrc2=s=320x180:r=24:d=10", "-f", "lavfi", "-i",
            "anoisesrc=c=pink:a=0.05:d=10:r=48000:seed=7", "-vf",
            "drawbox=x=0:y=0:w=iw:h=ih:color=black:t=fill:enable='lt(n,12)'", "-c:v", "libx264", "-c:a", "aac",
            "-shortest", file.path,
        ])
        return file
    }

    @Test func aHalfSecondBlackHeadPassesStreamingAndFailsWithoutTheAllowance() throws {
        let dir = try temporaryDirectory("profile-head")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try Self.blackHead(in: dir)
        let (allowed, report) = try avqcJSON(["--profile", "streaming", file.path])
        #expect(allowed.status == 0, "\(allowed.stdout)")
        #expect(report.files.first?.status == .pass)
        #expect(report.run?.profile?.name == "streaming")

        let (strict, failed) = try avqcJSON(["--profile", "streaming", "--set", "black.allow-head=0", file.path])
        #expect(strict.status == 1)
        let black = try #require(failed.defects("black").first)
        #expect(abs(black.start) < 0.001 && abs(black.end - 0.5) < 0.001)
        #expect(black.severity == .error)
        #expect(black.rule == "profile streaming: detectors.black; --set black.allow-head=0")
        // Without the profile, the default 2 s minimum hides a 0.5 s black head.
        #expect(try avqcJSON(["--detectors", "black", file.path]).1.defects("black").isEmpty)
    }

    @Test func aTooLoudFileFailsEBUR128WithTheMeasuredAndAllowedValues() throws {
        let dir = try temporaryDirectory("profile-loud")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("loud.wav")
        try ffmpeg(["-f", "lavfi", "-i", "anoisesrc=c=pink:a=0.6:d=8:r=48000:seed=3", "-ac", "2", file.path])
        let run = try avqc(["--profile", "ebu-r128", file.path])
        #expect(run.status == 1)
        let line = try #require(run.stdout.split(separator: "\n").first { $0.contains("ERROR  loudness") })
        #expect(line.contains("reason=integrated loudness -19.") && line.contains("is outside -23 ±0.5 LU"), "\(line)")
        #expect(
            line.contains("targetLUFS=-23") && line.contains("toleranceLU=0.5") && line.contains("maxTruePeakDBTP=-1"))
        let atsc = try avqc(["--profile", "atsc-a85", "--detectors", "loudness", file.path])
        #expect(atsc.status == 1 && atsc.stdout.contains("is outside -24 ±2 LU"), "\(atsc.stdout)")
        // The same file brought to -23 LUFS passes.
        let quiet = dir.appendingPathComponent("quiet.wav")
        try ffmpeg(["-i", file.path, "-af", "volume=-3.83dB", quiet.path])
        let normal = try avqc(["--profile", "ebu-r128", "--detectors", "loudness", quiet.path])
        #expect(normal.status == 0, "\(normal.stdout)")
    }

    @Test func aFreezeSetToWarningExitsZeroAndAppearsInEveryFormat() throws {
        let dir = try temporaryDirectory("profile-warning")
        defer { try? FileManager.default.removeItem(at: dir) }
        let profile = dir.appendingPathComponent("house.yaml")
        try Data(
            """
            avqc-profile: 1
            name: house
            detectors:
              freeze:
                severity: warning
              black:
                severity: info
              silence:
                enabled: false
            """.utf8
        ).write(to: profile)
        let sample = repositoryRoot.appendingPathComponent("Fixtures/sample.mp4").path
        let reports = ["json", "csv", "junit"].map {
            dir.appendingPathComponent("r.\($0 == "junit" ? "xml" : $0)").path
        }
        let run = try avqc(
            [
                "--detectors", "black,freeze", "--profile", profile.path, "--report", "json=\(reports[0])", "--report",
                "csv=\(reports[1])",
                "--report", "junit=\(reports[2])", sample,
            ])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("  WARN   freeze  #0  00:00:06.000 → 00:00:09.000  3.000 s  frames [150, 225)"))
        #expect(run.stdout.contains("  INFO   black   #0  00:00:02.000 → 00:00:05.000  3.000 s  frames [50, 125)"))
        #expect(
            run.stdout.contains(
                "1 file: 0 passed, 1 with warnings, 0 failed, 0 errors; 2 defects (0 errors, 1 warnings, 1 info)"))
        let report = try JSONReportWriter.parse(Data(contentsOf: URL(fileURLWithPath: reports[0])))
        #expect(report.files.first?.status == .warn)
        #expect(report.defects("freeze").first?.severity == .warning)
        #expect(report.defects("freeze").first?.rule == "profile house: detectors.freeze")
        #expect(report.run?.profile?.origin == profile.path)
        let rows = CSVField.parse(try String(contentsOfFile: reports[1], encoding: .utf8))
        #expect(rows.dropFirst().map { [$0[1], $0[7]] } == [["black", "info"], ["freeze", "warning"]])
        let xml = try XMLDocument(contentsOf: URL(fileURLWithPath: reports[2]))
        #expect(try xml.nodes(forXPath: "//failure").isEmpty)
        let skipped = try xml.nodes(forXPath: "//testcase[@name='freeze stream 0']/skipped")
        #expect(skipped.count == 1)
        // --fail-on warning turns the same warning into exit 1 and a JUnit failure.
        let strict = try avqc([
            "--detectors", "black,freeze", "--profile", profile.path, "--fail-on", "warning", "-f", "junit", sample,
        ])
        #expect(strict.status == 1)
        #expect(strict.stdout.contains("<failure message=\"1 freeze span on stream 0: 00:00:06.000 → 00:00:09.000"))
    }

    /// Ten files, read back the way CI servers read them.
    @Test func junitFromATenFileBatchHasUniqueCaseIDsAndTimedMessages() throws {
        let dir = try temporaryDirectory("profile-junit")
        defer { try? FileManager.default.removeItem(at: dir) }
        let sample = repositoryRoot.appendingPathComponent("Fixtures/sample.mp4")
        for index in 0..<9 {
            try FileManager.default.copyItem(at: sample, to: dir.appendingPathComponent("clip.\(index).mp4"))
        }
        try Data("not media".utf8).write(to: dir.appendingPathComponent("broken.mp4"))
        let xmlPath = dir.appendingPathComponent("report.xml").path
        let run = try avqc(["-f", "junit", "-o", xmlPath, "--set", "silence.severity=warning", dir.path])
        #expect(run.status == 3)
        let valid = try execute("xmllint", ["--noout", "--schema", junitSchemaPath, xmlPath])
        #expect(valid.status == 0, "\(valid.stderr)")
        let script = """
            import sys, collections
            from junitparser import JUnitXml, Failure, Skipped
            xml = JUnitXml.fromfile(sys.argv[1])
            ids, messages, skipped, timed = [], [], [], 0
            for suite in xml:
                for case in suite:
                    ids.append((case.classname, case.name))
                    timed += case.time > 0
                    for result in case.result:
                        if isinstance(result, Failure):
                            messages.append(result.message)
                        if isinstance(result, Skipped):
                            skipped.append(result.message)
            dupes = [k for k, n in collections.Counter(ids).items() if n > 1]
            print(len(list(xml)), len(ids), len(dupes), len(messages), len(skipped), timed)
            for m in messages + skipped:
                print(m)
            """
        let parsed = try execute("/usr/bin/python3", ["-c", script, xmlPath])
        #expect(parsed.status == 0, "\(parsed.stderr)")
        let lines = parsed.stdout.split(separator: "\n").map(String.init)
        let counts = (lines.first ?? "").split(separator: " ").compactMap { Int($0) }
        #expect(counts.count == 6)
        guard counts.count == 6 else { return }
        #expect(counts[0] == 10)  // one suite per file
        #expect(counts[2] == 0, "duplicate (classname, name) pairs")
        #expect(counts[3] == 18)  // black and freeze failures in each of nine copies
        #expect(counts[4] == 9)  // silence, made a warning, is skipped with its message
        #expect(counts[5] > 9)  // detector times are measured, not zero
        let messages = lines.dropFirst()
        #expect(messages.contains("1 black span on stream 0: 00:00:02.000 → 00:00:05.000 (3.000 s)"))
        #expect(messages.contains("warning: 1 silence span on stream 1: 00:00:08.004 → 00:00:10.499 (2.495 s)"))
        #expect(messages.allSatisfy { $0.contains(" → ") && $0.contains(" s)") })
    }

    @Test func smpteTimecodesFromTheFile() throws {
        let dir = try temporaryDirectory("profile-smpte")
        defer { try? FileManager.default.removeItem(at: dir) }
        // Black from 5 s to 7 s under a 10:00:00:00 timecode, in three containers.
        let black = "drawbox=x=0:y=0:w=iw:h=ih:color=black:t=fill:enable='between(n,125,174)'"
        var files: [(URL, [String])] = []
        for (name, codec) in [("tc.mov", "libx264"), ("tc.mkv", "libx264"), ("tc.mxf", "mpeg2video")] {
            let file = dir.appendingPathComponent(name)
            try ffmpeg([
                "-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=10", "-vf", black, "-c:v", codec,
                "-timecode", "10:00:00:00", file.path,
            ])
            files.append((file, ["10:00:05:00", "10:00:07:00"]))
        }
        for (file, expected) in files {
            let (_, report) = try avqcJSON(["--detectors", "black", "--set", "black.min-duration=1", file.path])
            #expect(report.files.first?.timecode?.start == "10:00:00:00", "\(file.lastPathComponent)")
            let span = try #require(report.defects("black").first, "\(file.lastPathComponent)")
            let tc = try #require(report.files.first?.timecode)
            #expect([tc.string(atSeconds: span.start), tc.string(atSeconds: span.end)] == expected)
            let json = try avqc(["-f", "json", "--detectors", "black", "--set", "black.min-duration=1", file.path])
            #expect(json.stdout.contains("\"startSMPTE\" : \"10:00:05:00\""), "\(file.lastPathComponent)")
            #expect(json.stdout.contains("\"endSMPTE\" : \"10:00:07:00\""))
            let text = try avqc(["--detectors", "black", "--set", "black.min-duration=1", file.path])
            #expect(text.stdout.contains("ERROR  black  #0  10:00:05:00 → 10:00:07:00  2.000 s  frames [125, 175)"))
        }
        // 29.97 fps drop frame: 00:00:58;00 plus 60 frames is 00:01:00;02 (;00 and ;01 are skipped).
        let ntsc = dir.appendingPathComponent("df.mov")
        try ffmpeg([
            "-f", "lavfi", "-i", "testsrc2=s=320x180:r=30000/1001:d=5", "-vf",
            "drawbox=x=0:y=0:w=iw:h=ih:color=black:t=fill:enable='between(n,60,89)'", "-c:v", "libx264",
            "-timecode", "00:00:58;00", ntsc.path,
        ])
        let text = try avqc(["--detectors", "black", "--set", "black.min-duration=0.5", ntsc.path])
        #expect(text.stdout.contains("timecode 00:00:58;00 at 29.97 fps drop-frame"), "\(text.stdout)")
        #expect(text.stdout.contains("ERROR  black  #0  00:01:00;02 → 00:01:01;02"), "\(text.stdout)")
    }

    @Test func streamSelectionLeavesASilentCommentaryOut() throws {
        let dir = try temporaryDirectory("profile-streams")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("two-tracks.mkv")
        try ffmpeg([
            "-f", "lavfi", "-i", "anoisesrc=c=pink:a=0.05:d=6:r=48000:seed=5", "-f", "lavfi", "-i",
            "anullsrc=r=48000:cl=stereo", "-map", "0:a", "-map", "1:a", "-t", "6", "-c:a", "flac",
            "-metadata:s:a:0", "language=eng", "-metadata:s:a:0", "title=Main", "-metadata:s:a:1", "language=eng",
            "-metadata:s:a:1", "title=Director's Commentary", file.path,
        ])
        let profile = dir.appendingPathComponent("p.yaml")
        try Data(
            """
            avqc-profile: 1
            name: no-commentary
            detectors:
              silence:
                skip-streams: {title: commentary}
              loudness:
                streams: {type: audio, language: eng}
                skip-streams: {title: [commentary, "audio description"]}
            """.utf8
        ).write(to: profile)
        let (all, before) = try avqcJSON(["--detectors", "silence,loudness", file.path])
        #expect(all.status == 1)
        #expect(before.defects("silence").map(\.streamIndex) == [1])
        let (run, report) = try avqcJSON(["--profile", profile.path, "--detectors", "silence,loudness", file.path])
        #expect(run.status == 0)
        let checks = report.files.first?.checks.map { "\($0.detector)#\($0.streamIndex)" }
        #expect(checks == ["silence#0", "loudness#0"])
        #expect(report.files.first?.streams.last?.title == "Director's Commentary")
    }

    @Test func requiredBarsAtTheHead() throws {
        let dir = try temporaryDirectory("profile-required")
        defer { try? FileManager.default.removeItem(at: dir) }
        let withBars = dir.appendingPathComponent("bars.mp4")
        try ffmpeg([
            "-f", "lavfi", "-i", "smptebars=s=320x180:r=25:d=3", "-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=5",
            "-filter_complex", "[0][1]concat=n=2:v=1:a=0,format=yuv420p", "-c:v", "libx264", withBars.path,
        ])
        let without = dir.appendingPathComponent("plain.mp4")
        try ffmpeg([
            "-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=8", "-c:v", "libx264", "-pix_fmt", "yuv420p", without.path,
        ])
        let profile = dir.appendingPathComponent("bars.yaml")
        try Data(
            "avqc-profile: 1\nname: bars-first\ndetectors:\n  color-bars:\n    required: {from: 0, to: 3}\n".utf8
        ).write(to: profile)
        // Without the rule, bars at the head are a defect; with it, they are what was asked for.
        #expect(try avqcJSON(["--detectors", "color-bars", withBars.path]).1.defects("color-bars").count == 1)
        let (pass, passed) = try avqcJSON(["--profile", profile.path, "--detectors", "color-bars", withBars.path])
        #expect(pass.status == 0 && passed.defects("color-bars").isEmpty)
        let (fail, failed) = try avqcJSON(["--profile", profile.path, "--detectors", "color-bars", without.path])
        #expect(fail.status == 1)
        let missing = try #require(failed.defects("color-bars").first)
        #expect(missing.start == 0 && missing.end == 3)
        #expect(missing.details["missing"] == .string("required color-bars span not found in 0–3 s"))
    }

    /// archive-ingest rejects only lost content: the sample's black, freeze and
    /// silence are information; a truncated copy fails.
    @Test func archiveIngestRejectsOnlyLostContent() throws {
        let sample = repositoryRoot.appendingPathComponent("Fixtures/sample.mp4")
        let (run, report) = try avqcJSON(["--profile", "archive-ingest", sample.path])
        #expect(run.status == 0)
        #expect(report.files.first?.status == .pass)
        #expect(Set(report.files.first?.defects.map(\.severity) ?? []) == [.info])
        #expect(report.files.first?.defects.count == 3)
        let dir = try temporaryDirectory("profile-archive")
        defer { try? FileManager.default.removeItem(at: dir) }
        let cut = dir.appendingPathComponent("cut.ts")
        try ffmpeg(["-i", sample.path, "-c", "copy", cut.path])
        let bytes = try Data(contentsOf: cut)
        try bytes.prefix(bytes.count / 2).write(to: cut)
        let (truncated, damaged) = try avqcJSON(["--profile", "archive-ingest", cut.path])
        #expect(truncated.status == 1)
        #expect(damaged.files.first?.defects.contains { $0.detector == "truncation" && $0.severity == .error } == true)
    }

    /// The README's CI gate profile is a profile avqc accepts.
    @Test func theReadmeProfileLoads() throws {
        let readme = try String(contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "```yaml\n"))
        let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
        let dir = try temporaryDirectory("profile-readme")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("delivery.yaml")
        try Data(readme[start.upperBound..<end.lowerBound].utf8).write(to: file)
        let show = try avqc(["profile", "show", file.path])
        #expect(show.status == 0, "\(show.stderr)")
        let sample = repositoryRoot.appendingPathComponent("Fixtures/sample.mp4").path
        let (run, report) = try avqcJSON(["--profile", file.path, sample])
        #expect(run.status == 1)
        #expect(report.run?.profile?.name == "delivery")
        #expect(report.defects("black").first?.severity == .error)
    }

    @Test func profileCommands() throws {
        let list = try avqc(["profiles"])
        #expect(list.status == 0)
        for name in ["ebu-r128", "atsc-a85", "streaming", "archive-ingest"] {
            #expect(list.stdout.contains("\n\(name): "), "\(name)")
        }
        #expect(list.stdout.contains("not checked:"))
        let show = try avqc(["profile", "show", "streaming"])
        #expect(show.status == 0 && show.stdout.hasPrefix("# avqc profile"))
        // What `profile show` prints is a profile avqc reads back unchanged.
        let dir = try temporaryDirectory("profile-show")
        defer { try? FileManager.default.removeItem(at: dir) }
        let copy = dir.appendingPathComponent("copy.yaml")
        try Data(show.stdout.utf8).write(to: copy)
        let sample = repositoryRoot.appendingPathComponent("Fixtures/sample.mp4").path
        let builtIn = try avqc(["-f", "csv", "--profile", "streaming", sample])
        let copied = try avqc(["-f", "csv", "--profile", copy.path, sample])
        #expect(builtIn.stdout == copied.stdout)
        let unknown = try avqc(["profile", "show", "streeming"])
        #expect(unknown.status == 2 && unknown.stderr.contains("did you mean 'streaming'?"))
        let bad = try avqc(["--profile", "nope", sample])
        #expect(
            bad.status == 2
                && bad.stderr.hasPrefix("error: --profile: no profile file or built-in profile named 'nope'"))
    }
}
