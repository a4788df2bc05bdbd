/// Why a set of reports cannot be merged into one run (`avqc merge`, exit 2).
public enum MergeError: Error, Equatable, Sendable {
    case nothing
    case unreadable(String, reason: String)
    case notAShard(String, detail: String)
    case mismatch(String, String, what: String)
    case duplicate(String, String, String)
    case missing([String], have: [String])
    case inconsistent(String, String)

    public var message: String {
        switch self {
        case .nothing:
            return "no reports to merge"
        case .unreadable(let name, let reason):
            return "cannot read '\(name)' as an avqc JSON report: \(reason)"
        case .notAShard(let name, let detail):
            return "'\(name)' is not a shard report (\(detail)); merge the JSON reports of 'avqc --shard K/N' runs"
        case .mismatch(let a, let b, let what):
            return "'\(a)' and '\(b)' are not shards of one run: their \(what) differ; "
                + "run every shard with the same avqc, inputs and options"
        case .duplicate(let id, let a, let b):
            return "shard \(id) is given twice: '\(a)' and '\(b)'"
        case .missing(let ids, let have):
            return "shard\(ids.count == 1 ? "" : "s") \(ids.joined(separator: ", ")) "
                + "\(ids.count == 1 ? "is" : "are") missing; got \(have.joined(separator: ", "))"
        case .inconsistent(let name, let detail):
            return "'\(name)' does not fit the run: \(detail)"
        }
    }
}
