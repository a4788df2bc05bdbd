import AVQCModel

extension AudioBlock: DecodedUnit {
    public var position: StreamPosition { StreamPosition(time: time) }
    public var length: Double { sampleRate > 0 ? Double(frameCount) / Double(sampleRate) : 0 }
    public var unitFormat: AudioFormat { format }
}
