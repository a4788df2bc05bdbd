/// A file's SMPTE start timecode (a QuickTime `tmcd` track, MXF or
/// Matroska timecode metadata) and the frame rate it counts in, so that
/// any time in the file can be given as `HH:MM:SS:FF`. Drop-frame counting
/// (`;` before the frames) applies at 29.97 and 59.94 fps when the start
/// timecode is written with `;`.
public struct StartTimecode: Sendable, Equatable, Codable {
    /// As the file states it, e.g. `10:00:00:00` or `01:00:00;00`.
    public var start: String
    /// The frame rate as a ratio, e.g. 30000/1001.
    public var rateNumerator: Int
    public var rateDenominator: Int
    public var dropFrame: Bool
    /// Where it was found: `stream N` (its metadata) or `container`.
    public var source: String

    /// Frames per second counted by the timecode (25, 30 for 29.97, 60 for 59.94).
    public var nominalRate: Int {
        guard rateDenominator > 0 else { return 0 }
        return Int(saturating: (Double(rateNumerator) / Double(rateDenominator)).rounded())
    }

    /// Parses `start` (`HH:MM:SS:FF`, `;` or `.` before FF for drop frame)
    /// at `numerator/denominator` fps; nil when it is malformed, the rate is
    /// not positive, or FF is not below the nominal rate.
    public init?(start: String, rateNumerator: Int, rateDenominator: Int, source: String) {
        guard rateNumerator > 0, rateDenominator > 0 else { return nil }
        self.start = start
        self.rateNumerator = rateNumerator
        self.rateDenominator = rateDenominator
        self.source = source
        let separators = start.filter { $0 == ":" || $0 == ";" || $0 == "." }
        let marked = separators.last == ";" || separators.last == "."
        let nominal = Int(saturating: (Double(rateNumerator) / Double(rateDenominator)).rounded())
        // Drop-frame counting exists only for the NTSC rates.
        let integral = rateNumerator % rateDenominator == 0
        self.dropFrame = marked && nominal % 30 == 0 && !integral
        guard nominal > 0, let frame = Self.frameNumber(start, nominal: nominal, dropFrame: dropFrame) else {
            return nil
        }
        startFrame = frame
    }

    /// The start as a frame count from 00:00:00:00.
    public private(set) var startFrame: Int = 0

    enum CodingKeys: String, CodingKey {
        case start, rateNumerator, rateDenominator, dropFrame, source
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let start = try container.decode(String.self, forKey: .start)
        guard
            let parsed = StartTimecode(
                start: start, rateNumerator: try container.decode(Int.self, forKey: .rateNumerator),
                rateDenominator: try container.decode(Int.self, forKey: .rateDenominator),
                source: try container.decode(String.self, forKey: .source))
        else {
            throw DecodingError.dataCorruptedError(
                forKey: .start, in: container, debugDescription: "not a timecode at this rate: \(start)")
        }
        self = parsed
    }

    /// The timecode of the frame shown at `seconds` from the start of the
    /// file (the frame whose interval holds that time), wrapping at 24 h.
    public func string(atSeconds seconds: Double) -> String {
        let rate = Double(rateNumerator) / Double(rateDenominator)
        let offset = Int(saturating: (max(0, seconds) * rate + 1e-6).rounded(.down))
        return Self.string(frame: startFrame &+ offset, nominal: nominalRate, dropFrame: dropFrame)
    }

    /// Frames dropped from the count each minute but every tenth (2 at 29.97, 4 at 59.94).
    static func dropped(_ nominal: Int) -> Int { nominal / 15 }

    static func frameNumber(_ text: String, nominal: Int, dropFrame: Bool) -> Int? {
        let parts = text.split(whereSeparator: { $0 == ":" || $0 == ";" || $0 == "." }).map { Int($0) }
        guard parts.count == 4, let h = parts[0], let m = parts[1], let s = parts[2], let f = parts[3],
            (0..<100).contains(h), (0..<60).contains(m), (0..<60).contains(s), (0..<nominal).contains(f)
        else { return nil }
        var frame = ((h * 60 + m) * 60 + s) * nominal + f
        if dropFrame {
            let minutes = h * 60 + m
            frame -= dropped(nominal) * (minutes - minutes / 10)
        }
        return frame
    }

    static func string(frame: Int, nominal: Int, dropFrame: Bool) -> String {
        guard nominal > 0 else { return "--:--:--:--" }
        var count = max(0, frame)
        if dropFrame {
            let drop = dropped(nominal)
            let perMinute = nominal * 60 - drop
            let perTenMinutes = nominal * 600 - drop * 9
            let tens = count / perTenMinutes
            let rest = count % perTenMinutes
            count += drop * 9 * tens + (rest > drop ? drop * ((rest - drop) / perMinute) : 0)
        }
        let f = count % nominal
        let totalSeconds = count / nominal
        let h = (totalSeconds / 3600) % 24
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(two(h)):\(two((totalSeconds / 60) % 60)):\(two(totalSeconds % 60))\(dropFrame ? ";" : ":")\(two(f))"
    }
}
