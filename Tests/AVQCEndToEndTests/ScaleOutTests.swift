import AVQCModel
import AVQCReports
import Foundation
import Testing

/// Shards and `avqc merge`, end to end: N avqc processes with a
/// scheduler's variables set, each analyzing its share of a 30-file folder,
/// merged into one report that must equal a single process's, byte for
/// byte once the timing fields and the command line are taken out.
@Suite(.serialized) struct ScaleOutTests {
    /// The 30-file folder: six 3 s clips (clean, black 0.5-2.9 s, frozen
    /// 0.4-2.8 s, silent audio, clean audio-only, clean at another size),
    /// copied under 30 names in two levels of folders.
    static let folder: Result<URL, MediaMakingError> = {
        do {
            let root = try temporaryDirectory("scale-out-media")
            let source = root.appendingPathComponent("source")
            let folder = root.appendingPathComponent("in")
            for directory in [source, folder, folder.appendingPathComponent("b/c")] {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            }
            let video = "testsrc2=s=160x120:r=25:d=3"
            let tone = "sine=f=440:d=3:sample_rate=48000"
            let clips: [(String, [String])] = [
                ("clean.mp4", ["-f", "lavfi", "-i", video, "-f", "lavfi", "-i", tone]),
                (
                    "black.mp4",
                    [
                        "-f", "lavfi", "-i", video, "-f", "lavfi", "-i", tone, "-vf",
                        "drawbox=color=black:t=fill:enable='between(n,12,72)'",
                    ]
                ),
                (
                    "frozen.mp4",
                    [
                        "-f", "lavfi", "-i", video, "-f", "lavfi", "-i", tone, "-filter_complex",
                        "[0:v]split[a][b];[a][b]freezeframes=first=10:last=70:replace=10[v]", "-map", "[v]", "-map",
                        "1:a",
                    ]
                ),
                ("silent.mp4", ["-f", "lavfi", "-i", video, "-f", "lavfi", "-i", "anullsrc=r=48000:cl=mono:d=3"]),
                ("tone.m4a", ["-f", "lavfi", "-i", tone]),
                ("wide.mp4", ["-f", "lavfi", "-i", "testsrc2=s=256x144:r=30:d=3", "-f", "lavfi", "-i", tone]),
            ]
            for (name, arguments) in clips {
                try ffmpeg(
                    arguments + [
                        "-c:v", "libx264", "-preset", "ultrafast", "-shortest",
                        source.appendingPathComponent(name).path,
                    ])
            }
            for index in 0..<30 {
                let (name, _) = clips[index % clips.count]
                let place = index % 3 == 0 ? "b/c/" : (index % 3 == 1 ? "b/" : "")
                try FileManager.default.copyItem(
                    at: source.appendingPathComponent(name),
                    to: folder.appendingPathComponent("\(place)\(index)-\(name)"))
            }
            return .success(folder)
        } catch let error as MediaMakingError {
            return .failure(error)
        } catch {
            return .failure(MediaMakingError(message: "\(error)"))
        }
    }()

    /// The single-process run the shards are compared with.
    static let single: Result<(status: Int32, json: String, text: String, csv: String), MediaMakingError> = {
        do {
            let folder = try Self.folder.get()
            let out = try temporaryDirectory("scale-out-single")
            let json = out.appendingPathComponent("single.json")
            let text = out.appendingPathComponent("single.txt")
            let csv = out.appendingPathComponent("single.csv")
            let run = try avqc([
                "-q", "-f", "json", "-o", json.path, "--report", "text=\(text.path)", "--report", "csv=\(csv.path)",
                folder.path,
            ])
            return .success(
                (
                    run.status, try String(contentsOf: json, encoding: .utf8),
                    try String(contentsOf: text, encoding: .utf8),
                    try String(contentsOf: csv, encoding: .utf8)
                ))
        } catch let error as MediaMakingError {
            return .failure(error)
        } catch {
            return .failure(MediaMakingError(message: "\(error)"))
        }
    }()

    /// The JSON report without the fields that differ between any two runs
    /// of the same inputs: `run.startedAt`, `run.wallSeconds` and the
    /// `run.commandLine` array (the output file names differ).
    static func withoutTiming(_ json: String) -> String {
        var kept: [Substring] = []
        var inCommandLine = false
        for line in json.split(separator: "\n", omittingEmptySubsequences: false) {
            if inCommandLine {
                if line.trimmingCharacters(in: .whitespaces).hasPrefix("]") { inCommandLine = false }
                continue
            }
            if line.contains("\"commandLine\" : [") {
                inCommandLine = !line.contains("]")
                continue
            }
            if line.contains("\"startedAt\" :") || line.contains("\"wallSeconds\" :") { continue }
            kept.append(line)
        }
        return kept.joined(separator: "\n")
    }

