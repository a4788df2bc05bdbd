/// The outcome of asking a decoder for a frame. "Try again" and "end of
/// stream" are ordinary outcomes, not errors.
enum DecodeStep {
    /// A frame is ready in the frame passed in.
    case frame
    /// The decoder needs more input.
    case needsInput
    /// The decoder has been drained.
    case endOfStream
    /// The decoder reported damage; decoding can go on.
    case damaged(FFmpegError)
}
