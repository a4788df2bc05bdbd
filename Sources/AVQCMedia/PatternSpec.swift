/// What `avqc pattern` writes: a flash-and-beep sync reference.
public struct PatternSpec: Sendable, Equatable {
    /// Seconds of pattern.
    public var duration: Double
    /// Frames per second as a fraction (30000/1001 for 29.97).
    public var frameRate: (numerator: Int32, denominator: Int32)
    /// Seconds the beeps come after their flashes (negative: audio early).
    public var offset: Double
    public var width: Int32
    public var height: Int32
    public var sampleRate: Int32 = 48_000

    public init(duration: Double, frameRate: (Int32, Int32), offset: Double, width: Int32 = 640, height: Int32 = 360) {
        self.duration = duration
        self.frameRate = (frameRate.0, frameRate.1)
        self.offset = offset
        self.width = width
        self.height = height
    }

    public static func == (a: PatternSpec, b: PatternSpec) -> Bool {
        a.duration == b.duration && a.frameRate == b.frameRate && a.offset == b.offset && a.width == b.width
            && a.height == b.height && a.sampleRate == b.sampleRate
    }

    /// Frames between flashes: the nearest whole number to one second.
    public var framesPerFlash: Int {
        max(1, Int((Double(frameRate.numerator) / Double(frameRate.denominator)).rounded()))
    }

    /// Seconds between flashes (and between beeps).
    public var period: Double { Double(framesPerFlash) * Double(frameRate.denominator) / Double(frameRate.numerator) }

    /// How long each beep lasts: two frames, at most 80 ms.
    public var beepLength: Double { min(0.08, 2 * Double(frameRate.denominator) / Double(frameRate.numerator)) }
}
