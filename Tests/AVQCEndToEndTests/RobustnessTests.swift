import AVQCModel
import AVQCReports
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Issue #10: a batch survives any one file, an interruption leaves valid
/// reports, every limit stops a file with a message that names it, nothing
/// is skipped silently and report targets are written safely.
@Suite(.serialized) struct RobustnessTests {
    let sample = repositoryRoot.appendingPathComponent("Fixtures/sample.mp4")
    /// Set by `make sanitize`: avqc is an AddressSanitizer build (no memory limit, bigger footprint).
    static let sanitized = ProcessInfo.processInfo.environment["AVQC_SANITIZED"] == "1"

    /// A 720p, 60 s file: about 3 s of analysis, long enough to interrupt.
    static let longFile: Result<URL, MediaMakingError> = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("avqc-robust-long")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("long.mp4")
        if FileManager.default.fileExists(atPath: file.path) { return .success(file) }
        do {
            try ffmpeg([
                "-f", "lavfi", "-i", "testsrc2=s=1280x720:r=25:d=60", "-f", "lavfi", "-i", "sine=f=440:d=60",
                "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", file.path,
            ])
            return .success(file)
        } catch let error as MediaMakingError {
            return .failure(error)
        } catch {
            return .failure(MediaMakingError(message: "\(error)"))
        }
    }()

    /// Starts avqc without waiting for it.
    func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: avqcBinary)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Waits until `condition` holds, at most `seconds`.
    func wait(upTo seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    /// The checkpoint or final JSON report at `path`, if it parses.
    func report(at path: URL) -> RunReport? {
        (try? Data(contentsOf: path)).flatMap { try? JSONReportWriter.parse($0) }
    }

    @Test(arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func interruptedBatchLeavesValidReportsInEveryFormat(signal: Int32, exitStatus: Int32) throws {
        let long = try Self.longFile.get()
        let dir = try temporaryDirectory("interrupt")
        defer { try? FileManager.default.removeItem(at: dir) }
        let inputs = ["a.mp4", "b.mp4", "c.mp4"].map { dir.appendingPathComponent($0) }
        try FileManager.default.copyItem(at: sample, to: inputs[0])
        try FileManager.default.copyItem(at: long, to: inputs[1])
        try FileManager.default.copyItem(at: long, to: inputs[2])
        let json = dir.appendingPathComponent("qc.json")
        let csv = dir.appendingPathComponent("qc.csv")
        let junit = dir.appendingPathComponent("qc.xml")
        try Data("stale report from an older run".utf8).write(to: json)

        let process = try start(
            ["-j", "1", "-q", "-o", json.path, "--report", "csv=\(csv.path)", "--report", "junit=\(junit.path)"]
                + inputs.map(\.path))
        // The first checkpoint replaces the stale report at once; wait for the first file to finish.
        let firstDone = wait(upTo: 60) { report(at: json)?.files.first?.status == .fail }
        #expect(firstDone, "the checkpoint never showed the first file finished")
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationStatus == exitStatus)

        let final = try #require(report(at: json))
        #expect(final.complete == false)
        #expect(final.files.map(\.status) == [.fail, .interrupted, .interrupted])
        #expect(final.files[0].defects.count == 3)  // sample.mp4: black, freeze, silence
        #expect(final.summary.interrupted == 2)
        #expect(final.files[1].error?.kind.rawValue == "interrupted")
        let schema = try execute(
            "python3",
            [
                repositoryRoot.appendingPathComponent("scripts/validate-json.py").path,
                repositoryRoot.appendingPathComponent("Docs/report.schema.json").path, json.path,
            ])
        #expect(schema.status == 0, "\(schema.stdout)\(schema.stderr)")

        let rows = CSVField.parse(try String(contentsOf: csv, encoding: .utf8))
        #expect(rows.first == CSVReportWriter.columns)
        let interruptedRows = rows.filter { $0.count > 8 && $0[8].hasPrefix("status=interrupted") }
        #expect(interruptedRows.map { $0[0] } == [inputs[1].path, inputs[2].path])
        #expect(rows.contains { $0.count > 1 && $0[0] == inputs[0].path && $0[1] == "black" })

        let xml = try String(contentsOf: junit, encoding: .utf8)
        let lint = try execute("xmllint", ["--noout", "--schema", junitSchemaPath, junit.path])
        #expect(lint.status == 0, "\(lint.stderr)")
        #expect(xml.contains("type=\"interrupted\""))
        #expect(xml.contains("name=\"avqc-run\""))
    }

    @Test func aKilledRunLeavesTheLastCheckpoint() throws {
        let long = try Self.longFile.get()
        let dir = try temporaryDirectory("killed")
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = dir.appendingPathComponent("qc.json")
        try Data("stale".utf8).write(to: json)
        let process = try start(["-j", "1", "-q", "-o", json.path, sample.path, long.path])
        let firstDone = wait(upTo: 60) { report(at: json)?.files.first?.status == .fail }
        #expect(firstDone)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let checkpoint = try #require(report(at: json), "no valid report after SIGKILL")
        #expect(checkpoint.complete == false)
        #expect(checkpoint.files.map(\.status) == [.fail, .interrupted])
    }

    @Test func aCrashingWorkerCostsOneFileNotTheBatch() throws {
        let long = try Self.longFile.get()
        let dir = try temporaryDirectory("crash")
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = dir.appendingPathComponent("qc.json")
        let process = try start(["-j", "1", "-q", "-o", json.path, long.path, sample.path])
        // Kill the worker analyzing the long file, as the kernel's OOM killer
        // would. (A SIGSEGV sent with kill(2) is not a fault: Swift's
        // backtracer prints a backtrace and the worker goes on.)
        var worker: pid_t?
        _ = wait(upTo: 30) {
            worker = Self.children(of: process.processIdentifier).first
            return worker != nil
        }
        let pid = try #require(worker, "no worker process appeared")
        usleep(300_000)
        kill(pid, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationStatus == 3)
        let final = try #require(report(at: json))
        #expect(final.complete)
        #expect(final.files[0].status == .error)
        #expect(final.files[0].error?.kind.rawValue == "crashed")
        #expect(
            final.files[0].error?.message.contains("signal 9") == true, "\(String(describing: final.files[0].error))")
        #expect(final.files[1].status == .fail && final.files[1].defects.count == 3)
    }

    /// Process ids whose parent is `parent` (from /proc).
    static func children(of parent: Int32) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { name -> pid_t? in
            guard let pid = pid_t(name),
                let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && pid_t(fields[1]) == parent ? pid : nil
        }
    }

    @Test(arguments: [[], ["--no-isolate"]])
    func aTimeoutStopsOneFileWithAMessageNamingTheLimit(mode: [String]) throws {
        let long = try Self.longFile.get()
        let started = Date()
        let dir = try temporaryDirectory("timeout")
        defer { try? FileManager.default.removeItem(at: dir) }
        let tone = dir.appendingPathComponent("tone.wav")
        try Data(Self.wave(channels: 1, rate: 8000, seconds: 1)).write(to: tone)
        let (run, report) = try avqcJSON(mode + ["-j", "1", "--timeout", "0.5", long.path, tone.path])
        #expect(Date().timeIntervalSince(started) < 20)
        #expect(run.status == 3)
        let file = try #require(report.files.first)
        #expect(file.error?.kind.rawValue == "timeout")
        #expect(file.error?.message.contains("--timeout") == true)
        #expect(report.files[1].status == .pass)
    }

    @Test func hugeDeclaredPicturesStopAtThePixelLimitInBoundedMemory() throws {
        let dir = try temporaryDirectory("pixels")
        defer { try? FileManager.default.removeItem(at: dir) }
        let big = dir.appendingPathComponent("big.mp4")
        try ffmpeg([
            "-f", "lavfi", "-i", "color=gray:s=16000x16000:r=25", "-frames:v", "1", "-c:v", "libx264", "-preset",
            "ultrafast", big.path,
        ])
        var copies: [String] = []
        for index in 1...4 {
            let copy = dir.appendingPathComponent("big\(index).mp4")
            try FileManager.default.copyItem(at: big, to: copy)
            copies.append(copy.path)
        }
        let json = dir.appendingPathComponent("qc.json")
        let process = try start(["-j", "4", "-q", "-o", json.path] + copies)
        // Sample the resident memory of avqc and its workers together.
        var peakKilobytes = 0
        while process.isRunning {
            let pids = [process.processIdentifier] + Self.children(of: process.processIdentifier)
            let total = pids.reduce(0) { $0 + Self.residentKilobytes($1) }
            peakKilobytes = max(peakKilobytes, total)
            usleep(10_000)
        }
        #expect(process.terminationStatus == 3)
        // Under AddressSanitizer (make sanitize) memory figures mean nothing.
        if !Self.sanitized {
            #expect(peakKilobytes > 0 && peakKilobytes < 1_000_000, "avqc + workers peaked at \(peakKilobytes) kB")
        }
        let final = try #require(report(at: json))
        #expect(final.files.count == 4)
        for file in final.files {
            #expect(file.error?.kind.rawValue == "limit")
            #expect(file.error?.message.contains("16000x16000") == true)
            #expect(file.error?.message.contains("--max-pixels") == true)
        }
        // Allowed by --max-pixels, it is stopped by the memory limit instead, with a message naming it.
        if Self.sanitized { return }
        let (run, memoryReport) = try avqcJSON(["--max-pixels", "16000x16000", "--max-memory", "300", big.path])
        #expect(run.status == 3)
        #expect(memoryReport.files.first?.error?.kind.rawValue == "limit")
        #expect(memoryReport.files.first?.error?.message.contains("--max-memory") == true)
    }

    static func residentKilobytes(_ pid: pid_t) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    @Test func pixelAndStreamLimitsAreOptions() throws {
        let (small, smallReport) = try avqcJSON(["--max-pixels", "320x179", sample.path])
        #expect(small.status == 3)
        #expect(smallReport.files[0].error?.kind.rawValue == "limit")
        #expect(smallReport.files[0].error?.message.contains("320x180") == true)
        let (fits, _) = try avqcJSON(["--max-pixels", "57600", sample.path])
        #expect(fits.status == 1)
        let (streams, streamsReport) = try avqcJSON(["--max-streams", "1", sample.path])
        #expect(streams.status == 3)
        #expect(streamsReport.files[0].error?.message.contains("--max-streams") == true)
        let bad = try avqc(["--max-pixels", "0", sample.path])
        #expect(bad.status == 2 && bad.stderr.contains("--max-pixels"))
        let conflict = try avqc(["--isolate", "--no-isolate", sample.path])
        #expect(conflict.status == 2 && conflict.stderr.contains("cannot be used together"))
    }

    @Test(arguments: [1, 2, 6, 8, 64, 65, 128, 255])
    func everyChannelCountUpTo255IsAnalyzed(channels: Int) throws {
        let dir = try temporaryDirectory("channels")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("c\(channels).wav")
        try Data(Self.wave(channels: channels, rate: 8000, seconds: 1)).write(to: file)
        let (run, report) = try avqcJSON([file.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(report.files[0].streams.first?.channels == channels)
        #expect(report.files[0].measurements.contains { $0.detector == "loudness" })
    }

    @Test func aDeclaredRateAbove768kHzIsAClearErrorNotAnAllocation() throws {
        let dir = try temporaryDirectory("rate")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("fast.wav")
        try Data(Self.wave(channels: 1, rate: 2_000_000, seconds: 0.1)).write(to: file)
        let (run, report) = try avqcJSON([file.path])
        #expect(run.status == 3)
        #expect(report.files.first?.error?.kind.rawValue == "limit")
        #expect(report.files.first?.error?.message.contains("2000000 Hz") == true)
    }

    /// 16-bit PCM WAV: a 440 Hz tone at −12 dBFS on every channel.
    static func wave(channels: Int, rate: Int, seconds: Double) -> [UInt8] {
        func le32(_ v: Int) -> [UInt8] { withUnsafeBytes(of: UInt32(v).littleEndian, Array.init) }
        func le16(_ v: Int) -> [UInt8] { withUnsafeBytes(of: UInt16(v).littleEndian, Array.init) }
        let frames = Int(Double(rate) * seconds)
        var data: [UInt8] = []
        data.reserveCapacity(frames * channels * 2)
        for i in 0..<frames {
            let value = Int16(8192 * sin(2 * Double.pi * 440 * Double(i) / Double(rate)))
            let bytes = withUnsafeBytes(of: value.littleEndian, Array.init)
            for _ in 0..<channels { data += bytes }
        }
        var header = Array("RIFF".utf8) + le32(36 + data.count) + Array("WAVEfmt ".utf8)
        header += le32(16) + le16(1) + le16(channels) + le32(rate) + le32(rate * channels * 2) + le16(channels * 2)
        header += le16(16) + Array("data".utf8) + le32(data.count)
        return header + data
    }

    @Test func aNameThatIsNotUTF8IsFoundAnalyzedAndShownEscaped() throws {
        let dir = try temporaryDirectory("utf8")
        defer { try? FileManager.default.removeItem(at: dir) }
        // "bad\xFF.wav": write it through the raw bytes.
        let name: [UInt8] = Array(dir.path.utf8) + Array("/bad".utf8) + [0xFF] + Array(".wav".utf8)
        let data = Self.wave(channels: 1, rate: 8000, seconds: 1)
        let written = (name.map { CChar(bitPattern: $0) } + [0]).withUnsafeBufferPointer { path -> Bool in
            guard let base = path.baseAddress, let file = fopen(base, "wb") else { return false }
            defer { fclose(file) }
            return fwrite(data, 1, data.count, file) == data.count
        }
        try #require(written)
        let (folderRun, folderReport) = try avqcJSON([dir.path])
        #expect(folderRun.status == 0, "\(folderRun.stderr)")
        #expect(folderReport.files.map(\.path) == [dir.path + "/bad\\xFF.wav"])
        #expect(folderReport.files.first?.status == .pass)
        // Named directly, through the shell (Foundation cannot pass raw bytes).
        let direct = try execute(
            "/bin/sh", ["-c", "\"$0\" -f json \"$(printf '%s/bad\\377.wav' \"$1\")\"", avqcBinary, dir.path])
        #expect(direct.status == 0, "\(direct.stderr)")
        let report = try JSONReportWriter.parse(Data(direct.stdout.utf8))
        #expect(report.files.first?.status == .pass)
        #expect(report.files.first?.path.hasSuffix("/bad\\xFF.wav") == true)
    }

    @Test func linksAreJudgedByTheirTargetsAndFollowedUnlessAskedNot() throws {
        let dir = try temporaryDirectory("links")
        defer { try? FileManager.default.removeItem(at: dir) }
        let manager = FileManager.default
        let media = dir.appendingPathComponent("media")
        try manager.createDirectory(at: media, withIntermediateDirectories: true)
        try manager.createSymbolicLink(
            atPath: media.appendingPathComponent("linked.mp4").path, withDestinationPath: sample.path)
        try manager.createSymbolicLink(
            atPath: media.appendingPathComponent("z.mp3").path, withDestinationPath: "/dev/zero")

        let started = Date()
        let (run, report) = try avqcJSON([media.path])
        #expect(Date().timeIntervalSince(started) < 30, "a link to /dev/zero must not hang a folder scan")
        #expect(run.status == 3)
        let byName = Dictionary(
            uniqueKeysWithValues: report.files.map { (URL(fileURLWithPath: $0.path).lastPathComponent, $0) })
        #expect(byName["linked.mp4"]?.status == .fail)
        #expect(byName["z.mp3"]?.error?.kind.rawValue == "not-regular")
        #expect(byName["z.mp3"]?.error?.message.contains("character device") == true)

        let (noFollow, noFollowReport) = try avqcJSON(["--no-follow", media.path])
        #expect(noFollow.status == 3)  // nothing left to analyze
        #expect(noFollowReport.files.first?.error?.kind.rawValue == "no-inputs")

        // Named explicitly, a device is analyzed, within its time limit.
        let namedStart = Date()
        let (named, namedReport) = try avqcJSON(["--timeout", "1", media.appendingPathComponent("z.mp3").path])
        #expect(Date().timeIntervalSince(namedStart) < 20)
        #expect(named.status == 3)
        #expect(["timeout", "not-media"].contains(namedReport.files.first?.error?.kind.rawValue ?? ""))
    }

    @Test func reportTargetsThatAreNotRegularFilesAreWrittenInPlace() throws {
        let dir = try temporaryDirectory("targets")
        defer { try? FileManager.default.removeItem(at: dir) }
        // A character device stays one.
        let toNull = try avqc(["-q", "-o", "/dev/null", sample.path])
        #expect(toNull.status == 1, "\(toNull.stderr)")
        var info = stat()
        #expect(stat("/dev/null", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR)

        // A symbolic link is written through: the link stays, its target gets the report.
        let target = dir.appendingPathComponent("real.json")
        let link = dir.appendingPathComponent("link.json")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: target.path)
        #expect(try avqc(["-q", "-o", link.path, sample.path]).status == 1)
        #expect(lstat(link.path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK)
        #expect(report(at: target)?.files.count == 1)

        // A FIFO with a reader receives the report; without one, a clear error, no hang.
        let fifo = dir.appendingPathComponent("pipe.json")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        let lonely = try avqc(["-q", "-o", fifo.path, sample.path])
        #expect(lonely.status == 3)
        #expect(lonely.stderr.contains("no reader"), "\(lonely.stderr)")
        let copy = dir.appendingPathComponent("received.json")
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/sh")
        reader.arguments = ["-c", "cat \"$0\" > \"$1\"", fifo.path, copy.path]
        try reader.run()
        usleep(300_000)
        #expect(try avqc(["-q", "-o", fifo.path, sample.path]).status == 1)
        reader.waitUntilExit()
        #expect(report(at: copy)?.files.count == 1)
        #expect(lstat(fifo.path, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)

        // A full disk is a message and exit 3, not a crash.
        let full = try avqc(["-q", "-o", "/dev/full", sample.path])
        #expect(full.status == 3)
        #expect(full.stderr.contains("/dev/full") && full.stderr.contains("No space left"), "\(full.stderr)")
    }

    @Test func reportsDoNotDependOnParallelism() throws {
        let dir = try temporaryDirectory("parallel")
        defer { try? FileManager.default.removeItem(at: dir) }
        // Bit errors in a transport stream: decode-error counts are where -j used to show.
        let clean = dir.appendingPathComponent("clean.ts")
        try ffmpeg([
            "-f", "lavfi", "-i", "testsrc2=s=640x360:r=25:d=8", "-c:v", "libx264", "-preset", "ultrafast", "-g", "50",
            clean.path,
        ])
        var bytes = [UInt8](try Data(contentsOf: clean))
        var state: UInt32 = 12345
        for _ in 0..<400 {
            state = state &* 1_103_515_245 &+ 12345
            let index = 2000 + Int(state >> 8) % (bytes.count - 2000)
            bytes[index] ^= UInt8(truncatingIfNeeded: state >> 3) | 1
        }
        let damaged = dir.appendingPathComponent("damaged.ts")
        try Data(bytes).write(to: damaged)
        var outputs: [String] = []
        for jobs in ["1", "2", "4"] {
            let run = try avqc(["-f", "json", "-j", jobs, damaged.path, sample.path, clean.path])
            outputs.append(run.stdout)
        }
        #expect(outputs[0].contains("decode-error"))
        let bodies = outputs.map(reportWithoutRun)
        #expect(bodies[0] != nil && bodies[0] == bodies[1] && bodies[1] == bodies[2])
        // Apart from the run object, the text is byte for byte the same too.
        let texts = outputs.map {
            $0.replacingOccurrences(of: #"  "run" : \{[\s\S]*?\n  \},\n"#, with: "", options: .regularExpression)
        }
        #expect(texts[0] == texts[1] && texts[1] == texts[2])
    }
}
