import AVQCDetectors

/// The text of `avqc detectors`.
enum DetectorListing {
    static func text() -> String {
        var out = "DETECTORS (all on by default; set parameters with --set DET.PARAM=VALUE)\n"
        for descriptor in DetectorCatalog.all {
            out += "\n" + text(for: descriptor)
        }
        return out
    }

    static func text(for descriptor: DetectorDescriptor) -> String {
        var out = "\(descriptor.id) (\(descriptor.kind.rawValue)): \(descriptor.summary)\n"
        for parameter in descriptor.parameters {
            let head = "  \(descriptor.id).\(parameter.name) = \(parameter.unit.format(parameter.defaultValue))"
            out += head + "\n"
            out += "      \(parameter.help)\n"
            out += "      unit: \(parameter.unit.rawValue), range: \(parameter.rangeDescription)\n"
        }
        if !descriptor.suppressedWithin.isEmpty {
            out += "  spans inside a \(descriptor.suppressedWithin.joined(separator: " or ")) span are not reported\n"
        }
        return out
    }
}
