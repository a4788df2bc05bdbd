internal import CFFmpeg

/// Owns one `AVFrame`, reused for every decoded picture or block of samples.
final class Frame {
    let pointer: UnsafeMutablePointer<AVFrame>

    init?() {
        guard let frame = av_frame_alloc() else { return nil }
        pointer = frame
    }

    deinit {
        var frame: UnsafeMutablePointer<AVFrame>? = pointer
        av_frame_free(&frame)
    }

    func unreference() { av_frame_unref(pointer) }
}
