import AVQCModel

/// A detector instance, tagged with the kind of input it reads.
public enum AnyDetector {
    case video(any Detector<VideoFrame>)
    case audio(any Detector<AudioBlock>)
    /// A file-level detector: it compares streams (see `FileDetector`).
    case file(any FileDetector)
}
