import AVQCModel

/// Candidate spans kept while a stream is read, in memory that does not grow
/// with the stream's length: past `capacity` spans, neighbours are merged
/// pairwise (the first's start, the second's end, both evidences), halving
/// the list. Spans then cover their originals with less resolution; nothing
/// is dropped. A 10-hour variable-rate stream with a jump every frame keeps
/// at most `capacity` spans.
struct BoundedSpanList<Evidence: SpanEvidence> {
    let capacity: Int
    private(set) var spans: [TrackedSpan<Evidence>] = []
    /// How many times the list was halved (0 = every span as found).
    private(set) var compactions = 0

    /// Default capacity: 4096 spans (a few hundred kilobytes at most).
    init(capacity: Int = 4096) {
        self.capacity = max(2, capacity)
    }

    var isEmpty: Bool { spans.isEmpty }

    mutating func append(_ span: TrackedSpan<Evidence>) {
        spans.append(span)
        if spans.count > capacity { compact() }
    }

    private mutating func compact() {
        spans.sort { $0.start.time < $1.start.time }
        var merged: [TrackedSpan<Evidence>] = []
        merged.reserveCapacity(spans.count / 2 + 1)
        var index = 0
        while index < spans.count {
            var span = spans[index]
            if index + 1 < spans.count {
                let next = spans[index + 1]
                if next.end.time >= span.end.time { span.end = next.end }
                span.evidence.absorb(next.evidence)
            }
            merged.append(span)
            index += 2
        }
        spans = merged
        compactions += 1
    }
}
