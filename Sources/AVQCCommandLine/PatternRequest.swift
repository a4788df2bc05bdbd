/// A parsed `avqc pattern` command.
public struct PatternRequest: Sendable, Equatable {
    public var output: String
    /// Seconds of pattern (0.5 to 86400).
    public var duration = 60.0
    /// Frames per second as a fraction.
    public var frameRate: FrameRate = FrameRate(numerator: 25, denominator: 1)
    /// Seconds the beeps come after their flashes (negative: audio early).
    public var offset = 0.0
    public var width: Int32 = 640
    public var height: Int32 = 360

    public init(output: String) {
        self.output = output
    }

    /// `WIDTHxHEIGHT`, both even and from 16 to 8192.
    static func pictureSize(_ text: String) -> (Int32, Int32)? {
        let parts = text.lowercased().split(separator: "x")
        guard parts.count == 2, let w = Int32(parts[0]), let h = Int32(parts[1]), (16...8192).contains(w),
            (16...8192).contains(h), w % 2 == 0, h % 2 == 0
        else { return nil }
        return (w, h)
    }

    public struct FrameRate: Sendable, Equatable {
        public var numerator: Int32
        public var denominator: Int32

        /// Parses `25`, `29.97`, `23.976`, `59.94` (the NTSC rates become N×1000/1001) or `N/D`.
        public static func parse(_ text: String) -> FrameRate? {
            let parts = text.split(separator: "/")
            if parts.count == 2, let n = Int32(parts[0]), let d = Int32(parts[1]), n > 0, d > 0, n / d <= 1000 {
                return FrameRate(numerator: n, denominator: d)
            }
            guard parts.count == 1, let value = Double(text), value > 0, value <= 1000 else { return nil }
            let ntsc = (value * 1.001).rounded()
            if value != value.rounded(), abs(ntsc / 1.001 - value) < 0.005 {
                return FrameRate(numerator: Int32(ntsc) * 1000, denominator: 1001)
            }
            guard value == value.rounded() else { return nil }
            return FrameRate(numerator: Int32(value), denominator: 1)
        }
    }
}
