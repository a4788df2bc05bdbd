import AVQCDetectors
import Foundation

/// The text of `avqc detectors`, wrapped to 80 columns.
enum DetectorListing {
    static func text() -> String {
        var out =
            "DETECTORS (--enable adds one that is off by default; --set DET.PARAM=VALUE)\n"
        for descriptor in DetectorCatalog.all {
            out += "\n" + text(for: descriptor)
        }
        return out
    }

    static func text(for descriptor: DetectorDescriptor) -> String {
        let kinds = descriptor.kinds.map(\.rawValue).joined(separator: ", ")
        let off = descriptor.enabledByDefault ? "" : ", off by default"
        var out = wrap("\(descriptor.id) (\(kinds)\(off)): \(descriptor.summary)", indent: "", continuation: "    ")
        for parameter in descriptor.parameters {
            out += "  \(descriptor.id).\(parameter.name) = \(parameter.format(parameter.defaultValue))\n"
            out += wrap(parameter.help, indent: "      ", continuation: "      ")
            out += "      unit: \(parameter.unit.rawValue), range: \(parameter.rangeDescription)\n"
        }
        if !descriptor.foldsInto.isEmpty {
            out += "  spans inside a \(descriptor.foldsInto.joined(separator: " or ")) span (any stream) join it\n"
        }
        if !descriptor.suppressedWithin.isEmpty {
            out += "  spans inside a \(descriptor.suppressedWithin.joined(separator: " or ")) span are not reported\n"
        }
        return out
    }

    /// The parameter table of `descriptor` in Docs/detectors.md (Markdown),
    /// generated from the same declarations as `avqc detectors`.
    static func markdownTable(for descriptor: DetectorDescriptor) -> String {
        var out = "| parameter | default | range | meaning |\n| --- | --- | --- | --- |\n"
        for parameter in descriptor.parameters {
            let range = parameter.rangeDescription.replacingOccurrences(of: "|", with: "\\|")
            let help = parameter.help.replacingOccurrences(of: "|", with: "\\|")
            out +=
                "| `\(descriptor.id).\(parameter.name)` | \(parameter.format(parameter.defaultValue)) | \(range) | \(help) |\n"
        }
        return out
    }

    /// `text` broken at spaces into lines of at most `width` columns.
    static func wrap(_ text: String, indent: String, continuation: String, width: Int = 80) -> String {
        var lines: [String] = []
        var line = indent
        for word in text.split(separator: " ") {
            let prefix = lines.isEmpty ? indent : continuation
            if line.count > prefix.count, line.count + 1 + word.count > width {
                lines.append(line)
                line = continuation + word
            } else {
                line += (line.count > prefix.count ? " " : "") + word
            }
        }
        lines.append(line)
        return lines.joined(separator: "\n") + "\n"
    }
}