    /// Runs `count` shard processes with `environment(k)` (k from 0), merges
    /// their JSON reports into JSON, text and CSV, and returns the merge's
    /// status, the merged reports and the shard reports.
    static func shardAndMerge(
        _ label: String, count: Int, extra: [String] = [], environment: (Int) -> [String: String]
    ) throws -> (status: Int32, json: String, text: String, csv: String, shards: [RunReport], stderr: [String]) {
        let folder = try Self.folder.get()
        let out = try temporaryDirectory("scale-out-\(label)")
        var names: [String] = []
        var shards: [RunReport] = []
        var notes: [String] = []
        defer { try? FileManager.default.removeItem(at: out) }
        for k in 0..<count {
            let name = out.appendingPathComponent("shard-\(k).json").path
            let run = try avqc(["-f", "json", "-o", name] + extra + [folder.path], environment: environment(k))
            #expect([0, 1].contains(run.status), "\(label) shard \(k): \(run.stderr)")
            notes.append(run.stderr)
            names.append(name)
            shards.append(try JSONReportWriter.parse(Data(contentsOf: URL(fileURLWithPath: name))))
        }
        let json = out.appendingPathComponent("merged.json")
        let text = out.appendingPathComponent("merged.txt")
        let csv = out.appendingPathComponent("merged.csv")
        let merge = try avqc(
            ["merge", "-q", "-o", json.path, "--report", "text=\(text.path)", "--report", "csv=\(csv.path)"] + names)
        #expect(merge.stderr.isEmpty, "\(merge.stderr)")
        // Shard reports and the merged report are reports like any other.
        let check = try execute(
            "python3",
            [
                repositoryRoot.appendingPathComponent("scripts/validate-json.py").path,
                repositoryRoot.appendingPathComponent("Docs/report.schema.json").path, json.path,
            ] + names)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        return (
            merge.status, try String(contentsOf: json, encoding: .utf8), try String(contentsOf: text, encoding: .utf8),
            try String(contentsOf: csv, encoding: .utf8), shards, notes
        )
    }

    /// The merged reports equal the single run's, and the shards are a partition.
    static func expectSameAsSingle(
        _ merged: (status: Int32, json: String, text: String, csv: String, shards: [RunReport], stderr: [String]),
        count: Int
    ) throws {
        let single = try Self.single.get()
        #expect(single.status == 1, "the folder has defects")
        #expect(merged.status == single.status)
        #expect(withoutTiming(merged.json) == withoutTiming(single.json))
        #expect(merged.text == single.text)
        #expect(merged.csv == single.csv)
        let ids = merged.shards.compactMap { $0.run?.shard?.id }
        #expect(ids == (1...count).map { "\($0)/\(count)" })
        let positions = merged.shards.flatMap { $0.run?.shard?.positions ?? [] }
        #expect(positions.sorted() == Array(0..<30))
        // Hash split: shard sizes differ by at most one file.
        let sizes = merged.shards.map(\.files.count)
        #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1, "\(sizes)")
        #expect(Set(merged.shards.compactMap { $0.run?.inputs }).count == 1)
    }

    @Test func threeSlurmArrayTasksMergeToTheSingleProcessReport() throws {
        // sbatch --array=1-3: IDs 1, 2, 3.
        let merged = try Self.shardAndMerge("slurm", count: 3) { k in
            [
                "SLURM_ARRAY_TASK_ID": "\(k + 1)", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "1",
                "SLURM_ARRAY_TASK_MAX": "3", "SLURM_ARRAY_TASK_STEP": "1",
            ]
        }
        try Self.expectSameAsSingle(merged, count: 3)
        #expect(merged.stderr[1].contains("avqc: shard 2/3 (SLURM_ARRAY_TASK_ID=2"), "\(merged.stderr[1])")
        #expect(merged.shards[1].run?.shard?.source.hasPrefix("SLURM_ARRAY_TASK_ID=2") == true)
    }

    @Test func aSlurmArrayWithAStepMapsItsIDs() throws {
        // sbatch --array=0-8:4: IDs 0, 4, 8.
        let merged = try Self.shardAndMerge("slurm-step", count: 3) { k in
            [
                "SLURM_ARRAY_TASK_ID": "\(k * 4)", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "0",
                "SLURM_ARRAY_TASK_STEP": "4",
            ]
        }
        try Self.expectSameAsSingle(merged, count: 3)
    }

