import Crypto

/// Splits a run's inputs into N shards the same way on every machine.
///
/// Every shard process expands the same command line into the same input
/// list and computes the whole partition, then keeps its own part: no
/// coordinator, no shared state. The partition depends only on the inputs'
/// shard keys (paths relative to their input root, `InputCollector`), never
/// on listing order, host or mount point.
///
/// - `hash` split: inputs ordered by the SHA-256 of their key (ties by key),
///   then dealt round-robin, so shard sizes differ by at most one file.
/// - `weights` split: greedy longest-first by weight (media duration from a
///   previous report, pytest-split's `least_duration`): each input, heaviest
///   first, goes to the shard with the least weight so far (ties: the
///   lowest shard). Inputs with no weight count as the mean of the known ones.
public enum ShardPlan {
    /// The largest N accepted.
    public static let maxShards = 10_000

    /// The 0-based shard of each input, for `keys` in input order.
    /// `weights`, when given, has one entry per key (nil = unknown).
    public static func assignments(keys: [[UInt8]], count: Int, weights: [Double?]? = nil) -> [Int] {
        let shards = max(1, count)
        let hashes = keys.map(hash)
        // A total order on inputs that depends only on their keys.
        let ranked = keys.indices.sorted { a, b in
            if hashes[a] != hashes[b] { return hashes[a] < hashes[b] }
            if keys[a] != keys[b] { return keys[a].lexicographicallyPrecedes(keys[b]) }
            return a < b
        }
        var result = Array(repeating: 0, count: keys.count)
        guard let weights, weights.count == keys.count else {
            for (rank, index) in ranked.enumerated() { result[index] = rank % shards }
            return result
        }
        let known = weights.compactMap { $0 }.filter { $0.isFinite && $0 >= 0 }
        let fallback = known.isEmpty ? 1 : known.reduce(0, +) / Double(known.count)
        let weight = weights.map { value -> Double in
            guard let value, value.isFinite, value >= 0 else { return fallback }
            return value
        }
        // Heaviest first; equal weights keep the hash order (a stable sort).
        let order = ranked.enumerated().sorted { lhs, rhs in
            if weight[lhs.element] != weight[rhs.element] { return weight[lhs.element] > weight[rhs.element] }
            return lhs.offset < rhs.offset
        }.map(\.element)
        var load = Array(repeating: 0.0, count: shards)
        for index in order {
            var lightest = 0
            for shard in 1..<shards where load[shard] < load[lightest] { lightest = shard }
            result[index] = lightest
            load[lightest] += weight[index]
        }
        return result
    }

    /// The first 8 bytes of the key's SHA-256, big-endian.
    static func hash(_ key: [UInt8]) -> UInt64 {
        SHA256.hash(data: key).prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The SHA-256 (lowercase hex) of the paths shown in reports, each
    /// followed by a newline, in report order (`InputListInfo`).
    public static func listHash(_ paths: [String]) -> String {
        var hasher = SHA256()
        for path in paths {
            hasher.update(data: Array(path.utf8))
            hasher.update(data: [0x0A])
        }
        return hex(hasher.finalize())
    }

    /// The SHA-256 of `bytes`, lowercase hex.
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }
}
