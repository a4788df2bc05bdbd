/// XML 1.0 escaping, written once for every XML report.
public enum XMLText {
    /// `text` safe inside an attribute value or element content: markup
    /// characters become entities, and characters XML 1.0 forbids (most
    /// control characters, lone surrogates, U+FFFE/U+FFFF) become U+FFFD.
    /// Line breaks and tabs are kept as character references in attributes
    /// (where a parser would otherwise normalize them) and literally in content.
    public static func escape(_ text: String, inAttribute: Bool = true) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t": out += inAttribute ? "&#9;" : "\t"
            case "\n": out += inAttribute ? "&#10;" : "\n"
            case "\r": out += "&#13;"
            default:
                out.unicodeScalars.append(isAllowed(scalar) ? scalar : "\u{FFFD}")
            }
        }
        return out
    }

    /// `text` as an `xs:token`: no tabs or line breaks, no runs of spaces, no
    /// leading or trailing space; never empty (`fallback` instead).
    public static func token(_ text: String, fallback: String = "-") -> String {
        let words = text.split(whereSeparator: { $0.isWhitespace || $0.isNewline })
        let joined = words.joined(separator: " ")
        return escape(joined.isEmpty ? fallback : joined)
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }
}
