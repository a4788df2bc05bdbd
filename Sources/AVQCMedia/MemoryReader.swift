internal import CFFmpeg

/// Feeds bytes held in memory to FFmpeg through a custom `AVIOContext`, so
/// the demuxer reads them as it would a seekable file (the fuzz target's
/// input). Owns the context and its buffer; `deinit` frees both.
final class MemoryReader {
    let bytes: [UInt8]
    private var position = 0
    private(set) var context: UnsafeMutablePointer<AVIOContext>?

    private static let bufferSize = 32 * 1024

    init(bytes: [UInt8]) throws(FFmpegError) {
        self.bytes = bytes
        guard let buffer = av_malloc(MemoryReader.bufferSize) else {
            throw FFmpegError(call: "av_malloc", code: AVQC_AVERROR_ENOMEM)
        }
        let opaque = Unmanaged.passUnretained(self).toOpaque()
        guard
            let context = avio_alloc_context(
                buffer.assumingMemoryBound(to: UInt8.self), Int32(MemoryReader.bufferSize), 0, opaque,
                MemoryReader.read, nil, MemoryReader.seek)
        else {
            av_free(buffer)
            throw FFmpegError(call: "avio_alloc_context", code: AVQC_AVERROR_ENOMEM)
        }
        self.context = context
    }

    deinit {
        if let context {
            // The buffer may have been replaced by FFmpeg; free the current one.
            av_freep(&context.pointee.buffer)
        }
        avio_context_free(&context)
    }

    private static let read: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<UInt8>?, Int32) -> Int32 = {
        opaque, target, size in
        guard let opaque, let target, size > 0 else { return AVQC_AVERROR_EOF }
        let reader = Unmanaged<MemoryReader>.fromOpaque(opaque).takeUnretainedValue()
        let remaining = reader.bytes.count - reader.position
        guard remaining > 0 else { return AVQC_AVERROR_EOF }
        let count = min(remaining, Int(size))
        reader.bytes.withUnsafeBufferPointer { source in
            guard let base = source.baseAddress else { return }
            target.update(from: base + reader.position, count: count)
        }
        reader.position += count
        return Int32(count)
    }

    private static let seek: @convention(c) (UnsafeMutableRawPointer?, Int64, Int32) -> Int64 = {
        opaque, offset, whence in
        guard let opaque else { return -1 }
        let reader = Unmanaged<MemoryReader>.fromOpaque(opaque).takeUnretainedValue()
        let size = Int64(reader.bytes.count)
        let target: Int64
        switch whence & ~AVSEEK_FORCE {
        case AVSEEK_SIZE: return size
        case SEEK_SET: target = offset
        case SEEK_CUR: target = Int64(reader.position).addingReportingOverflow(offset).partialValue
        case SEEK_END: target = size.addingReportingOverflow(offset).partialValue
        default: return -1
        }
        guard target >= 0, target <= size else { return -1 }
        reader.position = Int(target)
        return target
    }
}
