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
        #expect(suites.count == 3)
        let second = try #require(suites[1] as? XMLElement)
        #expect(second.attribute(forName: "name")?.stringValue == "média/ünïcode\u{FFFD}ctl newline.mkv")
        #expect(second.attribute(forName: "tests")?.stringValue == "2")
        #expect(second.attribute(forName: "failures")?.stringValue == "2")
        let failures = try second.nodes(forXPath: "testcase/failure")
        #expect(failures.count == 2)
        #expect(failures.first?.stringValue?.contains("frames 50–124") == true)
        let third = try #require(suites[2] as? XMLElement)
        #expect(third.attribute(forName: "errors")?.stringValue == "1")
        #expect(
            try third.nodes(forXPath: "testcase/error").first?.stringValue?.contains("not a recognizable media file")
                == true)
        let first = try #require(suites[0] as? XMLElement)
        #expect(first.attribute(forName: "name")?.stringValue == "media/clean, \"quoted\" <&>'.mp4")
        #expect(first.attribute(forName: "failures")?.stringValue == "0")
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
