import AVQCModel
internal import CFFmpeg
import Foundation
import Synchronization

/// FFmpeg's logging, routed to avqc. Nothing FFmpeg logs is printed: error
/// lines from a decoder are handed to that decoder's `DamageInbox` (the
/// `decode-error` detector reports them); everything else is dropped.
///
/// The callback runs on FFmpeg's own threads (frame-threaded decoders log
/// from their workers, each with its own copy of the codec context). It
/// finds the decoder by the codec context's `opaque` value, which FFmpeg
/// copies to the worker contexts and avqc sets to a registry key.
public enum FFmpegLog {
    private static let inboxes = Mutex<[Int: DamageInbox]>([:])
    private static let nextKey = Atomic<Int>(1)
    private static let installed = Mutex(false)

    /// Installs avqc's log callback. Call once, before any decoding; later calls do nothing.
    public static func install() {
        installed.withLock { done in
            guard !done else { return }
            done = true
            av_log_set_level(AV_LOG_ERROR)
            av_log_set_callback { context, level, format, arguments in
                FFmpegLog.handle(context, level, format, arguments)
            }
        }
    }

    /// Registers `inbox` and returns the key to store in the codec context's `opaque`.
    static func register(_ inbox: DamageInbox) -> Int {
        let key = nextKey.add(1, ordering: .relaxed).oldValue
        inboxes.withLock { $0[key] = inbox }
        return key
    }

    static func unregister(_ key: Int) {
        _ = inboxes.withLock { $0.removeValue(forKey: key) }
    }

    /// The FFmpeg library versions avqc runs against, e.g. `libavformat 59.27.100`.
    public static var libraryVersions: String {
        func text(_ name: String, _ version: UInt32) -> String {
            "\(name) \(version >> 16).\((version >> 8) & 0xFF).\(version & 0xFF)"
        }
        return [
            text("libavformat", avformat_version()), text("libavcodec", avcodec_version()),
            text("libavutil", avutil_version()), text("libswresample", swresample_version()),
        ].joined(separator: ", ")
    }

    /// The body of the C callback. It checks the level itself (a custom
    /// callback bypasses FFmpeg's level filter) and never passes text back to av_log.
    private static func handle(
        _ context: UnsafeMutableRawPointer?, _ level: Int32, _ format: UnsafePointer<CChar>?,
        _ arguments: CVaListPointer?
    ) {
        guard level <= AV_LOG_ERROR, let context, let format, let arguments else { return }
        guard let avClass = context.load(as: UnsafePointer<AVClass>?.self), avClass == avcodec_get_class() else {
            return
        }
        let key = Int(bitPattern: context.assumingMemoryBound(to: AVCodecContext.self).pointee.opaque)
        guard key != 0, let inbox = inboxes.withLock({ $0[key] }) else { return }
        var buffer = [CChar](repeating: 0, count: 512)
        var printPrefix: Int32 = 0
        let written = buffer.withUnsafeMutableBufferPointer {
            av_log_format_line2(context, level, format, arguments, $0.baseAddress, Int32($0.count), &printPrefix)
        }
        guard written > 0 else { return }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if !line.isEmpty { inbox.record(line) }
    }
}
