/// A file-system path as the kernel sees it: bytes, which need not be valid
/// UTF-8. `display` is what reports show: the same text when the bytes are
/// UTF-8, else the bytes that are not, escaped as `\xNN`.
public struct RawPath: Sendable, Hashable, Codable {
    /// The path's bytes, without a terminating NUL.
    public let bytes: [UInt8]
    /// The path for people and reports.
    public let display: String

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        self.display = RawPath.displayText(bytes)
    }

    public init(_ string: String) {
        self.bytes = Array(string.utf8)
        self.display = string
    }

    /// True when the bytes are not valid UTF-8 (the display escapes them).
    public var isEscaped: Bool { String(validating: bytes, as: UTF8.self) == nil }

    /// Calls `body` with the path as a NUL-terminated C string.
    public func withCString<R>(_ body: (UnsafePointer<CChar>) throws -> R) rethrows -> R {
        var terminated = bytes.map { CChar(bitPattern: $0) }
        terminated.append(0)
        return try body(terminated)
    }

    /// `self/name`, with exactly one slash between them.
    public func appending(_ name: [UInt8]) -> RawPath {
        var joined = bytes
        if joined.last != UInt8(ascii: "/") { joined.append(UInt8(ascii: "/")) }
        joined.append(contentsOf: name)
        return RawPath(bytes: joined)
    }

    /// The display text for `bytes`: valid UTF-8 as is; otherwise each byte
    /// of an invalid sequence as `\xNN`, the valid parts as text.
    static func displayText(_ bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var result = ""
        var index = 0
        while index < bytes.count {
            let length = validSequenceLength(bytes, at: index)
            if length > 0, let piece = String(validating: bytes[index..<index + length], as: UTF8.self) {
                result += piece
                index += length
            } else {
                result += "\\x" + String(bytes[index], radix: 16, uppercase: true).leftPadded(to: 2)
                index += 1
            }
        }
        return result
    }

    /// The length of the well-formed UTF-8 sequence starting at `index`, or 0.
    private static func validSequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let lead = bytes[index]
        let length: Int
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return 0
        }
        guard index + length <= bytes.count else { return 0 }
        for offset in 1..<length where bytes[index + offset] & 0xC0 != 0x80 { return 0 }
        return String(validating: bytes[index..<index + length], as: UTF8.self) == nil ? 0 : length
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
