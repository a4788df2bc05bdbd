import AVQCModel

extension VideoFrame: DecodedUnit {
    public var position: StreamPosition { StreamPosition(time: time, frame: index) }
    public var length: Double { duration }
    public var unitFormat: VideoFormat { format }
}
