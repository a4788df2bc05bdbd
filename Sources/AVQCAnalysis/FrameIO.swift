#if canImport(Glibc)
    import Glibc
#endif

/// Length-prefixed messages over a pipe (4-byte little-endian length, then
/// the bytes), as avqc and its worker processes exchange them. A worker's
/// reply starts with a tag byte: `P` a progress message, `M` metric rows,
/// `R` the report.
enum FrameIO {
    static let progressTag = UInt8(ascii: "P")
    static let metricsTag = UInt8(ascii: "M")
    static let reportTag = UInt8(ascii: "R")

    /// Largest message accepted (a report is far smaller).
    static let maxLength = 256 << 20

    /// Writes one message; false when the pipe is closed.
    static func write(frame: [UInt8], to descriptor: Int32) -> Bool {
        guard frame.count <= maxLength else { return false }
        let length = UInt32(frame.count)
        let header: [UInt8] = [0, 8, 16, 24].map { UInt8(truncatingIfNeeded: length >> $0) }
        return writeAll(header + frame, to: descriptor)
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return -1 }
                return Glibc.write(descriptor, base + offset, buffer.count - offset)
            }
            if written > 0 {
                offset += written
            } else if written < 0, errno == EINTR {
                continue
            } else {
                return false
            }
        }
        return true
    }

    /// Reads one message, blocking; nil at end of input or on a malformed length.
    static func readBlocking(from descriptor: Int32) -> [UInt8]? {
        var reader = Reader(descriptor: descriptor)
        while true {
            switch reader.readAvailable() {
            case .complete(let message): return message
            case .partial: continue
            case .closed: return nil
            }
        }
    }

    /// Collects one message from reads that may each return part of it.
    struct Reader {
        enum Progress {
            case complete([UInt8])
            case partial
            case closed
        }

        let descriptor: Int32
        private var buffer: [UInt8] = []

        init(descriptor: Int32) {
            self.descriptor = descriptor
        }

        /// A whole message already read, if the buffer holds one (a read may
        /// bring more than one message: progress, then the report).
        mutating func buffered() -> [UInt8]? {
            guard buffer.count >= 4 else { return nil }
            let length = (0..<4).reduce(0) { $0 | Int(buffer[$1]) << (8 * $1) }
            guard length <= FrameIO.maxLength, buffer.count >= 4 + length else { return nil }
            let message = Array(buffer[4..<(4 + length)])
            buffer.removeFirst(4 + length)
            return message
        }

        /// One read(2): a whole message once its last byte has arrived.
        mutating func readAvailable() -> Progress {
            if let message = buffered() { return .complete(message) }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR || errno == EAGAIN { return .partial }
            guard count > 0 else { return .closed }
            buffer.append(contentsOf: chunk[0..<count])
            guard buffer.count >= 4 else { return .partial }
            let length = (0..<4).reduce(0) { $0 | Int(buffer[$1]) << (8 * $1) }
            guard length <= FrameIO.maxLength else { return .closed }
            return buffered().map { .complete($0) } ?? .partial
        }
    }
}
