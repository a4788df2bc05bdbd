import AVQCAnalysis
import Foundation
import Testing

@testable import AVQCCommandLine

@Suite struct ShardPlanTests {
    static let keys: [[UInt8]] = (0..<101).map { Array("folder/\($0 % 7)/clip-\($0).mp4".utf8) }

    @Test func everyInputLandsInExactlyOneShardOfBalancedSize() {
        for count in [1, 2, 3, 8, 101, 150] {
            let shards = ShardPlan.assignments(keys: Self.keys, count: count)
            #expect(shards.count == Self.keys.count)
            #expect(shards.allSatisfy { (0..<count).contains($0) })
            var sizes = Array(repeating: 0, count: count)
            for shard in shards { sizes[shard] += 1 }
            #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1, "\(count): \(sizes)")
        }
    }

    @Test func theSplitDoesNotDependOnListingOrder() {
        let shards = ShardPlan.assignments(keys: Self.keys, count: 4)
        let reversed = ShardPlan.assignments(keys: Self.keys.reversed(), count: 4)
        #expect(Array(reversed.reversed()) == shards)
        var generator = SystemRandomNumberGenerator()
        let order = Self.keys.indices.shuffled(using: &generator)
        let shuffled = ShardPlan.assignments(keys: order.map { Self.keys[$0] }, count: 4)
        for (place, index) in order.enumerated() { #expect(shuffled[place] == shards[index]) }
    }

    @Test func theSplitIsFixedAcrossVersionsAndMachines() {
        // A change here re-partitions every user's archive: do it on purpose only.
        // Expected values computed independently: Python's hashlib (first 8
        // bytes of SHA-256, big-endian, sorted, dealt round-robin), and
        // `printf 'a\nb\n' | sha256sum`.
        let keys = ["a.mp4", "b.mp4", "c.mp4", "d.mp4", "e.mp4", "f.mp4"].map { Array($0.utf8) }
        #expect(ShardPlan.assignments(keys: keys, count: 3) == [1, 2, 0, 0, 1, 2])
        #expect(ShardPlan.listHash(["a", "b"]) == "911169ddaaf146aff539f58c26c489af3b892dff0fe283c1c264c65ae5aa59a2")
    }

    @Test func weightsGoLongestFirstToTheLightestShard() {
        let keys = (0..<6).map { Array("f\($0)".utf8) }
        let weights: [Double?] = [10, 1, 1, 1, 7, nil]  // nil counts as the mean, 4
        let shards = ShardPlan.assignments(keys: keys, count: 2, weights: weights)
        var loads = [0.0, 0.0]
        for (index, shard) in shards.enumerated() { loads[shard] += weights[index] ?? 4 }
        // 10 | 7, then 4 → 7+4 = 11, then 1 → 10+1, 1 → 11+1 or 11+1 ... totals 24: 12 and 12.
        #expect(loads.sorted() == [12, 12], "\(loads)")
        #expect(shards[0] != shards[4])
    }

    @Test func schedulersMapToOneBasedShards() throws {
        func detect(_ env: [String: String], count: Int? = nil) throws -> SchedulerShard? {
            try SchedulerShard.detect(environment: env, shardCount: count)
        }
        #expect(try detect([:]) == nil)
        #expect(try detect(["CI_NODE_TOTAL": "1"]) == nil)
        #expect(try detect(["JOB_COMPLETION_INDEX": "0"], count: 4)?.index == 1)
        let slurm = try detect([
            "SLURM_ARRAY_TASK_ID": "13", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_STEP": "4",
            "SLURM_ARRAY_TASK_COUNT": "5",
        ])
        #expect(slurm?.index == 4 && slurm?.count == 5)
        let aws = try detect(["AWS_BATCH_JOB_ARRAY_INDEX": "9", "AWS_BATCH_JOB_ARRAY_SIZE": "10"])
        #expect(aws?.index == 10 && aws?.count == 10)
        let gitlab = try detect(["CI_NODE_INDEX": "1", "CI_NODE_TOTAL": "2"])
        #expect(gitlab?.index == 1 && gitlab?.count == 2)
        #expect(throws: ShardError.kubernetesCount(index: 2)) { try detect(["JOB_COMPLETION_INDEX": "2"]) }
        #expect(throws: ShardError.self) { try detect(["JOB_COMPLETION_INDEX": "4"], count: 4) }
        #expect(throws: ShardError.self) {
            try detect(["AWS_BATCH_JOB_ARRAY_INDEX": "x", "AWS_BATCH_JOB_ARRAY_SIZE": "2"])
        }
        #expect(throws: ShardError.missing("AWS_BATCH_JOB_ARRAY_SIZE", with: "AWS_BATCH_JOB_ARRAY_INDEX")) {
            try detect(["AWS_BATCH_JOB_ARRAY_INDEX": "1"])
        }
        #expect(throws: ShardError.self) { try detect(["CI_NODE_INDEX": "1", "CI_NODE_TOTAL": "3"], count: 4) }
        #expect(SchedulerShard.parse("3/8")?.index == 3)
        for bad in ["0/8", "9/8", "1/0", "1/10001", "1", "x/2", "1/2/3", ""] {
            #expect(SchedulerShard.parse(bad) == nil)
        }
    }

    @Test func jobsAutoNeverOversubscribesTheCores() {
        for cores in [1, 2, 3, 4, 8, 16, 64] {
            for inputs in [0, 1, 2, 3, 5, 16, 1000] {
                let (jobs, threads) = AVQCMain.parallelism(jobs: nil, decoderThreads: nil, cores: cores, inputs: inputs)
                // Two or more files at once never oversubscribe; one file gets FFmpeg's cores + 1.
                if jobs >= 2 {
                    #expect(jobs * threads <= cores, "\(cores) cores, \(inputs) inputs: \(jobs) × \(threads)")
                } else {
                    #expect(threads == cores + 1)
                }
                #expect(jobs >= 1 && threads >= 1)
                #expect(jobs == max(1, min(cores, inputs)))
            }
        }
        #expect(AVQCMain.parallelism(jobs: nil, decoderThreads: nil, cores: 8, inputs: 2) == (2, 4))
        #expect(AVQCMain.parallelism(jobs: 2, decoderThreads: nil, cores: 8, inputs: 100) == (2, 4))
        #expect(AVQCMain.parallelism(jobs: nil, decoderThreads: 4, cores: 8, inputs: 100) == (2, 4))
        #expect(AVQCMain.parallelism(jobs: 3, decoderThreads: 4, cores: 2, inputs: 100) == (3, 4))
        #expect(AVQCMain.parallelism(jobs: 1, decoderThreads: nil, cores: 2, inputs: 100) == (1, 3))
        #expect(AVQCMain.parallelism(jobs: nil, decoderThreads: nil, cores: 2, inputs: 1) == (1, 3))
    }
}
