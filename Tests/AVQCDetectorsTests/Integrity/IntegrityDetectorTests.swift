import AVQCModel
import Testing

@testable import AVQCDetectors

/// A video frame at `index` (25 fps unless `time` says otherwise) carrying `damage` and `format`.
func frame(
    _ picture: SyntheticPicture, index: Int, time: Double? = nil, damage: FrameDamage = .none,
    format: VideoFormat? = nil, _ body: (VideoFrame) -> Void
) {
    picture.withFrame(index: index) { base in
        body(
            VideoFrame(
                luma: base.luma, index: index, time: time ?? base.time, duration: base.duration,
                format: format ?? VideoFormat(width: base.luma.width, height: base.luma.height, pixelFormat: "yuv420p"),
                damage: damage))
    }
}

@Suite struct DecodeErrorDetectorTests {
    func run(mergeGap: Double) -> [Finding] {
        let detector = DecodeErrorDetector<VideoFrame>(minDuration: 0, mergeGap: mergeGap)
        let picture = SyntheticPicture(value: 100)
        for i in 0..<100 {
            var damage = FrameDamage.none
            if i == 10 || i == 11 || i == 30 { damage.record("error while decoding MB \(i) 1") }
            frame(picture, index: i, damage: damage) { detector.process($0) }
        }
        return detector.finish(at: StreamEnd(position: StreamPosition(time: 4, frame: 100))).defects
    }

    @Test func spansRunFromTheFirstDamagedFrameToTheFirstCleanOne() {
        let defects = run(mergeGap: 0)
        #expect(defects.count == 2)
        #expect(defects[0].startFrame == 10 && defects[0].endFrame == 12 && defects[0].details["errors"] == .integer(2))
        #expect(
            defects[0].details["messages"]
                == .strings(["error while decoding MB 10 1", "error while decoding MB 11 1"]))
        #expect(defects[1].startFrame == 30 && defects[1].endFrame == 31)
    }

    @Test func nearbySpansMergeWithinTheGap() {
        let merged = run(mergeGap: 1.0)  // 0.72 s apart
        #expect(merged.count == 1)
        #expect(merged[0].startFrame == 10 && merged[0].endFrame == 31 && merged[0].details["errors"] == .integer(3))
    }

    @Test func damageAfterTheLastFrameIsReportedAtTheEnd() {
        let detector = DecodeErrorDetector<VideoFrame>(minDuration: 0, mergeGap: 0)
        var trailing = FrameDamage.none
        trailing.record("flush error")
        let defects = detector.finish(
            at: StreamEnd(position: StreamPosition(time: 4, frame: 100), trailingDamage: trailing)
        ).defects
        #expect(defects.count == 1 && defects[0].start == 4 && defects[0].end == 4)
    }

    @Test func messagesAreDistinctAndCapped() {
        var damage = FrameDamage.none
        for i in 0..<20 { damage.record("message \(i % 7)") }
        #expect(damage.count == 20 && damage.messages.count == FrameDamage.messageLimit)
    }
}

@Suite struct TimestampGapDetectorTests {
    @Test func droppedFramesInAConstantRateStream() {
        let detector = VideoTimestampGapDetector(frameRate: 25, maxRatio: 1.5, regularShare: 0.9, mergeGap: 0)
        let picture = SyntheticPicture(value: 100)
        var index = 0
        for n in 0..<250 where !(100..<110).contains(n) {
            frame(picture, index: index, time: Double(n) / 25) { detector.process($0) }
            index += 1
        }
        let defects = detector.finish(at: StreamEnd(position: StreamPosition(time: 10, frame: index))).defects
        #expect(defects.count == 1)
        #expect(abs(defects[0].start - 4.0) < 1e-9 && abs(defects[0].end - 4.4) < 1e-9)
        #expect(defects[0].startFrame == 100 && defects[0].details["missingFrames"] == .integer(10))
    }

    @Test func backwardsAndRepeatedTimesAreReportedEvenWhenVariable() {
        let detector = VideoTimestampGapDetector(frameRate: 25, maxRatio: 1.5, regularShare: 0.9, mergeGap: 0)
        let picture = SyntheticPicture(value: 100)
        let times = [0, 0.04, 0.08, 0.08, 0.12, 0.10, 0.16]
        for (i, time) in times.enumerated() { frame(picture, index: i, time: time) { detector.process($0) } }
        let defects = detector.finish(at: StreamEnd(position: StreamPosition(time: 0.2, frame: times.count))).defects
        #expect(defects.map(\.startFrame) == [3, 5])
        #expect(defects.allSatisfy { $0.details["overlaps"] == .integer(1) })
    }

