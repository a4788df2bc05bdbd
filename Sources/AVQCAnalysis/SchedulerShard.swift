import Foundation

/// A shard K/N (K from 1) taken from `--shard` or from the variables an
/// array-job scheduler sets in each task's environment.
///
/// | Scheduler | Index (base) | Count |
/// |---|---|---|
/// | Kubernetes Indexed Job | `JOB_COMPLETION_INDEX` (0-based) | `--shard-count` (Kubernetes does not expose it) |
/// | Slurm job array | `(SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN) / SLURM_ARRAY_TASK_STEP` (0-based) | `SLURM_ARRAY_TASK_COUNT` |
/// | AWS Batch array job | `AWS_BATCH_JOB_ARRAY_INDEX` (0-based) | `AWS_BATCH_JOB_ARRAY_SIZE` |
/// | GitLab CI `parallel:` | `CI_NODE_INDEX` (1-based) | `CI_NODE_TOTAL` |
///
/// GitHub Actions' matrix sets no variables: pass `--shard ${{ matrix.shard }}/N`.
public struct SchedulerShard: Sendable, Equatable {
    /// K, from 1.
    public var index: Int
    /// N.
    public var count: Int
    /// `--shard`, or the variables read, for the report and the stderr note.
    public var source: String

    public init(index: Int, count: Int, source: String) {
        self.index = index
        self.count = count
        self.source = source
    }

    /// The variables whose presence means "this task is one of an array".
    public static let indexVariables = [
        "JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID", "AWS_BATCH_JOB_ARRAY_INDEX", "CI_NODE_INDEX",
    ]

    /// Parses `K/N` (`--shard`).
    public static func parse(_ text: String) -> SchedulerShard? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]),
            (1...ShardPlan.maxShards).contains(count), (1...count).contains(index)
        else { return nil }
        return SchedulerShard(index: index, count: count, source: "--shard")
    }

    /// The shard the scheduler's variables name, nil when none is set.
    /// `shardCount` is `--shard-count` (needed for Kubernetes; elsewhere it
    /// must agree with the scheduler's count when given).
    public static func detect(environment env: [String: String], shardCount: Int?) throws(ShardError)
        -> SchedulerShard?
    {
        let present = indexVariables.filter { env[$0] != nil }
        guard let variable = present.first else { return nil }
        if present.count > 1 { throw .ambiguous(present) }
        func number(_ name: String) throws(ShardError) -> Int {
            guard let text = env[name] else { throw .missing(name, with: variable) }
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else { throw .notANumber(name, text) }
            return value
        }
        var shard: SchedulerShard
        switch variable {
        case "JOB_COMPLETION_INDEX":
            let index = try number(variable)
            guard let shardCount else { throw .kubernetesCount(index: index) }
            shard = SchedulerShard(
                index: index + 1, count: shardCount,
                source: "JOB_COMPLETION_INDEX=\(index), --shard-count \(shardCount)")
        case "SLURM_ARRAY_TASK_ID":
            let id = try number(variable)
            let count = try number("SLURM_ARRAY_TASK_COUNT")
            let minimum = try number("SLURM_ARRAY_TASK_MIN")
            let step = env["SLURM_ARRAY_TASK_STEP"] == nil ? 1 : try number("SLURM_ARRAY_TASK_STEP")
            let offset = id - minimum
            guard step > 0, offset >= 0, offset % step == 0, offset / step < count else {
                throw .slurmIrregular(id: id, minimum: minimum, step: step, count: count)
            }
            shard = SchedulerShard(
                index: offset / step + 1, count: count,
                source:
                    "SLURM_ARRAY_TASK_ID=\(id) (SLURM_ARRAY_TASK_MIN=\(minimum), SLURM_ARRAY_TASK_STEP=\(step), SLURM_ARRAY_TASK_COUNT=\(count))"
            )
        case "AWS_BATCH_JOB_ARRAY_INDEX":
            let index = try number(variable)
            let size = try number("AWS_BATCH_JOB_ARRAY_SIZE")
            shard = SchedulerShard(
                index: index + 1, count: size,
                source: "AWS_BATCH_JOB_ARRAY_INDEX=\(index) (AWS_BATCH_JOB_ARRAY_SIZE=\(size))")
        default:
            let index = try number("CI_NODE_INDEX")
            let total = try number("CI_NODE_TOTAL")
            shard = SchedulerShard(
                index: index, count: total, source: "CI_NODE_INDEX=\(index) (CI_NODE_TOTAL=\(total))")
        }
        guard (1...ShardPlan.maxShards).contains(shard.count), (1...shard.count).contains(shard.index) else {
            throw .outOfRange(source: shard.source, index: shard.index, count: shard.count)
        }
        if let shardCount, shardCount != shard.count {
            throw .countDisagrees(source: shard.source, schedulerCount: shard.count, given: shardCount)
        }
        return shard
    }
}
