import AVQCModel
import Foundation
import Testing

@testable import AVQCReports

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite struct JUnitReportWriterTests {
    func validate(_ xml: String) throws -> (status: Int32, output: String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("avqc-junit-\(UUID().uuidString).xml")
            .path
        try Data(xml.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try shell(["xmllint", "--noout", "--schema", junitSchemaPath, path])
    }

    @Test func validatesAgainstTheJUnitSchema() throws {
        let xml = JUnitReportWriter(hostname: "ci host\t01").render(sampleReport())
        let result = try validate(xml)
        #expect(result.status == 0, "\(result.output)")
        // The check is real: dropping a required attribute fails validation.
        let broken = xml.replacingOccurrences(of: " hostname=\"ci host 01\"", with: "")
        #expect(try validate(broken).status != 0)
    }

    @Test func mapsFilesDetectorsFailuresAndErrors() throws {
        let xml = JUnitReportWriter(hostname: "h").render(sampleReport())
        let document = try XMLDocument(xmlString: xml)
        let suites = try document.nodes(forXPath: "/testsuites/testsuite")
        #expect(suites.count == 4)
        let second = try #require(suites[1] as? XMLElement)
        #expect(second.attribute(forName: "name")?.stringValue == "média/ünïcode\u{FFFD}ctl newline.mkv")
        #expect(second.attribute(forName: "tests")?.stringValue == "2")
        #expect(second.attribute(forName: "failures")?.stringValue == "2")
        let failures = try second.nodes(forXPath: "testcase/failure")
        #expect(failures.count == 2)
        #expect(failures.first?.stringValue?.contains("frames [50, 125)") == true)
        // The message carries the span's times, not only a count.
        let message = try #require((failures.first as? XMLElement)?.attribute(forName: "message")?.stringValue)
        #expect(message == "1 black span on stream 0: 00:00:02.000 → 00:00:05.000 (3.000 s)")
        let third = try #require(suites[2] as? XMLElement)
        #expect(third.attribute(forName: "errors")?.stringValue == "1")
        #expect(
            try third.nodes(forXPath: "testcase/error").first?.stringValue?.contains("not a recognizable media file")
                == true)
        let first = try #require(suites[0] as? XMLElement)
        #expect(first.attribute(forName: "name")?.stringValue == "media/clean, \"quoted\" <&>'.mp4")
        #expect(first.attribute(forName: "failures")?.stringValue == "0")
    }

    @Test func caseIDsAreUniqueAndTimesAreTheAnalysisTimes() throws {
        var report = sampleReport()
        // Two inputs whose class names would collide once dots become underscores.
        var twin = report.files[0]
        twin.path = "media/clean, \"quoted\" <&>'_mp4"
        report.files.append(twin)
        let document = try XMLDocument(xmlString: JUnitReportWriter(hostname: "h").render(report))
        let cases = try document.nodes(forXPath: "//testcase").compactMap { $0 as? XMLElement }
        let ids = cases.map {
            ($0.attribute(forName: "classname")?.stringValue ?? "") + "|"
                + ($0.attribute(forName: "name")?.stringValue ?? "")
        }
        #expect(Set(ids).count == ids.count, "\(ids)")
        let suites = try document.nodes(forXPath: "/testsuites/testsuite").compactMap { $0 as? XMLElement }
        #expect(suites[0].attribute(forName: "time")?.stringValue == "1.500")
        let timed = try #require(suites[3].elements(forName: "testcase").first)
        #expect(timed.attribute(forName: "time")?.stringValue == "0.125")
        #expect(timed.attribute(forName: "classname")?.stringValue == "avqc.=tc_mov")
    }

    @Test func warningsAreSkippedWithTheirTimesAndMeasurementsAreProperties() throws {
        let document = try XMLDocument(xmlString: JUnitReportWriter(hostname: "h").render(sampleReport()))
        let suite = try #require(try document.nodes(forXPath: "/testsuites/testsuite").last as? XMLElement)
        #expect(suite.attribute(forName: "failures")?.stringValue == "0")
        #expect(suite.attribute(forName: "skipped")?.stringValue == "1")
        let skipped = try #require(try suite.nodes(forXPath: "testcase/skipped").first as? XMLElement)
        // SMPTE in and out, since the file has a timecode.
        #expect(
            skipped.attribute(forName: "message")?.stringValue
                == "warning: 1 freeze span on stream 0: 10:00:05:00 → 10:00:17:00 (12.000 s)")
        #expect(try suite.nodes(forXPath: "system-out").first?.stringValue?.contains("WARNING freeze #0") == true)
        // With --fail-on warning the same span is a failure.
        var strict = sampleReport()
        strict.run?.failOn = .warning
        let failing = try XMLDocument(xmlString: JUnitReportWriter(hostname: "h").render(strict))
        #expect(try failing.nodes(forXPath: "/testsuites/testsuite[4]/testcase/failure").count == 1)
        let second = try #require(try document.nodes(forXPath: "/testsuites/testsuite[2]").first as? XMLElement)
        let properties = try second.nodes(forXPath: "properties/property").compactMap { $0 as? XMLElement }
        let names = properties.compactMap { $0.attribute(forName: "name")?.stringValue }
        #expect(names.contains("loudness.1.integratedLUFS"))
        #expect(
            properties.first { $0.attribute(forName: "name")?.stringValue == "loudness.1.integratedLUFS" }?
                .attribute(forName: "value")?.stringValue == "-23.04")
    }

    @Test func escapingHandlesMarkupControlAndNonASCII() {
        #expect(XMLText.escape("<&>\"'") == "&lt;&amp;&gt;&quot;&apos;")
        #expect(XMLText.escape("a\u{0}b\u{7}c\u{FFFE}") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}")
        #expect(XMLText.escape("日本語 ünï 🎬") == "日本語 ünï 🎬")
        #expect(XMLText.escape("a\nb", inAttribute: true) == "a&#10;b")
        #expect(XMLText.escape("a\nb", inAttribute: false) == "a\nb")
        #expect(XMLText.token("  a \t b\n c ") == "a b c")
        #expect(XMLText.token("   ") == "-")
    }
}