    @Test func variableRateStreamsAreNotFlaggedForTheirRhythm() {
        let detector = VideoTimestampGapDetector(frameRate: 30, maxRatio: 1.5, regularShare: 0.9, mergeGap: 0)
        let picture = SyntheticPicture(value: 100)
        var time = 0.0
        for i in 0..<300 {
            frame(picture, index: i, time: time) { detector.process($0) }
            time += [0.016, 0.033, 0.05, 0.1, 0.9][i % 5]  // screen-recording-like
        }
        #expect(!detector.isConstantRate)
        #expect(detector.finish(at: StreamEnd(position: StreamPosition(time: time, frame: 300))).defects.isEmpty)
    }

    /// Feeds blocks of 1024 samples at 48 kHz whose container timestamps are
    /// `timestamps`, placed on the sample timeline by `SampleClock` as the
    /// decoder does.
    static func timestampGaps(_ timestamps: [Double]) -> [Finding] {
        let detector = AudioTimestampGapDetector(tolerance: 0.010, mergeGap: 0)
        let samples = [Float](repeating: 0.1, count: 1024)
        var clock = SampleClock()
        samples.withUnsafeBufferPointer { buffer in
            let table = [buffer.baseAddress!]
            table.withUnsafeBufferPointer { channels in
                for timestamp in timestamps {
                    let (time, jump) = clock.place(timestamp: timestamp, duration: 1024.0 / 48_000)
                    detector.process(
                        AudioBlock(
                            channelData: channels, frameCount: 1024, sampleRate: 48_000, time: time,
                            timelineJump: jump))
                }
            }
        }
        return detector.finish(at: StreamEnd(position: StreamPosition(time: 1))).defects
    }

    @Test func aFrameWithAWildTimeIsMisplacedNotAGap() {
        let detector = VideoTimestampGapDetector(frameRate: 25, maxRatio: 1.5, regularShare: 0.9, mergeGap: 0)
        let picture = SyntheticPicture(value: 100)
        for i in 0..<100 {
            // Frame 50's header was damaged: it says 5224.9 s; its neighbours keep 25 fps.
            frame(picture, index: i, time: i == 50 ? 5224.9 : Double(i) / 25) { detector.process($0) }
        }
        let defects = detector.finish(at: StreamEnd(position: StreamPosition(time: 4, frame: 100))).defects
        #expect(defects.count == 1, "\(defects)")
        #expect(defects.first?.start == 2 && defects.first?.duration == 0 && defects.first?.startFrame == 50)
        #expect(defects.first?.details["misplacedFrames"] == .integer(1))
    }

    @Test func audioHolesAndOverlapsBeyondTheTolerance() {
        let block = 1024.0 / 48_000
        // A 5 ms slip (within tolerance), a 50 ms hole, then a 20 ms overlap, each kept by the 7 blocks after it.
        var starts = (0..<8).map { Double($0) * block }
        starts += (8..<16).map { Double($0) * block + 0.005 }
        starts += (16..<24).map { Double($0) * block + 0.055 }
        starts += (24..<32).map { Double($0) * block + 0.035 }
        let defects = Self.timestampGaps(starts)
        #expect(defects.count == 2)
        #expect(defects[0].details["gaps"] == .integer(1) && abs(defects[0].duration - 0.05) < 1e-6)
        #expect(abs(defects[0].start - (16 * block + 0.005)) < 1e-6)
        #expect(defects[1].details["overlaps"] == .integer(1) && abs(defects[1].duration - 0.02) < 1e-6)
    }

    @Test func jitterThatCancelsItselfIsNoGap() {
        // Ogg Vorbis as FFmpeg times it: one packet 10.7 ms late, the next back on the sample count.
        let block = 1024.0 / 48_000
        var starts = (0..<40).map { Double($0) * block }
        for i in stride(from: 5, to: 40, by: 7) { starts[i] += 0.0107 }
        for i in stride(from: 8, to: 40, by: 9) { starts[i] -= 0.0107 }
        #expect(Self.timestampGaps(starts).isEmpty)
        // AAC in MP4 whose sample table gives two packets 1472 and 576 samples: two blocks 10.2 ms late.
        var table = (0..<40).map { Double($0) * block }
        table[20] += 0.0102
        table[21] += 0.0102
        #expect(Self.timestampGaps(table).isEmpty)
        // Ogg jitter carried into MPEG-TS: 10.2 ms late for 8 blocks (0.17 s), then back.
        var carried = (0..<40).map { Double($0) * block }
        for i in 20..<28 { carried[i] += 0.0102 }
        #expect(Self.timestampGaps(carried).isEmpty)
    }

    @Test func sampleClockFollowsAConfirmedJumpOnly() {
        var clock = SampleClock()
        #expect(clock.place(timestamp: 1.0, duration: 0.5).time == 1.0)
        #expect(clock.place(timestamp: 1.6, duration: 0.5) == (time: 1.5, jump: nil))
        let confirmed = clock.place(timestamp: 2.1, duration: 0.5)
        #expect(confirmed.time == 2.1 && confirmed.jump?.at == 1.5)
        #expect(abs((confirmed.jump?.amount ?? 0) - 0.1) < 1e-9)
        #expect(clock.place(timestamp: nil, duration: 0.5).time == 2.6)
    }
}

