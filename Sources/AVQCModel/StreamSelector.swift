/// Which streams a detector covers: a stream matches when it passes every
/// condition that is set (an empty selector matches every stream).
public struct StreamSelector: Sendable, Equatable, Codable {
    /// Stream types, e.g. `[.audio]`.
    public var types: [MediaKind]?
    /// Container stream indices.
    public var indices: [Int]?
    /// `language` tags, compared case-insensitively (`eng`, `fre`).
    public var languages: [String]?
    /// Words looked for in the stream's `title` tag, case-insensitively
    /// (`commentary` matches "Director's Commentary").
    public var titles: [String]?

    public init(
        types: [MediaKind]? = nil, indices: [Int]? = nil, languages: [String]? = nil, titles: [String]? = nil
    ) {
        self.types = types
        self.indices = indices
        self.languages = languages
        self.titles = titles
    }

    public var isEmpty: Bool { types == nil && indices == nil && languages == nil && titles == nil }

    public func matches(_ stream: StreamInfo) -> Bool {
        if let types, !types.contains(stream.type) { return false }
        if let indices, !indices.contains(stream.index) { return false }
        if let languages {
            guard let language = stream.language?.lowercased(),
                languages.contains(where: { $0.lowercased() == language })
            else { return false }
        }
        if let titles {
            guard let title = stream.title?.lowercased(), titles.contains(where: { title.contains($0.lowercased()) })
            else { return false }
        }
        return true
    }
}
