/// The program that wrote a report.
public struct ToolInfo: Sendable, Equatable, Codable {
    public var name: String
    public var version: String

    public init(name: String = "avqc", version: String = ToolInfo.currentVersion) {
        self.name = name
        self.version = version
    }

    /// avqc's version, as `--version` prints it.
    public static let currentVersion = "0.1.0"
}
