internal import CFFmpeg

/// A failed FFmpeg call: which call, and the error code it returned.
public struct FFmpegError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The C function that failed, e.g. `avformat_open_input`.
    public let call: String
    /// The negative AVERROR code.
    public let code: Int32

    public init(call: String, code: Int32) {
        self.call = call
        self.code = code
    }

    /// FFmpeg's text for the code, e.g. `No such file or directory`.
    public var reason: String {
        var buffer = [CChar](repeating: 0, count: 256)
        buffer.withUnsafeMutableBufferPointer { avqc_error_string(code, $0.baseAddress, $0.count) }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    public var description: String { "\(call) failed: \(reason) (\(code))" }

    /// The one way avqc checks an FFmpeg return code: a negative `code` is
    /// thrown as the error of `call`; anything else is returned.
    @discardableResult
    static func check(_ call: String, _ code: Int32) throws(FFmpegError) -> Int32 {
        guard code >= 0 else { throw FFmpegError(call: call, code: code) }
        return code
    }

    var isEndOfFile: Bool { code == AVQC_AVERROR_EOF }
    var isTryAgain: Bool { code == AVQC_AVERROR_EAGAIN }
}
