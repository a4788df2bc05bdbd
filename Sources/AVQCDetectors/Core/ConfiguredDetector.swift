import AVQCModel

/// A detector that reads video and audio alike (generic over `DecodedUnit`)
/// and makes itself from settings, so that its descriptor names the type
/// once: `factory: .bothKinds(DecodeErrorDetector.self)`.
public protocol ConfiguredDetector<Unit>: Detector, SendableMetatype where Input == Unit {
    associatedtype Unit: DecodedUnit
    init(settings: DetectorSettings, context: DetectorContext)
}

extension DetectorFactory {
    /// One instance of `make<VideoFrame>` per video stream and of
    /// `make<AudioBlock>` per audio stream.
    public static func bothKinds<Video: ConfiguredDetector<VideoFrame>, Audio: ConfiguredDetector<AudioBlock>>(
        _ video: Video.Type, _ audio: Audio.Type
    ) -> DetectorFactory {
        .stream(video: { Video(settings: $0, context: $1) }, audio: { Audio(settings: $0, context: $1) })
    }
}
