import AVQCModel
import Testing

@Suite struct StartTimecodeTests {
    @Test func nonDropFrameCountsFromTheStart() throws {
        let tc = try #require(StartTimecode(start: "10:00:00:00", rateNumerator: 25, rateDenominator: 1, source: "t"))
        #expect(!tc.dropFrame && tc.nominalRate == 25)
        #expect(tc.string(atSeconds: 0) == "10:00:00:00")
        #expect(tc.string(atSeconds: 5) == "10:00:05:00")
        #expect(tc.string(atSeconds: 5.039) == "10:00:05:00")
        #expect(tc.string(atSeconds: 5.04) == "10:00:05:01")
        #expect(tc.string(atSeconds: 3600 * 14 + 1) == "00:00:01:00")  // wraps at 24 h
        let ntscNDF = try #require(
            StartTimecode(start: "01:00:00:00", rateNumerator: 30000, rateDenominator: 1001, source: "t"))
        #expect(!ntscNDF.dropFrame)  // written with ':' means non-drop counting, even at 29.97
        #expect(ntscNDF.string(atSeconds: 1001.0 / 30000 * 30) == "01:00:01:00")
    }

    @Test func dropFrameSkipsTwoLabelsEachMinuteButTheTenth() throws {
        let tc = try #require(
            StartTimecode(start: "00:00:59;28", rateNumerator: 30000, rateDenominator: 1001, source: "t"))
        #expect(tc.dropFrame && tc.nominalRate == 30)
        let frame = 1001.0 / 30000
        #expect(tc.string(atSeconds: 0) == "00:00:59;28")
        #expect(tc.string(atSeconds: frame) == "00:00:59;29")
        #expect(tc.string(atSeconds: 2 * frame) == "00:01:00;02")  // ;00 and ;01 do not exist
        let tenth = try #require(
            StartTimecode(start: "00:09:59;29", rateNumerator: 30000, rateDenominator: 1001, source: "t"))
        #expect(tenth.string(atSeconds: frame) == "00:10:00;00")  // every tenth minute keeps them
        // 10:00:00;00 is frame 1078920 (36000 s × 30 − 2 × (600 − 60) labels skipped).
        let ten = try #require(
            StartTimecode(start: "10:00:00;00", rateNumerator: 30000, rateDenominator: 1001, source: "t"))
        #expect(ten.startFrame == 1_078_920)
        // An hour of 29.97 fps is 107892 frames and ends on 01:00:00;00 exactly.
        let zero = try #require(
            StartTimecode(start: "00:00:00;00", rateNumerator: 30000, rateDenominator: 1001, source: "t"))
        #expect(zero.string(atSeconds: 107_892 * frame) == "01:00:00;00")
        // 59.94 drops four labels a minute.
        let sixty = try #require(
            StartTimecode(start: "00:00:59;58", rateNumerator: 60000, rateDenominator: 1001, source: "t"))
        #expect(sixty.string(atSeconds: 2.0 * 1001 / 60000) == "00:01:00;04")
    }

    @Test func everyDropFrameLabelRoundTripsAndNoneIsSkippedWrongly() throws {
        let zero = try #require(
            StartTimecode(start: "00:00:00;00", rateNumerator: 30000, rateDenominator: 1001, source: "t"))
        var seen = Set<String>()
        for frame in 0..<(17_982 * 2) {
            let label = zero.string(atSeconds: (Double(frame) + 0.5) * 1001 / 30000)
            let parsed = try #require(
                StartTimecode(start: label, rateNumerator: 30000, rateDenominator: 1001, source: "t"))
            #expect(parsed.startFrame == frame, "\(label)")
            let minute = Int(label.dropFirst(3).prefix(2)) ?? 0
            let second = Int(label.dropFirst(6).prefix(2)) ?? 0
            let frames = Int(label.suffix(2)) ?? 0
            if second == 0, minute % 10 != 0 { #expect(frames >= 2, "\(label) should have been dropped") }
            seen.insert(label)
        }
        #expect(seen.count == 17_982 * 2)
    }

    @Test func malformedTimecodesAreRefused() {
        for bad in ["", "10:00:00", "10:00:00:25", "aa:00:00:00", "10:61:00:00", "1:2:3:4:5"] {
            #expect(StartTimecode(start: bad, rateNumerator: 25, rateDenominator: 1, source: "t") == nil, "\(bad)")
        }
        #expect(StartTimecode(start: "10:00:00:00", rateNumerator: 0, rateDenominator: 1, source: "t") == nil)
        #expect(StartTimecode(start: "10:00:00:00", rateNumerator: 25, rateDenominator: 0, source: "t") == nil)
    }
}
