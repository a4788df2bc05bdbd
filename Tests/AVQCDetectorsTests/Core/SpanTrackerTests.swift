import AVQCModel
import Testing

@testable import AVQCDetectors

struct Count: SpanEvidence {
    var n: Int
    static var empty: Count { Count(n: 0) }
    mutating func absorb(_ other: Count) { n += other.n }
    var details: [String: DetailValue] { ["n": .integer(n)] }
}

@Suite struct SpanTrackerTests {
    func run(_ states: [Bool], minDuration: Double, mergeGap: Double = 0, step: Double = 0.5) -> [TrackedSpan<Count>] {
        var tracker = SpanTracker<Count>(minDuration: minDuration, mergeGap: mergeGap)
        for (i, defective) in states.enumerated() {
            tracker.observe(
                defective: defective, at: StreamPosition(time: Double(i) * step, frame: i), evidence: Count(n: 1))
        }
        return tracker.finish(at: StreamPosition(time: Double(states.count) * step, frame: states.count))
    }

    @Test func spanRunsFromFirstDefectiveToFirstGood() {
        let spans = run([false, true, true, true, true, false, false], minDuration: 2)
        #expect(spans.count == 1)
        #expect(spans[0].start == StreamPosition(time: 0.5, frame: 1))
        #expect(spans[0].end == StreamPosition(time: 2.5, frame: 5))
        #expect(spans[0].evidence.n == 4)
    }

    @Test func shorterThanMinimumIsDropped() {
        #expect(run([false, true, true, true, false], minDuration: 2).isEmpty)
    }

    @Test func openSpanClosesAtTheEndOfTheStream() {
        let spans = run([false, false, true, true, true, true], minDuration: 2)
        #expect(spans.count == 1)
        #expect(spans[0].end == StreamPosition(time: 3, frame: 6))
    }

    @Test func spansCloserThanTheGapMerge() {
        let states = [true, true, true, true, false, true, true, true, true]
        #expect(run(states, minDuration: 2, mergeGap: 0).count == 2)
        let merged = run(states, minDuration: 2, mergeGap: 0.5)
        #expect(merged.count == 1)
        #expect(merged[0].start.time == 0 && merged[0].end.time == 4.5)
        #expect(merged[0].evidence.n == 8)
    }

    @Test func exactMinimumDurationIsKeptDespiteRounding() {
        // 50 frames at 25 fps computed as index/25 need not subtract to exactly 2.0.
        var tracker = SpanTracker<Count>(minDuration: 2.0)
        tracker.observe(defective: true, at: StreamPosition(time: 7.0 / 25.0 * 1.0, frame: 7))
        tracker.observe(defective: false, at: StreamPosition(time: 57.0 * (1.0 / 25.0), frame: 57))
        #expect(tracker.spans.count == 1)
    }
}
