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
    /// True for detectors that compare streams: the factory then makes one
    /// `.file` detector per file (see `FileDetector`).
    public let isFileLevel: Bool
    private let factory: @Sendable (DetectorSettings, DetectorContext) -> AnyDetector

    public init(
        id: String, kinds: [MediaKind], summary: String, parameters: [ParameterSpec],
        suppressedWithin: [String] = [], isFileLevel: Bool = false,
        factory: @escaping @Sendable (DetectorSettings, DetectorContext) -> AnyDetector
    ) {
        self.id = id
        self.kinds = kinds
        self.summary = summary
        self.parameters = parameters
        self.suppressedWithin = suppressedWithin
        self.isFileLevel = isFileLevel
        self.factory = factory
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

    /// A fresh detector for one stream.
    public func makeDetector(settings: DetectorSettings, context: DetectorContext) -> AnyDetector {
        factory(settings, context)
    }
}
