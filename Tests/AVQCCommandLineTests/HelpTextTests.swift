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
