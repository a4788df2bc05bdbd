import AVQCDetectors
import Foundation
import Testing

@testable import AVQCCommandLine

@Suite struct HelpTextTests {
    @Test(arguments: HelpText.topics + [nil])
    func everyTopicFitsEightyColumns(topic: String?) {
        let text = HelpText.text(topic: topic)
        #expect(!text.isEmpty)
        for line in text.split(separator: "\n") {
            #expect(line.count <= 80, "\(topic ?? "main"): \(line)")
        }
    }

    @Test func helpDocumentsEveryOptionAndExitCode() {
        for option in OptionSpec.all {
            #expect(HelpText.main.contains("--" + option.long), "--\(option.long) missing from --help")
        }
        for code in ["0  ", "1  ", "2  ", "3  "] { #expect(HelpText.main.contains("  " + code)) }
    }

    @Test func detectorListingShowsEveryParameterWithDefaultAndUnit() {
        let listing = DetectorListing.text()
        for descriptor in DetectorCatalog.all {
            for parameter in descriptor.parameters {
                #expect(
                    listing.contains(
                        "\(descriptor.id).\(parameter.name) = \(parameter.format(parameter.defaultValue))"))
            }
        }
        #expect(listing.contains("freeze.noise = -60 dB"))
        #expect(listing.contains("black.picture-ratio = 0.98"))
    }
}

@Suite struct CommandLineDocTests {
    @Test func docsShowTheCurrentHelpAndDetectorListing() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let doc = try String(contentsOf: root.appendingPathComponent("Docs/cli.md"), encoding: .utf8)
        #expect(doc.contains(HelpText.main), "Docs/cli.md is out of date with --help")
        #expect(doc.contains(DetectorListing.text()), "Docs/cli.md is out of date with 'avqc detectors'")
    }
}

/// The parameter tables in Docs/detectors.md come from the descriptors:
/// each sits between `<!-- parameters: ID -->` and `<!-- /parameters -->`.
/// AVQC_RECORD=1 rewrites them; otherwise a table that drifted fails.
@Suite struct DetectorDocTests {
    @Test func parameterTablesMatchTheDescriptors() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let url = root.appendingPathComponent("Docs/detectors.md")
        let doc = try String(contentsOf: url, encoding: .utf8)
        var rewritten = ""
        var rest = Substring(doc)
        var seen: [String] = []
        while let open = rest.range(of: "<!-- parameters: ") {
            let idEnd = try #require(rest[open.upperBound...].range(of: " -->"))
            let id = String(rest[open.upperBound..<idEnd.lowerBound])
            let close = try #require(
                rest[idEnd.upperBound...].range(of: "<!-- /parameters -->"), "\(id): no end marker")
            let descriptor = try #require(DetectorCatalog.descriptor(id: id), "unknown detector \(id) in Docs")
            rewritten += rest[..<idEnd.upperBound] + "\n" + DetectorListing.markdownTable(for: descriptor)
            rest = rest[close.lowerBound...]
            seen.append(id)
        }
        rewritten += rest
        #expect(seen == DetectorCatalog.all.map(\.id), "every detector needs one generated table, in catalog order")
        if ProcessInfo.processInfo.environment["AVQC_RECORD"] == "1" {
            try rewritten.write(to: url, atomically: true, encoding: .utf8)
        } else {
            #expect(
                rewritten == doc,
                "Docs/detectors.md parameter tables drifted; AVQC_RECORD=1 swift test --filter DetectorDocTests")
        }
    }
}
