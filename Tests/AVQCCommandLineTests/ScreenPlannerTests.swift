import AVQCMedia
import Testing

@testable import AVQCAnalysis

@Suite struct ScreenPlannerTests {
    /// 25 fps, a keyframe every `gop` frames, ordinary packets of 20 kB,
    /// keyframes of 80 kB, and `small` frames of 60 bytes.
    static func packets(count: Int, gop: Int, small: Range<Int>, smallKeys: Bool = true) -> [PacketRecord] {
        (0..<count).map { index in
            let key = index % gop == 0
            var size = key ? 80_000 : 20_000
            if small.contains(index), !key || smallKeys { size = key ? 900 : 60 }
            return PacketRecord(
                stream: 0, pts: Int64(index), time: Double(index) / 25,
                duration: 0.04, size: size, key: key)
        }
    }

    @Test func aRunOfSmallPacketsIsSuspectWithTheFrameBeforeIt() {
        let suspects = ScreenPlanner.suspects(
            packets: Self.packets(count: 1500, gop: 250, small: 501..<625), keyframes: [], frameDuration: 0.04,
            minimum: 2, mergeWithin: 1)
        #expect(suspects.count == 1)
        let range = suspects.first?.range
        #expect(abs((range?.lowerBound ?? 0) - 20.0) < 1e-9)  // frame 500: the still run's first picture
        #expect(abs((range?.upperBound ?? 0) - 25.0) < 1e-9)  // after frame 624
        #expect(suspects.first?.anchored == false)
    }

    @Test func aRunOpeningOnASmallKeyframeIsAnchoredThere() {
        let suspects = ScreenPlanner.suspects(
            packets: Self.packets(count: 1500, gop: 250, small: 250..<375), keyframes: [], frameDuration: 0.04,
            minimum: 2, mergeWithin: 1)
        #expect(suspects == [ScreenPlanner.Suspect(range: 10.0...15.0, anchored: true)])
    }

    @Test func aKeyframeInsideAStillRunDoesNotSplitIt() {
        // 10 s of small packets across the keyframe at 250, which re-codes the still picture in full.
        let suspects = ScreenPlanner.suspects(
            packets: Self.packets(count: 1500, gop: 250, small: 101..<351, smallKeys: false), keyframes: [],
            frameDuration: 0.04, minimum: 2, mergeWithin: 1)
        #expect(suspects.count == 1)
        #expect(abs((suspects.first?.range.lowerBound ?? 0) - 4.0) < 1e-9)
    }

    @Test func runsTooShortForTheMinimumAreDropped() {
        let short = ScreenPlanner.suspects(
            packets: Self.packets(count: 1500, gop: 250, small: 501..<520), keyframes: [], frameDuration: 0.04,
            minimum: 2, mergeWithin: 1)
        #expect(short.isEmpty)
        let kept = ScreenPlanner.suspects(
            packets: Self.packets(count: 1500, gop: 250, small: 501..<520), keyframes: [], frameDuration: 0.04,
            minimum: 0.5, mergeWithin: 1)
        #expect(kept.count == 1)
    }

    @Test func darkOrAlikeKeyframesMakeTheirGroupSuspect() {
        let clean = Self.packets(count: 1500, gop: 250, small: 0..<0)
        func keyframe(_ time: Double, dark: Double, level: Float) -> KeyframeProbe.Keyframe {
            KeyframeProbe.Keyframe(time: time, darkShare: dark, cells: Array(repeating: level, count: 144))
        }
        var keys = (0..<6).map { keyframe(Double($0) * 10, dark: 0, level: Float($0) * 0.1) }
        #expect(
            ScreenPlanner.suspects(packets: clean, keyframes: keys, frameDuration: 0.04, minimum: 2, mergeWithin: 1)
                .isEmpty)
        keys[2] = keyframe(20, dark: 0.95, level: 0.01)
        let dark = ScreenPlanner.suspects(
            packets: clean, keyframes: keys, frameDuration: 0.04, minimum: 2, mergeWithin: 1)
        #expect(dark.map(\.range) == [10.0...30.0])
        keys[2] = keyframe(20, dark: 0, level: 0.3)
        keys[3] = keyframe(30, dark: 0, level: 0.31)  // alike within 0.03
        let alike = ScreenPlanner.suspects(
            packets: clean, keyframes: keys, frameDuration: 0.04, minimum: 2, mergeWithin: 1)
        #expect(alike.map(\.range) == [20.0...30.0])
    }

    @Test func intraOnlyRepeatsAreSuspect() {
        // Every packet a keyframe (MJPEG-like); a still stretch codes to the same size again and again.
        let packets = (0..<500).map { index in
            PacketRecord(
                stream: 0, pts: Int64(index), time: Double(index) / 25, duration: 0.04,
                size: (200..<300).contains(index) ? 31_000 : 27_000 + (index * 2_654_435_761) % 6000, key: true)
        }
        let suspects = ScreenPlanner.suspects(
            packets: packets, keyframes: [], frameDuration: 0.04, minimum: 2, mergeWithin: 1)
        #expect(suspects.count == 1)
        // Frame 201 is the first to repeat frame 200's size: frame 200 opens the still run.
        #expect(abs((suspects.first?.range.lowerBound ?? 0) - 8.0) < 1e-9)
        #expect(suspects.first?.anchored == false)
    }
}
