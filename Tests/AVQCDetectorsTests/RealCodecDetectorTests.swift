import AVQCModel
import Foundation
import Testing

@testable import AVQCDetectors

/// Feeds mono float samples to `detector` in 1024-sample blocks from time 0.
func feedAudio(_ samples: [Float], rate: Int = 48_000, channels: Int = 1, into body: (AudioBlock) -> Void) {
    var start = 0
    while start < samples.count {
        let n = min(1024, samples.count - start)
        let slice = Array(samples[start..<(start + n)])
        slice.withUnsafeBufferPointer { buffer in
            Array(repeating: buffer.baseAddress!, count: channels).withUnsafeBufferPointer { table in
                body(
                    AudioBlock(channelData: table, frameCount: n, sampleRate: rate, time: Double(start) / Double(rate)))
            }
        }
        start += n
    }
}

@Suite struct DamageFoldingTests {
    @Test func consequencesInsideTheDamageFoldIntoIt() {
        let damage = Defect(detector: "decode-error", streamIndex: 1, start: 5.0, end: 5.1)
        let inside = [
            Defect(detector: "timestamp-gap", streamIndex: 1, start: 5.05, end: 5.3),
            Defect(detector: "clipping", streamIndex: 1, start: 4.8, end: 4.81),
            Defect(detector: "format-change", streamIndex: 1, start: 5.0, end: 5.2),
        ]
        let outside = [
            Defect(detector: "clipping", streamIndex: 1, start: 9.0, end: 9.1),  // later: its own cause
            Defect(detector: "clipping", streamIndex: 0, start: 5.0, end: 5.1),  // another stream
            Defect(detector: "silence", streamIndex: 1, start: 2.0, end: 8.0),  // reaches far beyond
            Defect(detector: "truncation", streamIndex: 1, start: 5.0, end: 5.1),  // never folded
        ]
        let folded = DamageFolding.fold([damage] + inside + outside)
        #expect(folded.count == 1 + outside.count)
        let kept = folded.first { $0.detector == "decode-error" }
        #expect(kept?.details["alsoReported"] == .string("clipping ×1, format-change ×1, timestamp-gap ×1"))
        #expect(DamageFolding.fold(outside) == outside)
    }
}

@Suite struct FreezeRefreshTests {
    /// Runs the freeze detector over `values`, one flat picture per frame (25 fps).
    func spans(_ values: [Int], refresh: Double? = -40) -> [Finding] {
        let detector = FreezeDetector(noiseDecibels: -60, refreshDecibels: refresh, minDuration: 2)
        for (index, value) in values.enumerated() {
            SyntheticPicture(value: value).withFrame(index: index) { detector.process($0) }
        }
        return detector.finish(
            at: StreamEnd(position: StreamPosition(time: Double(values.count) / 25, frame: values.count))
        )
        .defects
    }

    @Test func aStillPictureReCodedAtAKeyFrameStaysOneFreeze() {
        // 25 moving frames, 100 frozen at 100 with a one-code shift at frame 60 (−48 dB), then motion.
        let moving = (0..<25).map { 30 + 4 * $0 }
        let frozen = (0..<100).map { $0 < 35 ? 100 : 101 }
        let values = moving + frozen + (0..<25).map { 150 + 3 * $0 }
        let found = spans(values)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.startFrame == 25 && found.first?.endFrame == 125)
        #expect(found.first?.details["refreshes"] == .integer(1))
        // Without refreshes the step splits the run.
        #expect(spans(values, refresh: nil).map(\.startFrame) == [60])
    }

    @Test func halfRateMotionAndSteadyChangeAreNotFrozen() {
        // Each picture shown twice, moving by one code: a step after every still frame.
        #expect(spans((0..<200).map { 50 + $0 / 2 }).isEmpty)
        // A slow fade: one code every frame.
        #expect(spans((0..<200).map { 200 - $0 / 1 }).isEmpty)
    }
}

@Suite struct FlatTopClippingTests {
    func clipping(_ samples: [Float]) -> [Finding] {
        let detector = ClippingDetector(minRun: 3, mergeGap: 0.1)
        feedAudio(samples) { detector.process($0) }
        return detector.finish(at: StreamEnd(position: StreamPosition(time: Double(samples.count) / 48_000))).defects
    }

