import AVQCModel
import Foundation
import Testing

@testable import AVQCDetectors

@Suite struct SyncCollectorTests {
    /// 1 kHz beeps of 40 ms at `offset` + k seconds, fed in 1024-sample blocks.
    func beeps(offset: Double, seconds: Int = 20, rate: Int = 48_000) -> [Double] {
        let collector = BeepCollector()
        let samples = (0..<(seconds * rate)).map { n -> Float in
            let t = Double(n) / Double(rate)
            let phase = (t - offset + 1).truncatingRemainder(dividingBy: 1)
            return phase < 0.04 ? Float(0.3 * sin(2 * Double.pi * 1000 * (t - offset))) : 0
        }
        var start = 0
        while start < samples.count {
            let n = min(1024, samples.count - start)
            let slice = Array(samples[start..<(start + n)])
            slice.withUnsafeBufferPointer { buffer in
                [buffer.baseAddress!].withUnsafeBufferPointer { table in
                    collector.process(
                        AudioBlock(
                            channelData: table, frameCount: n, sampleRate: rate, time: Double(start) / Double(rate)))
                }
            }
            start += n
        }
        return collector.events
    }

    @Test func everyBeepIsFoundAtItsOnset() {
        let events = beeps(offset: 0.12)
        #expect(events.count == 20, "\(events)")
        for (k, event) in events.enumerated() { #expect(abs(event - (Double(k) + 0.12)) < 0.001, "\(event)") }
    }
}
