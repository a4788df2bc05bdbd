import AVQCModel
import Testing

@testable import AVQCReports

@Suite struct CSVReportWriterTests {
    @Test(arguments: ["plain", "a,b", "say \"hi\"", "line\nbreak", "cr\r\nlf", " lead", "ünï,cödé", ""])
    func fieldsRoundTrip(field: String) {
        let line = [field, "x", field].map(CSVField.escape).joined(separator: ",") + "\r\n"
        #expect(CSVField.parse(line) == [[field, "x", field]])
    }

    @Test func oneRowPerDefectWithHostilePathsIntact() throws {
        let report = sampleReport()
        let rows = CSVField.parse(CSVReportWriter().render(report))
        #expect(rows.first == CSVReportWriter.columns)
        // One row per defect, and one per file that could not be analyzed.
        #expect(rows.count == 1 + report.summary.defects + report.summary.errors)
        let errorRow = try #require(rows.first { $0[1].isEmpty })
        #expect(errorRow[7] == "error" && errorRow[8].hasPrefix("status=error; kind="))
        let black = rows[1]
        #expect(black[0] == "média/ünïcode\u{1}ctl\nnewline.mkv")
        #expect(black[1] == "black" && black[2] == "0" && black[3] == "2" && black[4] == "5" && black[5] == "3")
        #expect(black[6] == "00:00:02.000" && black[7] == "error" && black[8] == "minBlackRatio=0.991235")
        #expect(black[9] == "50" && black[10] == "125")
        #expect(rows[2][8] == "maxDifferenceDB=-80.5; note=a, \"b\"; <c>")
    }

    @Test func formulaCellsAreNeutralized() {
        for hostile in ["=1+2.wav", "+cmd.wav", "-2+3.mp4", "@SUM(A1).mkv", "\tx.wav", "\rx.wav"] {
            #expect(CSVField.neutralize(hostile) == "'" + hostile)
        }
        for harmless in ["a=1.wav", "clip.mp4", "", "1.5", "média.mkv"] {
            #expect(CSVField.neutralize(harmless) == harmless)
        }
    }

    @Test func linesEndInCRLF() {
        let text = CSVReportWriter().render(sampleReport())
        #expect(text.hasSuffix("\r\n"))
        #expect(text.hasPrefix(CSVReportWriter.columns.joined(separator: ",") + "\r\n"))
    }
}
