import AVQCModel
import Foundation
import Testing

@testable import AVQCDetectors

/// Detectors that collect candidate spans keep memory flat however long the
/// stream and however many candidates it yields (issue #10).
@Suite struct BoundedMemoryTests {
    @Test func tenHoursOfVariableRateVideoKeepAFixedNumberOfSpans() {
        let detector = VideoTimestampGapDetector(frameRate: 25, maxRatio: 1.5, regularShare: 0.9, mergeGap: 0)
        var generator = SplitMix(seed: 7)
        let plane = [UInt8](repeating: 16, count: 16 * 16)
        var time = 0.0
        var index = 0
        var peakStored = 0
        plane.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            let luma = LumaPlane(base: base, stride: 16, width: 16, height: 16, bitDepth: 8, range: .limited)
            // 10 hours at about 25 fps, every step from 10 to 200 ms: a screen recording's rhythm.
            while time < 36_000 {
                detector.process(VideoFrame(luma: luma, index: index, time: time, duration: 0.04))
                time += 0.01 + 0.19 * generator.unit()
                index += 1
                if index % 10_000 == 0 { peakStored = max(peakStored, detector.jumps.spans.count) }
            }
        }
        #expect(index > 300_000)
        #expect(peakStored > 1000)  // jumps were found and kept...
        #expect(peakStored <= detector.jumps.capacity)  // ...in bounded memory
        #expect(detector.jumps.compactions > 0)
        let result = detector.finish(
            at: StreamEnd(position: StreamPosition(time: time, frame: index), declaredEnd: nil))
        #expect(result.defects.count == 0)  // variable rate: jumps and misplaced frames are not defects
        #expect(!detector.isConstantRate)
    }

    @Test func compactionMergesNeighboursWithoutLosingEvidence() {
        var list = BoundedSpanList<DropoutDetector.Evidence>(capacity: 4)
        for i in 0..<9 {
            let start = Double(i)
            list.append(
                TrackedSpan(
                    start: StreamPosition(time: start), end: StreamPosition(time: start + 0.5),
                    evidence: DropoutDetector.Evidence(count: 1, longest: 0.5)))
        }
        #expect(list.spans.count <= 4)
        #expect(list.spans.reduce(0) { $0 + $1.evidence.count } == 9)
        #expect(list.spans.first?.start.time == 0 && list.spans.last?.end.time == 8.5)
    }

    @Test func regularSeriesMatchesTheQuadraticDefinition() {
        var generator = SplitMix(seed: 11)
        for _ in 0..<50 {
            var candidates: [(start: Double, end: Double)] = []
            var time = 0.0
            let regular = generator.unit() < 0.5
            for _ in 0..<Int(3 + generator.unit() * 40) {
                time += regular ? 1.0 : 0.2 + generator.unit() * 2
                let length = regular ? 0.05 : 0.01 + Double(Int(generator.unit() * 5)) * 0.0015
                candidates.append((time, time + length))
            }
            #expect(DropoutDetector.regularSeries(candidates) == Self.quadraticRegularSeries(candidates))
        }
    }

    @Test func regularSeriesOfManyCandidatesIsFast() {
        // 20,000 equal gaps, evenly spaced: quadratic search took minutes.
        let candidates = (0..<20_000).map { (start: Double($0), end: Double($0) + 0.05) }
        let started = Date()
        #expect(DropoutDetector.regularSeries(candidates).count == candidates.count)
        #expect(Date().timeIntervalSince(started) < 5)
    }

    /// The rule as first written, O(n²): the reference for the fast version.
    static func quadraticRegularSeries(_ candidates: [(start: Double, end: Double)]) -> Set<Int> {
        var pattern = Set<Int>()
        for (i, candidate) in candidates.enumerated() {
            let length = candidate.end - candidate.start
            let alike = candidates.indices.filter { abs((candidates[$0].end - candidates[$0].start) - length) <= 0.002 }
            guard alike.count >= 3 else { continue }
            let intervals = zip(alike, alike.dropFirst()).map { candidates[$1].start - candidates[$0].start }
            guard let low = intervals.min(), let high = intervals.max() else { continue }
            let mean = intervals.reduce(0, +) / Double(intervals.count)
            if high - low <= max(0.005, 0.02 * mean) { pattern.insert(i) }
        }
        return pattern
    }

    @Test func sampleKernelsAgreeWithPlainLoops() {
        var generator = SplitMix(seed: 3)
        for count in [0, 1, 15, 16, 17, 100, 4096] {
            var samples = (0..<count).map { _ in Float(generator.unit() * 2 - 1) }
            if count > 10 { samples[count / 2] = .nan }
            let expected = samples.filter { !$0.isNaN }.map(abs).max() ?? 0
            samples.withUnsafeBufferPointer { buffer in
                #expect(SampleKernels.peak(buffer) == expected)
                #expect(SampleKernels.isZero(buffer) == (count == 0))
            }
            let zeros = [Float](repeating: -0.0, count: count)
            zeros.withUnsafeBufferPointer { #expect(SampleKernels.isZero($0)) }
        }
    }
}

extension SplitMix {
    /// Uniform in 0..<1.
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
