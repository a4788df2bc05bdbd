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
        let timed = try #require(rows.first { $0[0] == "'=tc.mov" })
        #expect(timed[7] == "warning" && timed[11] == "10:00:05:00" && timed[12] == "10:00:17:00")
        #expect(timed[13] == "profile streaming: detectors.freeze")
    }

    @Test func fileRowsTabulateEveryInput() throws {
        let rows = CSVField.parse(CSVReportWriter(rows: .files).render(sampleReport()))
        #expect(rows.first == CSVReportWriter.fileColumns)
        #expect(rows.count == 1 + 4)
        #expect(rows.allSatisfy { $0.count == CSVReportWriter.fileColumns.count })
        #expect(rows[1][1] == "pass" && rows[1][8] == "0")
        #expect(rows[2][1] == "fail" && rows[2][8] == "2" && rows[2][9] == "2")
        #expect(rows[3][1] == "error" && rows[3][2] == "not-media")
        #expect(rows[4][0] == "'=tc.mov" && rows[4][1] == "warn" && rows[4][6] == "10:00:00:00" && rows[4][10] == "1")
        #expect(rows[4][12] == "0.750")
        // A clean batch is not a header-only file.
        let clean = CSVField.parse(CSVReportWriter(rows: .files).render(RunReport(files: [sampleReport().files[0]])))
        #expect(clean.count == 2)
    }

    @Test func measurementRowsAreLongForm() {
        let rows = CSVField.parse(CSVReportWriter(rows: .measurements).render(sampleReport()))
        #expect(rows.first == CSVReportWriter.measurementColumns)
        #expect(rows.contains(["média/ünïcode\u{1}ctl\nnewline.mkv", "loudness", "1", "integratedLUFS", "-23.04"]))
        #expect(rows.contains(["média/ünïcode\u{1}ctl\nnewline.mkv", "loudness", "1", "events", "3"]))
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
