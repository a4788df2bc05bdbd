import AVQCModel

/// The stream a detector instance is made for.
public struct DetectorContext: Sendable {
    public var stream: StreamInfo

    public init(stream: StreamInfo) {
        self.stream = stream
    }

    public var streamIndex: Int { stream.index }
}
