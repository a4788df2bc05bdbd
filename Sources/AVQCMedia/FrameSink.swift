import AVQCModel

/// Receives decoded frames and audio blocks in decode order, on the thread
/// that called `MediaSource.decode`. The views are valid only during the call.
public protocol FrameSink: AnyObject {
    func video(_ frame: VideoFrame, stream: Int)
    func audio(_ block: AudioBlock, stream: Int)
}