@Suite struct FormatChangeDetectorTests {
    @Test func eachNewFormatStartsASpanUntilTheStreamReturns() {
        let detector = FormatChangeDetector<VideoFrame>(minDuration: 0, mergeGap: 0)
        let picture = SyntheticPicture(value: 100)
        let hd = VideoFormat(width: 1920, height: 1080, pixelFormat: "yuv420p")
        let sd = VideoFormat(width: 720, height: 576, pixelFormat: "yuv420p")
        let sd10 = VideoFormat(width: 720, height: 576, pixelFormat: "yuv420p10le")
        for i in 0..<100 {
            let format = i < 25 ? hd : (i < 50 ? sd : (i < 75 ? sd10 : hd))
            frame(picture, index: i, format: format) { detector.process($0) }
        }
        let defects = detector.finish(at: StreamEnd(position: StreamPosition(time: 4, frame: 100))).defects
        #expect(defects.map(\.startFrame) == [25, 50])
        #expect(defects.map(\.endFrame) == [50, 75])
        #expect(
            defects[0].details["from"] == .string("1920x1080 yuv420p")
                && defects[0].details["to"] == .string("720x576 yuv420p"))
        #expect(defects[1].details["to"] == .string("720x576 yuv420p10le"))
    }
}

@Suite struct TruncationDetectorTests {
    func finish(analyzed: Double, declared: Double?, problem: String? = nil) -> [Finding] {
        let detector = TruncationDetector<VideoFrame>(tolerance: 0.25)
        SyntheticPicture(value: 100).withFrame(index: 0) { detector.process($0) }
        return detector.finish(
            at: StreamEnd(
                position: StreamPosition(time: analyzed, frame: 10), declaredEnd: declared, readProblem: problem)
        ).defects
    }

    @Test func endsBeforeTheDeclaredEnd() {
        let defects = finish(analyzed: 5.5, declared: 10)
        #expect(defects.count == 1 && defects[0].start == 5.5 && defects[0].end == 10)
        #expect(defects[0].details["declaredEnd"] == .number(10))
    }

    @Test func withinToleranceIsComplete() {
        #expect(finish(analyzed: 9.8, declared: 10).isEmpty)
        #expect(finish(analyzed: 10, declared: nil).isEmpty)
    }

    @Test func readProblemsAreTruncationEvenWithoutADeclaredEnd() {
        let defects = finish(analyzed: 5, declared: nil, problem: "the last packet is cut short")
        #expect(defects.count == 1 && defects[0].duration == 0)
        #expect(defects[0].details["reason"] == .string("the last packet is cut short"))
    }
}

@Suite struct BlockinessMeterTests {
    /// A 320x180 picture from a function of the pixel position.
    func picture(_ value: (Int, Int) -> Int) -> SyntheticPicture {
        var picture = SyntheticPicture(width: 320, height: 180, value: 0)
        for y in 0..<180 {
            for x in 0..<320 { picture.samples[y * picture.stride + x] = UInt16(max(0, min(255, value(x, y)))) }
        }
        return picture
    }

    func measure(_ picture: SyntheticPicture, codec: String = "mpeg2video") -> (score: Double, contrast: Double) {
        let detector = BlockinessDetector(codec: codec, threshold: 0.05, contrast: 7, minDuration: 0, mergeGap: 0)
        return picture.withFrame(index: 0) { detector.measure($0.luma) }
    }

    @Test func flatEightByEightBlocksScoreHigh() {
        var generator = SplitMix(seed: 1)
        var levels: [Int] = []
        for _ in 0..<(40 * 23) { levels.append(60 + Int(generator.next() % 120)) }
        let reading = measure(picture { x, y in levels[(y / 8) * 40 + x / 8] })
        #expect(reading.score > 0.5 && reading.contrast > 20, "\(reading)")
    }

    @Test func smoothGradientsNoiseAndSharpContentScoreLow() {
        var generator = SplitMix(seed: 2)
        let noise = (0..<(320 * 180)).map { _ in Int(generator.next() % 256) }
        for (name, value) in [
            ("gradient", { (x: Int, y: Int) in (x + y) / 2 }),
            ("noise", { (x: Int, y: Int) in noise[y * 320 + x] }),
            (
                "circles",
                { (x: Int, y: Int) in ((x - 160) * (x - 160) + (y - 90) * (y - 90)) / 200 % 2 == 0 ? 40 : 200 }
            ),
        ] as [(String, (Int, Int) -> Int)] {
            let reading = measure(picture(value))
            #expect(reading.score < 0.05 || reading.contrast < 7, "\(name): \(reading)")
        }
    }

    @Test func gridAlignedBarsInOneDirectionAreNotBlocks() {
        // Vertical bars 32 px wide: every edge sits on the 8-grid, but only across columns.
        let reading = measure(picture { x, _ in (x / 32) % 2 == 0 ? 50 : 180 })
        #expect(reading.contrast < 7, "\(reading)")
    }
}