    @Test func kubernetesIndexedJobWithShardCountMerges() throws {
        let merged = try Self.shardAndMerge("k8s", count: 3, extra: ["--shard-count", "3"]) { k in
            ["JOB_COMPLETION_INDEX": "\(k)"]
        }
        try Self.expectSameAsSingle(merged, count: 3)
    }

    @Test func awsBatchArrayJobMerges() throws {
        let merged = try Self.shardAndMerge("aws", count: 3) { k in
            ["AWS_BATCH_JOB_ARRAY_INDEX": "\(k)", "AWS_BATCH_JOB_ARRAY_SIZE": "3"]
        }
        try Self.expectSameAsSingle(merged, count: 3)
    }

    @Test func gitLabParallelJobsMerge() throws {
        let merged = try Self.shardAndMerge("gitlab", count: 3) { k in
            ["CI_NODE_INDEX": "\(k + 1)", "CI_NODE_TOTAL": "3"]
        }
        try Self.expectSameAsSingle(merged, count: 3)
    }

    @Test func explicitShardsMatchTheSchedulersAndGNUParallelRunsThem() throws {
        let folder = try Self.folder.get()
        let out = try temporaryDirectory("scale-out-parallel")
        defer { try? FileManager.default.removeItem(at: out) }
        // The recipe in Docs/scale-out.md, as written there.
        let line =
            "parallel -j 3 \(avqcBinary) --shard {}/3 -q -f json -o \(out.path)/shard-{}.json \(folder.path) ::: 1 2 3"
        let parallel = try execute("/bin/sh", ["-c", line])
        // GNU parallel exits with the number of jobs that exited non-zero
        // (a shard with defects exits 1): the merge's status is the verdict.
        #expect((0...3).contains(parallel.status), "\(parallel.stderr)")
        let names = (1...3).map { "\(out.path)/shard-\($0).json" }
        let merged = out.appendingPathComponent("merged.json")
        let merge = try avqc(["merge", "-q", "-o", merged.path] + names)
        let single = try Self.single.get()
        #expect(merge.status == single.status)
        #expect(Self.withoutTiming(try String(contentsOf: merged, encoding: .utf8)) == Self.withoutTiming(single.json))
        // --shard 2/3 keeps the same files as Slurm's second task.
        let explicit = try JSONReportWriter.parse(Data(contentsOf: URL(fileURLWithPath: names[1])))
        let slurm = try avqcJSON(["--detectors", "black", folder.path]).1
        #expect(slurm.run?.shard == nil)
        let viaSlurm = try avqc(
            ["-q", "-f", "json", "-o", "\(out.path)/slurm-2.json", folder.path],
            environment: ["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "1"])
        #expect([0, 1].contains(viaSlurm.status))
        let slurmShard = try JSONReportWriter.parse(Data(contentsOf: URL(fileURLWithPath: "\(out.path)/slurm-2.json")))
        #expect(slurmShard.files.map(\.path) == explicit.files.map(\.path))
        #expect(slurmShard.run?.shard?.positions == explicit.run?.shard?.positions)
    }

    @Test func theSplitDependsOnPathsBelowTheFolderNotOnWhereItIsMounted() throws {
        let folder = try Self.folder.get()
        let absolute = try avqcJSON(["--shard", "2/3", "--detectors", "black", folder.path]).1
        // The same folder named relatively, from its parent, and through a symbolic link.
        let relative = try avqc(
            ["-f", "json", "--shard", "2/3", "--detectors", "black", "in"], in: folder.deletingLastPathComponent())
        let relativeReport = try JSONReportWriter.parse(Data(relative.stdout.utf8))
        let link = try temporaryDirectory("scale-out-link").appendingPathComponent("mounted-elsewhere")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: folder)
        let linked = try avqcJSON(["--shard", "2/3", "--detectors", "black", link.path + "/"]).1
        // Each file's path below the folder argument, however the folder was named.
        func names(_ report: RunReport) -> [String] {
            report.files.map { file in
                for root in [folder.path + "/", "in/", link.path + "/"] where file.path.hasPrefix(root) {
                    return String(file.path.dropFirst(root.count))
                }
                return file.path
            }
        }
        #expect(absolute.files.count == 10)
        #expect(names(relativeReport) == names(absolute))
        #expect(names(linked) == names(absolute))
        #expect(relativeReport.run?.shard?.positions == absolute.run?.shard?.positions)
    }

    @Test func mergeRefusesSetsThatAreNotOneRun() throws {
        let folder = try Self.folder.get()
        let out = try temporaryDirectory("scale-out-refuse")
        defer { try? FileManager.default.removeItem(at: out) }
        func shard(_ id: String, _ name: String, _ extra: [String] = [], paths: [String]? = nil) throws -> String {
            let path = out.appendingPathComponent(name).path
            let run = try avqc(
                ["-q", "-f", "json", "-o", path, "--detectors", "black,silence", "--shard", id] + extra
                    + (paths ?? [folder.path]))
            #expect([0, 1].contains(run.status), "\(run.stderr)")
            return path
        }
        let one = try shard("1/3", "1.json")
        let two = try shard("2/3", "2.json")
        let three = try shard("3/3", "3.json")
        let ok = try avqc(["merge", "-q", "-f", "json", one, two, three])
        #expect([0, 1].contains(ok.status), "\(ok.stderr)")

        let missing = try avqc(["merge", one, three])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("shard 2/3 is missing; got 1/3 (\(one)), 3/3 (\(three))"), "\(missing.stderr)")

        let copy = out.appendingPathComponent("2-again.json").path
        try FileManager.default.copyItem(atPath: two, toPath: copy)
        let twice = try avqc(["merge", one, two, copy, three])
        #expect(twice.status == 2)
        #expect(twice.stderr.contains("shard 2/3 is given twice: '\(two)' and '\(copy)'"), "\(twice.stderr)")

        let otherSettings = try shard("2/3", "2-other.json", ["--set", "black.min-duration=1"])
        let settings = try avqc(["merge", one, otherSettings, three])
        #expect(settings.status == 2)
        #expect(settings.stderr.contains("detectors or parameters (run.settings differ: black)"), "\(settings.stderr)")

        let fewer = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mp4") }
        let otherInputs = try shard("2/3", "2-inputs.json", paths: fewer.prefix(5).map { folder.path + "/" + $0 })
        let inputs = try avqc(["merge", one, otherInputs, three])
        #expect(inputs.status == 2)
        #expect(inputs.stderr.contains("input lists (30 inputs"), "\(inputs.stderr)")

        let whole = out.appendingPathComponent("whole.json").path
        _ = try avqc(["-q", "-f", "json", "-o", whole, "--detectors", "black,silence", folder.path])
        let notShard = try avqc(["merge", one, whole])
        #expect(notShard.status == 2)
        #expect(notShard.stderr.contains("'\(whole)' is not a shard report"), "\(notShard.stderr)")

        let garbage = out.appendingPathComponent("garbage.json")
        try Data("{\"schemaVersion\": 1".utf8).write(to: garbage)
        let bad = try avqc(["merge", one, garbage.path])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("cannot read '\(garbage.path)' as an avqc JSON report"), "\(bad.stderr)")
        #expect(bad.stderr.split(separator: "\n").count == 1)

