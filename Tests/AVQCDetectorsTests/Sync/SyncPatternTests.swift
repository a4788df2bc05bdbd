import AVQCModel
import Foundation
import Testing

@testable import AVQCDetectors

/// av-drift-detector's pattern, drawn and synthesized here from its published layout.
@Suite struct SyncPatternTests {
    /// A 640x360 picture carrying frame `id` in the barcode strip (version 2: Gray-coded id).
    static func stampPicture(id: Int) -> SyntheticPicture {
        var picture = SyntheticPicture(width: 640, height: 360, value: 16)
        let gray = id ^ (id >> 1)
        let bits: UInt64 = 2 << 44 | 3 << 40 | UInt64(gray) << 16 | 0xA5
        let cell = (0.97 - 0.03) / 18
        for row in 0..<3 {
            for column in 0..<18 {
                let white: Bool
                switch column {
                case 0: white = true
                case 17: white = false
                default: white = (bits >> UInt64(47 - (row * 16 + column - 1))) & 1 == 1
                }
                guard white else { continue }
                let x0 = Int((0.03 + Double(column) * cell) * 640)
                let x1 = Int((0.03 + Double(column + 1) * cell) * 640)
                let y0 = Int((0.04 + Double(row) * 0.075) * 360)
                let y1 = Int((0.04 + Double(row + 1) * 0.075) * 360)
                for y in y0..<y1 {
                    for x in x0..<x1 { picture.samples[y * picture.stride + x] = 235 }
                }
            }
        }
        return picture
    }

    @Test func barcodeIdsReadBack() {
        for id in [0, 1, 2, 75, 4095, 65_537, 1_000_000] {
            let read = Self.stampPicture(id: id).withFrame(index: 0) { StampReader.read($0.luma) }
            #expect(read == id)
        }
        #expect(
            SyntheticPicture(width: 640, height: 360, value: 100).withFrame(index: 0) { StampReader.read($0.luma) }
                == nil)
    }

    /// The audio code for frames `first..<first + count` at `fps`, 48 kHz, starting `delay` seconds late.
    static func toneCode(first: Int, count: Int, fps: Double, delay: Double) -> [Float] {
        let rate = 48_000.0
        let k0 = Int((600 / fps - 1e-9).rounded(.up))
        let hops = [0, 5, 7, 11]
        let total = Int((Double(count) / fps + delay) * rate)
        return (0..<total).map { n in
            let t = Double(n) / rate - delay
            guard t >= 0 else { return 0 }
            let frame = first + Int(t * fps)
            let id = frame % 65_536
            var value = 0.0
            for band in 0..<4 {
                let nibble = (id >> (4 * band)) & 15
                let tone = band == 0 ? nibble : (nibble + hops[band] * (id & 15)) % 16
                let harmonic = Double(k0 + band * 18 + tone)
                value += 0.08 * sin(2 * Double.pi * harmonic * fps * t)
            }
            return Float(value)
        }
    }

    @Test(arguments: [(25.0, 0.2), (30000.0 / 1001, -0.0), (50.0, 0.0123)])
    func toneCodeIdsAndTimes(fps: Double, delay: Double) {
        let reader = ToneCodeReader(frameRate: fps)
        let samples = Self.toneCode(first: 0, count: Int(6 * fps), fps: fps, delay: delay)
        var start = 0
        while start < samples.count {
            let n = min(1024, samples.count - start)
            Array(samples[start..<(start + n)]).withUnsafeBufferPointer {
                reader.feed($0, time: Double(start) / 48_000, rate: 48_000)
            }
            start += n
        }
        #expect(reader.events.count >= Int(4 * fps), "\(reader.events.count)")
        for event in reader.events {
            // Frame `id` starts at id / fps + delay: within 0.1 ms.
            #expect(abs(event.time - (Double(event.id) / fps + delay)) < 0.0001, "\(event)")
        }
    }

    @Test func codesPairWithStampsOfTheSameFrame() {
        let stamps = (0..<100).map { (time: Double($0) / 25, id: $0) }
        let codes = (10..<100).map { (time: Double($0) / 25 + 0.2, id: $0 % 65_536) }
        let pairs = AVSyncDetector.codePairs(stamps: stamps, codes: codes, minEvents: 3)
        #expect(pairs?.count == 90)
        #expect(pairs?.allSatisfy { abs($0.offset - 0.2) < 1e-9 } == true)
        #expect(AVSyncDetector.codePairs(stamps: stamps, codes: [], minEvents: 3) == nil)
    }

    @Test func strayPairsAndRobustDrift() {
        var pairs = (0..<30).map { (time: Double($0), offset: 0.080) }
        pairs[12].offset = -0.082  // a programme beep near a flash
        #expect(AVSyncDetector.isStray(12, in: pairs))
        #expect(!AVSyncDetector.isStray(11, in: pairs))
        #expect(abs(AVSyncDetector.driftSlope(pairs, median: 0.08)) < 1e-9)
        let drifting = (0..<30).map { (time: Double($0), offset: 0.002 * Double($0)) }
        #expect(abs(AVSyncDetector.driftSlope(drifting, median: 0.03) - 0.002) < 1e-9)
    }

    @Test func aRequiredPatternThatIsMissingIsADefect() {
        let detector = AVSyncDetector(maxLead: 0.04, maxLag: 0.06, minEvents: 3, requirePattern: true)
        let streams = [
            StreamInfo(index: 0, type: .video, codec: "h264", width: 64, height: 36, frameRate: 25),
            StreamInfo(index: 1, type: .audio, codec: "aac", sampleRate: 48_000, channels: 1),
        ]
        #expect(detector.reportingStream(among: streams) == 1)
        for stream in streams { _ = detector.observer(for: stream) }
        let result = detector.finish(streams: [
            StreamTiming(index: 0, type: .video, start: 0, end: 10),
            StreamTiming(index: 1, type: .audio, start: 0, end: 10),
        ])
        #expect(result.defects.count == 1)
        #expect(result.defects.first?.duration == 10)
        let optional = AVSyncDetector(maxLead: 0.04, maxLag: 0.06, minEvents: 3)
        for stream in streams { _ = optional.observer(for: stream) }
        #expect(optional.finish(streams: []).defects.isEmpty)
    }
}
