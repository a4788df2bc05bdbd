/// Why the shard to analyze cannot be told from the scheduler's variables.
public enum ShardError: Error, Equatable, Sendable {
    case ambiguous([String])
    case missing(String, with: String)
    case notANumber(String, String)
    case kubernetesCount(index: Int)
    case slurmIrregular(id: Int, minimum: Int, step: Int, count: Int)
    case outOfRange(source: String, index: Int, count: Int)
    case countDisagrees(source: String, schedulerCount: Int, given: Int)

    public var message: String {
        switch self {
        case .ambiguous(let names):
            return "the variables of more than one array scheduler are set (\(names.joined(separator: ", "))); "
                + "say which share to analyze with --shard K/N, or --no-shard for every input"
        case .missing(let name, let with):
            return "\(with) is set but \(name) is not; give --shard K/N, or --no-shard for every input"
        case .notANumber(let name, let text):
            return "\(name)='\(text)' is not a whole number; give --shard K/N, or --no-shard for every input"
        case .kubernetesCount(let index):
            return "JOB_COMPLETION_INDEX=\(index) is set (a Kubernetes Indexed Job) but Kubernetes does not say "
                + "how many shards there are: add --shard-count N with the Job's completions"
        case .slurmIrregular(let id, let minimum, let step, let count):
            return "SLURM_ARRAY_TASK_ID=\(id) is not on the array SLURM_ARRAY_TASK_MIN=\(minimum), "
                + "SLURM_ARRAY_TASK_STEP=\(step), SLURM_ARRAY_TASK_COUNT=\(count); avqc maps arrays written as a "
                + "range with an optional step (--array=0-9, --array=1-30:3); for others give --shard K/N"
        case .outOfRange(let source, let index, let count):
            return "\(source) gives shard \(index)/\(count), which is not one of 1/\(count) to \(count)/\(count)"
                + " (at most \(ShardPlan.maxShards) shards)"
        case .countDisagrees(let source, let schedulerCount, let given):
            return "--shard-count \(given) disagrees with \(source), which says \(schedulerCount) shards"
        }
    }
}