        let absent = try avqc(["merge", one, out.appendingPathComponent("nope.json").path])
        #expect(absent.status == 2 && absent.stderr.contains("nope.json"))
        let none = try avqc(["merge"])
        #expect(none.status == 2 && none.stderr.contains("'avqc merge' needs the shards' JSON reports"))
        let wrongOption = try avqc(["merge", "--detectors", "black", one])
        #expect(wrongOption.status == 2)
        #expect(wrongOption.stderr.contains("option '--detectors' does not apply to 'avqc merge'"))
    }

    @Test func schedulerVariablesThatCannotBeReadAreUsageErrors() throws {
        let folder = try Self.folder.get()
        let kubernetes = try avqc([folder.path], environment: ["JOB_COMPLETION_INDEX": "1"])
        #expect(kubernetes.status == 2)
        #expect(kubernetes.stderr.contains("add --shard-count N with the Job's completions"), "\(kubernetes.stderr)")
        let two = try avqc(
            [folder.path], environment: ["CI_NODE_INDEX": "1", "CI_NODE_TOTAL": "2", "AWS_BATCH_JOB_ARRAY_INDEX": "0"])
        #expect(two.status == 2)
        #expect(two.stderr.contains("more than one array scheduler"), "\(two.stderr)")
        let irregular = try avqc(
            [folder.path],
            environment: ["SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "1"])
        #expect(irregular.status == 2)
        #expect(irregular.stderr.contains("SLURM_ARRAY_TASK_ID=5 is not on the array"), "\(irregular.stderr)")
        // --no-shard analyzes everything whatever the variables say.
        let all = try avqc(
            ["-q", "-f", "json", "--no-shard", "--detectors", "black", folder.path],
            environment: ["CI_NODE_INDEX": "2", "CI_NODE_TOTAL": "3"])
        #expect(try JSONReportWriter.parse(Data(all.stdout.utf8)).files.count == 30)
        let stdin = try avqc(["--shard", "1/2", "-"])
        #expect(stdin.status == 2 && stdin.stderr.contains("standard input ('-') cannot be split"), "\(stdin.stderr)")
        for bad in ["0/3", "4/3", "3", "a/b", "1/0"] {
            let run = try avqc(["--shard", bad, folder.path])
            #expect(run.status == 2 && run.stderr.contains("invalid value '\(bad)' for '--shard'"), "\(run.stderr)")
        }
    }

    @Test func theRecipesRunAsWrittenWithTheirSchedulersVariables() throws {
        let folder = try Self.folder.get()
        let run = try execute(
            "/usr/bin/python3",
            [
                repositoryRoot.appendingPathComponent("scripts/run-recipes.py").path, "--avqc", avqcBinary, "--media",
                folder.path,
            ])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        for recipe in [
            "k8s-indexed-job.yaml", "slurm-array.sbatch", "aws-batch-job-definition.json", "gitlab-ci.yml",
            "GNU parallel",
        ] {
            let line = lines.first { $0.hasPrefix(recipe + ": ") }
            #expect(
                line?.contains("OK:") == true && line?.contains("30 files, merged report == one process's") == true,
                "\(recipe): \(line ?? "missing")")
        }
        #expect(lines.contains { $0.hasPrefix("Containerfile: not run") })
    }

    @Test func anEmptyShardWritesAnEmptyReportAndPasses() throws {
        let folder = try Self.folder.get()
        let (run, report) = try avqcJSON(["--shard", "40/40", "--detectors", "black", folder.path])
        #expect(run.status == 0)
        #expect(report.files.isEmpty)
        #expect(report.run?.shard?.id == "40/40" && report.run?.inputs?.count == 30)
    }

    @Test func weightsFromAnEarlierReportBalanceDurationsAndStillMerge() throws {
        let folder = try Self.folder.get()
        let out = try temporaryDirectory("scale-out-weights")
        defer { try? FileManager.default.removeItem(at: out) }
        // A folder of 3 s files plus three 12 s files: by count the long ones can share a shard.
        let mixed = out.appendingPathComponent("mixed")
        try FileManager.default.copyItem(at: folder, to: mixed)
        for index in 0..<3 {
            try ffmpeg([
                "-f", "lavfi", "-i", "sine=f=300:d=12:sample_rate=48000",
                mixed.appendingPathComponent("long-\(index).wav").path,
            ])
        }
        let previous = out.appendingPathComponent("previous.json").path
        let first = try avqc(["-q", "-f", "json", "-o", previous, "--detectors", "silence", mixed.path])
        #expect([0, 1].contains(first.status))
        var names: [String] = []
        var loads: [Double] = []
        for k in 1...3 {
            let name = out.appendingPathComponent("w\(k).json").path
            let run = try avqc([
                "-q", "-f", "json", "-o", name, "--detectors", "silence", "--shard", "\(k)/3", "--shard-weights",
                previous,
                mixed.path,
            ])
            #expect([0, 1].contains(run.status), "\(run.stderr)")
            let report = try JSONReportWriter.parse(Data(contentsOf: URL(fileURLWithPath: name)))
            #expect(report.run?.shard?.split == "weights")
            #expect(report.run?.shard?.weightsSHA256?.count == 64)
            loads.append(report.files.compactMap(\.durationSeconds).reduce(0, +))
            names.append(name)
        }
        // 30 × 3 s + 3 × 12 s = 126 s: greedy longest-first gives 42 s each.
        #expect(loads.allSatisfy { abs($0 - 42) < 0.5 }, "\(loads)")
        let merged = try avqc(["merge", "-q", "-f", "json"] + names)
        #expect(
            Self.withoutTiming(merged.stdout)
                == Self.withoutTiming(try String(contentsOfFile: previous, encoding: .utf8)))
        // Weights from another file than the other shards' are refused.
        let otherWeights = out.appendingPathComponent("other.json").path
        _ = try avqc(["-q", "-f", "json", "-o", otherWeights, "--detectors", "silence", folder.path])
        let odd = out.appendingPathComponent("odd.json").path
        _ = try avqc([
            "-q", "-f", "json", "-o", odd, "--detectors", "silence", "--shard", "2/3", "--shard-weights", otherWeights,
            mixed.path,
        ])
        let refused = try avqc(["merge", names[0], odd, names[2]])
        #expect(refused.status == 2 && refused.stderr.contains("shard splits"), "\(refused.stderr)")
        let unreadable = try avqc(["--shard", "1/2", "--shard-weights", "/nonexistent.json", mixed.path])
        #expect(
            unreadable.status == 2 && unreadable.stderr.contains("--shard-weights: cannot read '/nonexistent.json'"))
    }
}
