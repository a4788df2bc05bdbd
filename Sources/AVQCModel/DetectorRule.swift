/// How a profile (or `--set DET.severity=…` and friends) treats one
/// detector's spans: their severity, where in the programme they count,
/// where one is required, and which streams the detector covers.
public struct DetectorRule: Sendable, Equatable, Codable {
    /// The severity given to every span the rule keeps.
    public var severity: Severity
    /// Spans count only where they overlap this window; nil = the whole file.
    public var window: TimeWindow?
    /// Seconds at the start of the file in which a span that lies wholly
    /// inside is allowed (a slate's black, a fade in). 0 = none.
    public var allowHead: Double
    /// Seconds at the end of the file in which a span that lies wholly
    /// inside is allowed (a fade out). 0 = none.
    public var allowTail: Double
    /// A span of this detector must overlap this window on every stream it
    /// covers (bars at 0–10 s); spans overlapping it are expected, not
    /// defects. Its absence is a `missing` defect over the window.
    public var required: TimeWindow?
    /// Streams the detector covers; nil = every stream of its type.
    public var streams: StreamSelector?
    /// Streams the detector leaves out, applied after `streams`.
    public var skipStreams: StreamSelector?
    /// Where the rule comes from, e.g. `profile streaming: detectors.black`
    /// or `--set black.severity=warning`; reports give it with each span.
    public var origin: String?

    public init(
        severity: Severity = .error, window: TimeWindow? = nil, allowHead: Double = 0, allowTail: Double = 0,
        required: TimeWindow? = nil, streams: StreamSelector? = nil, skipStreams: StreamSelector? = nil,
        origin: String? = nil
    ) {
        self.origin = origin
        self.severity = severity
        self.window = window
        self.allowHead = allowHead
        self.allowTail = allowTail
        self.required = required
        self.streams = streams
        self.skipStreams = skipStreams
    }

    /// The default: every span an error, everywhere, on every stream.
    public static let standard = DetectorRule()

    /// Whether the detector runs on `stream`.
    public func covers(_ stream: StreamInfo) -> Bool {
        if let streams, !streams.matches(stream) { return false }
        if let skipStreams, !skipStreams.isEmpty, skipStreams.matches(stream) { return false }
        return true
    }
}
