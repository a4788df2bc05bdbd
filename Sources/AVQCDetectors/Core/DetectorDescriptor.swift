import AVQCModel

/// A detector as the command line, the registry and the docs know it.
public struct DetectorDescriptor: Sendable {
    /// Stable id used by reports, `--detectors`, `--skip` and `--set`.
    public let id: String
    /// The kinds of stream it reads; only streams of those kinds are decoded for it.
    public let kinds: [MediaKind]
    /// One line for `avqc detectors`.
    public let summary: String
    public let parameters: [ParameterSpec]
    /// Ids of detectors inside whose spans this detector's spans are redundant
    /// and dropped (a frozen stretch within a black span is not also a freeze).
    public let suppressedWithin: [String]
    /// Ids of detectors into whose spans, on any stream, this detector's
    /// spans fold when they lie inside them: the span is dropped and its
    /// details join the other's, prefixed with this detector's id (line-up
    /// tone inside colour bars is one defect, not two).
    public let foldsInto: [String]
    /// How instances are made: per stream, or per file.
    public let factory: DetectorFactory
    /// False for detectors that run only when asked for (`--enable` or
    /// `--detectors`): those too costly or too strict for every file.
    public let enabledByDefault: Bool

    public init(
        id: String, summary: String, parameters: [ParameterSpec], suppressedWithin: [String] = [],
        foldsInto: [String] = [], enabledByDefault: Bool = true, factory: DetectorFactory
    ) {
        self.foldsInto = foldsInto
        self.enabledByDefault = enabledByDefault
        self.id = id
        self.kinds = factory.kinds
        self.summary = summary
        self.parameters = parameters
        self.suppressedWithin = suppressedWithin
        self.factory = factory
    }

    /// True for detectors that compare streams (one `FileDetector` per file).
    public var isFileLevel: Bool {
        if case .file = factory { return true }
        return false
    }

    /// The parameter called `name`, if this detector has one.
    public func parameter(named name: String) -> ParameterSpec? {
        parameters.first { $0.name == name }
    }

    /// Settings holding every parameter's default.
    public var defaultSettings: DetectorSettings {
        DetectorSettings(values: Dictionary(uniqueKeysWithValues: parameters.map { ($0.name, $0.defaultValue) }))
    }

    /// True when this detector reads streams of `kind`.
    public func reads(_ kind: MediaKind) -> Bool { kinds.contains(kind) }

    /// A fresh detector for one stream, or nil when this detector does not
    /// read streams of that kind (or is file-level).
    public func makeDetector(settings: DetectorSettings, context: DetectorContext) -> AnyDetector? {
        switch factory {
        case .stream(let video, let audio):
            switch context.stream.type {
            case .video: return video.map { .video($0(settings, context)) }
            case .audio: return audio.map { .audio($0(settings, context)) }
            }
        case .file:
            return nil
        }
    }

    /// A fresh file-level detector for one file, or nil for a stream detector.
    public func makeFileDetector(settings: DetectorSettings) -> (any FileDetector)? {
        guard case .file(_, let make) = factory else { return nil }
        return make(settings)
    }
}
