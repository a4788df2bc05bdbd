import AVQCModel
import Testing

@testable import AVQCReports

@Suite struct TextReportWriterTests {
    @Test func summarizesEachFileAndTheRun() throws {
        let text = TextReportWriter().render(sampleReport())
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.contains { $0.hasPrefix("media/clean, \"quoted\" <&>'.mp4: PASS, 10 s") })
        #expect(
            lines.contains {
                $0.contains("black   #0  00:00:02.000  2 s → 5 s (3 s)  frames 50–124  minBlackRatio=0.991235")
            })
        #expect(lines.contains { $0.contains("error (not-media): broken.mp4: not a recognizable media file") })
        #expect(lines.contains("3 files: 1 passed, 1 failed, 1 error; 2 defects"))
        try expectGolden(text, named: "report.txt")
    }

    @Test func timecodesAndRounding() {
        #expect(Timecode.string(fromSeconds: 0) == "00:00:00.000")
        #expect(Timecode.string(fromSeconds: 3723.4567) == "01:02:03.457")
        #expect(Timecode.string(fromSeconds: 360_000) == "100:00:00.000")
        #expect(Timecode.string(fromSeconds: -0.5) == "-00:00:00.500")
        #expect(Rounding.text(2.0400000000000005) == "2.04")
        #expect(Rounding.text(5) == "5")
    }
}
