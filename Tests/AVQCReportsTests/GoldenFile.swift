import Foundation
import Testing

/// Compares `actual` with the golden file `name` under Tests/Golden. Set
/// AVQC_RECORD=1 to rewrite the golden file from the output instead.
func expectGolden(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = repositoryRoot.appendingPathComponent("Tests/Golden/\(name)")
    if ProcessInfo.processInfo.environment["AVQC_RECORD"] == "1" {
        try Data(actual.utf8).write(to: url)
        return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    #expect(
        actual == expected, "output differs from Tests/Golden/\(name); re-record with AVQC_RECORD=1 if intended",
        sourceLocation: sourceLocation)
}
