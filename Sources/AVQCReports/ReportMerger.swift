import AVQCModel
import Foundation

/// Puts the JSON reports of a sharded run (`--shard K/N`) back together
/// into the report one process would have written for the same inputs.
///
/// It refuses a set that is not exactly one run: a shard missing or given
/// twice, a report without shard information, input lists that differ
/// (count or hash), or different settings (avqc or FFmpeg version, profile,
/// `--fail-on`, detector parameters, rules, screening, shard weights). The
/// merged report lists files in the whole run's input order; its `run`
/// object is the first shard's with the shard removed, its command line
/// without shard options, `startedAt` the earliest shard's and
/// `wallSeconds` from that start to the last shard's end.
public enum ReportMerger {
    /// One report to merge, with the name it was read from (for messages).
    public struct Input: Sendable {
        public var name: String
        public var report: RunReport
        public init(name: String, report: RunReport) {
            self.name = name
            self.report = report
        }
    }

    /// Command-line options that only choose a shard, dropped from the merged command line.
    static let shardOptions: Set<String> = ["--shard", "--shard-count", "--shard-weights"]

    public static func merge(_ inputs: [Input]) throws(MergeError) -> RunReport {
        guard let first = inputs.first else { throw .nothing }
        var shards: [(name: String, run: RunContext, shard: ShardInfo)] = []
        for input in inputs {
            guard let run = input.report.run else { throw .notAShard(input.name, detail: "it has no run object") }
            guard let shard = run.shard else {
                throw .notAShard(input.name, detail: "it has no run.shard; it is a whole run")
            }
            shards.append((input.name, run, shard))
        }
        let reference = shards[0]
        // One run: same shard count, input list and settings everywhere.
        for other in shards.dropFirst() {
            if other.shard.count != reference.shard.count {
                throw .mismatch(
                    reference.name, other.name,
                    what: "shard counts (\(reference.shard.id) and \(other.shard.id))")
            }
            if other.run.inputs != reference.run.inputs {
                throw .mismatch(
                    reference.name, other.name,
                    what: "input lists (\(describe(reference.run.inputs)) and \(describe(other.run.inputs)))")
            }
            for (field, same) in settingsComparison(reference.run, other.run, reference.shard, other.shard)
            where !same {
                throw .mismatch(reference.name, other.name, what: field)
            }
        }
        // Every shard exactly once.
        var byIndex: [Int: String] = [:]
        for entry in shards {
            if let earlier = byIndex[entry.shard.index] {
                throw .duplicate(entry.shard.id, earlier, entry.name)
            }
            byIndex[entry.shard.index] = entry.name
        }
        let count = reference.shard.count
        let missing = (1...count).filter { byIndex[$0] == nil }
        if !missing.isEmpty {
            throw .missing(missing.map { "\($0)/\(count)" }, have: shards.map { "\($0.shard.id) (\($0.name))" })
        }
        // Every input exactly once, at its place in the whole list.
        guard let total = reference.run.inputs?.count else {
            throw .notAShard(reference.name, detail: "it has no run.inputs")
        }
        var slots: [FileReport?] = Array(repeating: nil, count: total)
        for (input, entry) in zip(inputs, shards) {
            guard entry.shard.positions.count == input.report.files.count else {
                throw .inconsistent(
                    entry.name,
                    "run.shard.positions lists \(entry.shard.positions.count) files but the report has \(input.report.files.count)"
                )
            }
            for (position, file) in zip(entry.shard.positions, input.report.files) {
                guard slots.indices.contains(position) else {
                    throw .inconsistent(entry.name, "position \(position) is outside the \(total) inputs")
                }
                guard slots[position] == nil else {
                    throw .inconsistent(entry.name, "input \(position + 1) (\(file.path)) is in two shards")
                }
                slots[position] = file
            }
        }
        let files = slots.compactMap { $0 }
        guard files.count == total else {
            throw .inconsistent(reference.name, "the shards hold \(files.count) of the run's \(total) inputs")
        }
        var run = reference.run
        run.shard = nil
        run.commandLine = withoutShardOptions(reference.run.commandLine)
        // ISO 8601 in UTC sorts as text.
        if let earliest = shards.min(by: { $0.run.startedAt < $1.run.startedAt }) {
            run.startedAt = earliest.run.startedAt
            let formatter = ISO8601DateFormatter()
            if let start = formatter.date(from: earliest.run.startedAt) {
                let ends = shards.compactMap { entry in
                    formatter.date(from: entry.run.startedAt).map { $0.addingTimeInterval(entry.run.wallSeconds) }
                }
                run.wallSeconds = max(0, (ends.max() ?? start).timeIntervalSince(start))
            }
        }
        let complete = inputs.allSatisfy(\.report.complete)
        return RunReport(files: files, complete: complete, tool: first.report.tool, run: run)
    }

    /// The settings shards of one run must share, each with whether they agree.
    static func settingsComparison(_ a: RunContext, _ b: RunContext, _ sa: ShardInfo, _ sb: ShardInfo)
        -> [(String, Bool)]
    {
        [
            ("avqc versions (\(a.avqcVersion) and \(b.avqcVersion))", a.avqcVersion == b.avqcVersion),
            ("FFmpeg libraries (\(a.ffmpeg) and \(b.ffmpeg))", a.ffmpeg == b.ffmpeg),
            (
                "profiles (\(a.profile.map { "\($0.name) \($0.sha256.prefix(12))" } ?? "none") and \(b.profile.map { "\($0.name) \($0.sha256.prefix(12))" } ?? "none"))",
                a.profile?.name == b.profile?.name && a.profile?.sha256 == b.profile?.sha256
            ),
            ("--fail-on (\(a.failOn.rawValue) and \(b.failOn.rawValue))", a.failOn == b.failOn),
            (
                "detectors or parameters (run.settings differ: \(differingKeys(a.settings, b.settings)))",
                a.settings == b.settings
            ),
            ("rules (run.rules differ: \(differingKeys(a.rules, b.rules)))", a.rules == b.rules),
            ("screening (run.screen)", a.screen == b.screen),
            (
                "shard splits (\(sa.split) and \(sb.split))",
                sa.split == sb.split && sa.weightsSHA256 == sb.weightsSHA256
            ),
        ]
    }

    static func differingKeys<Value: Equatable>(_ a: [String: Value], _ b: [String: Value]) -> String {
        let keys = Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
        return keys.isEmpty ? "none" : keys.joined(separator: ", ")
    }

    static func describe(_ inputs: InputListInfo?) -> String {
        guard let inputs else { return "none recorded" }
        return "\(inputs.count) inputs, SHA-256 \(inputs.sha256.prefix(12))…"
    }

    /// `arguments` without `--shard K/N`, `--shard=K/N`, `--shard-count N`,
    /// `--shard-weights FILE` and `--no-shard`.
    static func withoutShardOptions(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var skipNext = false
        var afterTerminator = false
        for argument in arguments {
            if skipNext {
                skipNext = false
                continue
            }
            if afterTerminator {
                result.append(argument)
                continue
            }
            if argument == "--" { afterTerminator = true }
            if shardOptions.contains(argument) {
                skipNext = true
                continue
            }
            if argument == "--no-shard" || shardOptions.contains(where: { argument.hasPrefix($0 + "=") }) { continue }
            result.append(argument)
        }
        return result
    }
}
