/// A stretch of a file's timeline, in seconds. A negative bound counts back
/// from the end of the file (`from: -10` is the last ten seconds); a missing
/// `to` is the end of the file.
public struct TimeWindow: Sendable, Equatable, Codable {
    public var from: Double
    public var to: Double?

    public init(from: Double = 0, to: Double? = nil) {
        self.from = from
        self.to = to
    }

    /// The window on a file of `duration` seconds, as absolute times
    /// (`start ≤ end`; empty when the bounds cross).
    public func resolved(duration: Double) -> (start: Double, end: Double) {
        let start = from < 0 ? max(0, duration + from) : from
        let end = to.map { $0 < 0 ? max(0, duration + $0) : $0 } ?? duration
        return (start, max(start, end))
    }

    /// e.g. `0–10 s`, `last 10 s`, `from 5 s`.
    public var description: String {
        func seconds(_ value: Double) -> String { Rounding.text(value) }
        switch (from, to) {
        case (let from, nil) where from < 0: return "last \(seconds(-from)) s"
        case (let from, nil): return "from \(seconds(from)) s"
        case (let from, let to?):
            let start = from < 0 ? "end−\(seconds(-from))" : seconds(from)
            let end = to < 0 ? "end−\(seconds(-to))" : seconds(to)
            return "\(start)–\(end) s"
        }
    }
}
