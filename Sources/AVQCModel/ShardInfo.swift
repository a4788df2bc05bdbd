/// Which share of a run's inputs one process analyzed (`--shard K/N`, or a
/// scheduler's array variables), recorded in the JSON report's `run` object
/// so that `avqc merge` can put the shards back together and refuse a set
/// that does not make one whole run.
public struct ShardInfo: Sendable, Equatable, Codable {
    /// `K/N`, e.g. `2/3`.
    public var id: String
    /// K: 1 to `count`.
    public var index: Int
    /// N: how many shards the run was split into (1 to 10000).
    public var count: Int
    /// Where K/N came from: `--shard`, or the scheduler variables that were
    /// read, e.g. `SLURM_ARRAY_TASK_ID=4 (SLURM_ARRAY_TASK_MIN=1, ...)`.
    public var source: String
    /// How inputs were split: `hash` (a stable hash of each path relative to
    /// its input root) or `weights` (greedy by durations from a previous report).
    public var split: String
    /// SHA-256 of the `--shard-weights` report, when `split` is `weights`.
    public var weightsSHA256: String?
    /// This shard's files as 0-based positions in the whole input list, in report order.
    public var positions: [Int]

    public init(index: Int, count: Int, source: String, split: String, weightsSHA256: String?, positions: [Int]) {
        self.id = "\(index)/\(count)"
        self.index = index
        self.count = count
        self.source = source
        self.split = split
        self.weightsSHA256 = weightsSHA256
        self.positions = positions
    }
}
