import AVQCModel
import Foundation
import Testing

@testable import AVQCReports

@Suite struct JSONReportWriterTests {
    @Test func parsesBackToTheSameReport() throws {
        let report = sampleReport()
        let text = JSONReportWriter().render(report)
        var parsed = try JSONReportWriter.parse(Data(text.utf8))
        // Timing is deliberately not part of the JSON.
        // Times are exact in the model and rounded to the millionth in JSON.
        var expected = report
        for i in expected.files.indices {
            expected.files[i].timing = nil
            // Check times vary from run to run and are left out of JSON too.
            for j in expected.files[i].checks.indices { expected.files[i].checks[j].seconds = nil }
            for j in expected.files[i].defects.indices {
                expected.files[i].defects[j].start = Rounding.micro(expected.files[i].defects[j].start)
                expected.files[i].defects[j].end = Rounding.micro(expected.files[i].defects[j].end)
            }
        }
        for i in parsed.files.indices { parsed.files[i].timing = nil }
        #expect(parsed == expected)
        #expect(JSONReportWriter().render(parsed) == text)
    }

    @Test func isStableSortedAndMatchesTheGoldenFile() throws {
        let text = JSONReportWriter().render(sampleReport())
        #expect(text == JSONReportWriter().render(sampleReport()))
        #expect(text.contains("\"start\" : 2,"))  // 2.0000000001 rounded to the microsecond
        #expect(!text.contains("timing"))
        try expectGolden(text, named: "report.json")
    }

    @Test func theSchemaListsExactlyTheErrorKinds() throws {
        let data = try Data(contentsOf: repositoryRoot.appendingPathComponent("Docs/report.schema.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let defs = try #require(schema["$defs"] as? [String: Any])
        let file = try #require(defs["file"] as? [String: Any])
        let properties = try #require(file["properties"] as? [String: Any])
        let errorObject = try #require(properties["error"] as? [String: Any])
        let kind = try #require((errorObject["properties"] as? [String: Any])?["kind"] as? [String: Any])
        let listed = try #require(kind["enum"] as? [String])
        #expect(Set(listed) == Set(FileErrorKind.allCases.map(\.rawValue)))
    }

    @Test func validatesAgainstTheJSONSchema() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "avqc-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let reportPath = directory.appendingPathComponent("report.json").path
        try Data(JSONReportWriter().render(sampleReport()).utf8).write(to: URL(fileURLWithPath: reportPath))
        let schema = repositoryRoot.appendingPathComponent("Docs/report.schema.json").path
        let result = try shell([
            "python3", repositoryRoot.appendingPathComponent("scripts/validate-json.py").path, schema, reportPath,
        ])
        #expect(result.status == 0, "\(result.output)")

        // And the validator really validates: a report with a wrong status fails.
        let broken = JSONReportWriter().render(sampleReport()).replacingOccurrences(
            of: "\"status\" : \"fail\"", with: "\"status\" : \"maybe\"")
        try Data(broken.utf8).write(to: URL(fileURLWithPath: reportPath))
        #expect(
            try shell([
                "python3", repositoryRoot.appendingPathComponent("scripts/validate-json.py").path, schema, reportPath,
            ]).status != 0)
    }
}
