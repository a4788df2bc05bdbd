import AVQCModel
import Testing

@testable import AVQCReports

@Suite struct TextReportWriterTests {
    @Test func summarizesEachFileAndTheRun() throws {
        let text = TextReportWriter().render(sampleReport())
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.contains { $0.hasPrefix("media/clean, \"quoted\" <&>'.mp4: PASS, 10 s") })
        // One line per defect: severity, detector, stream, in → out, duration, frames, evidence.
        #expect(
            lines.contains(
                "  ERROR  black   #0  00:00:02.000 → 00:00:05.000  3.000 s  frames [50, 125)  minBlackRatio=0.991"))
        #expect(lines.contains { $0.contains("error (not-media): broken.mp4: not a recognizable media file") })
        // SMPTE in and out where the file has a timecode.
        #expect(lines.contains("=tc.mov: WARN, 20 s, mov,mp4,m4a,3gp,3g2,mj2, timecode 10:00:00:00 at 25 fps"))
        #expect(
            lines.contains(
                "  WARN   freeze  #0  10:00:05:00 → 10:00:17:00  12.000 s  frames [125, 425)  maxDifferenceDB=-71.12"))
        #expect(
            lines.contains(
                "4 files: 1 passed, 1 with warnings, 1 failed, 1 error; 3 defects (2 errors, 1 warnings, 0 info)"))
        #expect(!text.contains("\u{1B}["))
        try expectGolden(text, named: "report.txt")
    }

    @Test func colourOnlyWhenAsked() {
        let coloured = TextReportWriter(color: true).render(sampleReport())
        #expect(coloured.contains("\u{1B}[1;31mERROR\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[33mWARN \u{1B}[0m"))
    }

    @Test func evidenceHasSensiblePrecision() {
        #expect(DefectText.number(-80.419722) == "-80.42")
        #expect(DefectText.number(123.456) == "123.5")
        #expect(DefectText.number(0.0012345) == "0.00123")
        #expect(DefectText.number(0.5) == "0.5")
        #expect(DefectText.number(3) == "3")
        #expect(DefectText.number(2.999999) == "3")
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
