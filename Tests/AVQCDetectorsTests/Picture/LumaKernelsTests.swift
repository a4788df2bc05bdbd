import AVQCModel
import Testing

@testable import AVQCDetectors

/// The vectorization-friendly kernels agree with the obvious loops.
@Suite struct LumaKernelsTests {
    @Test(arguments: [(8, 1000), (8, 257), (8, 3), (10, 700), (16, 513)])
    func countAndDifferenceMatchNaiveLoops(depth: Int, width: Int) {
        var generator = SplitMix(seed: UInt64(depth * 1000 + width))
        var a = SyntheticPicture(width: width, height: 9, bitDepth: depth, value: 0)
        var b = a
        let maximum = UInt64((1 << depth) - 1)
        for i in a.samples.indices {
            a.samples[i] = UInt16(generator.next() % (maximum + 1))
            b.samples[i] = UInt16(generator.next() % (maximum + 1))
        }
        let threshold = Int(maximum / 3)
        var expectedCount = 0
        var expectedSAD: UInt64 = 0
        for y in 0..<a.height {
            for x in 0..<a.width {
                let p = Int(a.samples[y * a.stride + x])
                let q = Int(b.samples[y * b.stride + x])
                if p <= threshold { expectedCount += 1 }
                expectedSAD += UInt64(abs(p - q))
            }
        }
        let snapshot = LumaSnapshot()
        b.withFrame(index: 0) { snapshot.copy(from: $0.luma) }
        a.withFrame(index: 0) { frame in
            #expect(LumaKernels.countAtOrBelow(frame.luma, threshold: threshold, maxAbove: Int.max) == expectedCount)
            #expect(LumaKernels.sumOfAbsoluteDifferences(frame.luma, snapshot, limit: UInt64.max) == expectedSAD)
            // Early exits say "more than the limit" without finishing.
            #expect(LumaKernels.countAtOrBelow(frame.luma, threshold: threshold, maxAbove: 0) == nil)
            #expect(LumaKernels.sumOfAbsoluteDifferences(frame.luma, snapshot, limit: 0) > 0)
        }
    }
}

/// A small deterministic generator, so failures reproduce.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
