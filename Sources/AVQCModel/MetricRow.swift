/// One row of the per-frame and per-block metrics (`--metrics FILE`): for a
/// video frame its luma statistics, for an audio block its levels.
public struct MetricRow: Sendable, Equatable {
    public var stream: Int
    public var kind: MediaKind
    /// The frame's index in its stream (video only).
    public var frame: Int?
    /// Presentation time of the frame or of the block's first sample, in seconds.
    public var time: Double
    /// Luma mean, minimum and maximum over a 32 × 18 grid of samples, in
    /// 8-bit full-range codes (0 black, 255 white); video only.
    public var lumaMean: Double?
    public var lumaMin: Double?
    public var lumaMax: Double?
    /// The block's largest sample and its RMS over every channel, in dBFS
    /// (−200 for digital silence); audio only.
    public var peakDBFS: Double?
    public var rmsDBFS: Double?

    public init(
        stream: Int, kind: MediaKind, frame: Int? = nil, time: Double, lumaMean: Double? = nil,
        lumaMin: Double? = nil, lumaMax: Double? = nil, peakDBFS: Double? = nil, rmsDBFS: Double? = nil
    ) {
        self.stream = stream
        self.kind = kind
        self.frame = frame
        self.time = time
        self.lumaMean = lumaMean
        self.lumaMin = lumaMin
        self.lumaMax = lumaMax
        self.peakDBFS = peakDBFS
        self.rmsDBFS = rmsDBFS
    }

    /// Space-separated fields (`-` for none), as workers send rows to avqc.
    public var line: String {
        func text(_ value: Double?) -> String { value.map { String($0) } ?? "-" }
        return [
            String(stream), kind.rawValue, frame.map(String.init) ?? "-", String(time), text(lumaMean),
            text(lumaMin), text(lumaMax), text(peakDBFS), text(rmsDBFS),
        ].joined(separator: " ")
    }

    /// Parses `line`; nil when malformed.
    public init?(line: Substring) {
        let parts = line.split(separator: " ")
        guard parts.count == 9, let stream = Int(parts[0]), let kind = MediaKind(rawValue: String(parts[1])),
            let time = Double(parts[3])
        else { return nil }
        func number(_ index: Int) -> Double? { parts[index] == "-" ? nil : Double(parts[index]) }
        self.init(
            stream: stream, kind: kind, frame: parts[2] == "-" ? nil : Int(parts[2]), time: time,
            lumaMean: number(4), lumaMin: number(5), lumaMax: number(6), peakDBFS: number(7), rmsDBFS: number(8))
    }
}