    @Test func aClippedSineThroughALossyCodecIsFound() {
        // A 440 Hz sine driven to 1.5x and clipped, with a lossy codec's ripple (±4%) on the plateau,
        // never held at ±1.0: no full-scale run, but flat tops from 1 s to 3 s.
        let samples = (0..<(4 * 48_000)).map { n -> Float in
            let t = Double(n) / 48_000
            let drive = (1...3).contains(t) ? 1.5 : 0.5
            let clipped = max(-1, min(1, drive * sin(2 * Double.pi * 440 * t)))
            return Float(clipped * 0.97 + 0.03 * sin(2 * Double.pi * 7000 * t) * abs(clipped))
        }
        let found = clipping(samples)
        #expect(found.count == 1, "\(found)")
        #expect(abs((found.first?.start ?? 0) - 1) <= 0.03 && abs((found.first?.end ?? 0) - 3) <= 0.03)
        #expect(found.first?.details["flatTopWindows"] != nil)
    }

    @Test func aLoudCleanSineIsNot() {
        let samples = (0..<(3 * 48_000)).map { Float(0.99 * sin(2 * Double.pi * 440 * Double($0) / 48_000)) }
        #expect(clipping(samples).isEmpty)
    }
}

@Suite struct QuantizerBlockinessTests {
    @Test func starvedFramesByTheirQuantizer() {
        let detector = BlockinessDetector(
            codec: "h264", threshold: 0.3, contrast: 7, quantizerLevel: 0.85, minDuration: 0.5,
            mergeGap: 0.5)
        let picture = SyntheticPicture(value: 100)
        for index in 0..<100 {
            let qp = (40..<70).contains(index) ? 51.0 : 26.0
            picture.withFrame(index: index) { base in
                detector.process(
                    VideoFrame(
                        luma: base.luma, index: index, time: base.time, duration: base.duration,
                        quantizer: CodingQuantizer(scale: .h264, mean: qp)))
            }
        }
        let found = detector.finish(at: StreamEnd(position: StreamPosition(time: 4, frame: 100))).defects
        #expect(found.map(\.startFrame) == [40] && found.map(\.endFrame) == [70])
        #expect(found.first?.details["meanQuantizer"] == .number(51))
        #expect(found.first?.details["quantizerScale"] == .string("h264-qp"))
        #expect(
            CodingQuantizer(scale: .mpeg2, mean: 62).level == 1 && CodingQuantizer(scale: .vp9, mean: 300).level == 1)
    }
}

@Suite struct ContainerDurationTests {
    func truncation(shortfall: Double, byContainer: Bool) -> [Finding] {
        let detector = TruncationDetector<VideoFrame>(tolerance: 0.25, containerTolerance: 0.5)
        return detector.finish(
            at: StreamEnd(
                position: StreamPosition(time: 10, frame: 250), declaredEnd: 10 + shortfall,
                declaredByContainer: byContainer)
        ).defects
    }

    @Test func streamsMayEndApartWhenOnlyTheContainerDeclaresADuration() {
        #expect(truncation(shortfall: 0.4, byContainer: true).isEmpty)  // MKV: audio runs 0.4 s longer
        #expect(truncation(shortfall: 0.6, byContainer: true).count == 1)
        #expect(truncation(shortfall: 0.4, byContainer: false).count == 1)  // the stream's own duration
    }
}

@Suite struct DropoutEdgeTests {
    func dropouts(_ samples: [Float]) -> [Finding] {
        let detector = DropoutDetector(
            quietDecibels: -90, activeDecibels: -50, minLength: 0.005, maxLength: 0.2,
            guardTime: 0.05, mergeGap: 0)
        feedAudio(samples) { detector.process($0) }
        return detector.finish(at: StreamEnd(position: StreamPosition(time: Double(samples.count) / 48_000))).defects
    }

    @Test func aCutWaveformIsADropoutAFadedPauseIsNot() {
        // 30 ms of zero cut into a 300 Hz tone at 1.0137 s (mid-cycle on both sides).
        let cut = (0..<(2 * 48_000)).map { n -> Float in
            (48_658..<50_098).contains(n) ? 0 : Float(0.4 * sin(2 * Double.pi * 300 * Double(n) / 48_000))
        }
        let found = dropouts(cut)
        #expect(found.count == 1 && abs((found.first?.start ?? 0) - 48_658.0 / 48_000) < 0.001, "\(found)")
        // The same pause, but the tone fades out over 30 ms before it and in over 30 ms after (speech).
        let faded = (0..<(2 * 48_000)).map { n -> Float in
            let t = Double(n) / 48_000
            let gain = t < 1.0137 ? min(1, (1.0137 - t) / 0.03) : min(1, (t - 1.0437) / 0.03)
            return (48_658..<50_098).contains(n) ? 0 : Float(0.4 * gain * sin(2 * Double.pi * 300 * t))
        }
        #expect(dropouts(faded).isEmpty)
    }
}
