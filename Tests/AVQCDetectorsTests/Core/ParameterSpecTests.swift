import Testing

@testable import AVQCDetectors

@Suite struct ParameterSpecTests {
    let seconds = ParameterSpec(name: "d", unit: .seconds, defaultValue: 2, range: 0...100, help: "")
    let decibels = ParameterSpec(name: "n", unit: .decibels, defaultValue: -60, range: -200...0, help: "")
    let ratio = ParameterSpec(name: "r", unit: .ratio, defaultValue: 0.98, range: 0...1, help: "")

    @Test func unitsAndSuffixes() throws {
        #expect(try seconds.parse("1.5") == 1.5)
        #expect(try seconds.parse("2s") == 2)
        #expect(try seconds.parse("500ms") == 0.5)
        #expect(try decibels.parse("-50dB") == -50)
        #expect(try decibels.parse("-50 dBFS") == -50)
        #expect(try decibels.parse("-70") == -70)
        #expect(try ratio.parse("95%") == 0.95)
        #expect(try ratio.parse("0.5") == 0.5)
    }

    @Test func badValuesAreRefused() {
        #expect(throws: ParameterSpec.ValueError.notANumber("abc")) { try seconds.parse("abc") }
        #expect(throws: ParameterSpec.ValueError.outOfRange(-1)) { try seconds.parse("-1") }
        #expect(throws: ParameterSpec.ValueError.outOfRange(10)) { try decibels.parse("10dB") }
        #expect(throws: ParameterSpec.ValueError.outOfRange(1.5)) { try ratio.parse("150%") }
        #expect(throws: ParameterSpec.ValueError.notANumber("nan")) { try ratio.parse("nan") }
    }

    @Test func choicesBooleansAndNone() throws {
        let standard = try #require(DetectorDescriptor.loudness.parameter(named: "standard"))
        #expect(try standard.parse("ebu-r128") == 1 && standard.format(2) == "atsc-a85")
        #expect(throws: ParameterSpec.ValueError.notANumber("r128")) { try standard.parse("r128") }
        let target = try #require(DetectorDescriptor.loudness.parameter(named: "target"))
        #expect(try target.parse("none").isNaN && target.format(.nan) == "none")
        #expect(try target.parse("-16LUFS") == -16)
        let lfe = try #require(DetectorDescriptor.channelSilent.parameter(named: "include-lfe"))
        #expect(try lfe.parse("yes") == 1 && lfe.parse("off") == 0)
    }

    @Test func everyCatalogParameterDefaultIsInRange() {
        for descriptor in DetectorCatalog.all {
            for parameter in descriptor.parameters {
                let unset = parameter.allowsNone && parameter.defaultValue.isNaN
                #expect(unset || parameter.range.contains(parameter.defaultValue), "\(descriptor.id).\(parameter.name)")
            }
        }
    }
}
