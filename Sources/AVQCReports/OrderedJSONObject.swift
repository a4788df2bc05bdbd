import Foundation

/// A JSON object whose keys come out in the order they were added,
/// pretty-printed in `JSONEncoder`'s style (two-space indent, `"key" :
/// value`). Values are encoded by `JSONEncoder` with sorted keys, so only
/// the objects built here choose their order and the output stays stable.
struct OrderedJSONObject {
    private var fields: [(key: String, json: String)] = []

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return encoder
    }()

    /// Adds `value` under `key`; a nil optional adds nothing (as `JSONEncoder` omits it).
    mutating func add<Value: Encodable>(_ key: String, _ value: Value?) {
        guard let value, let data = try? Self.encoder.encode(value) else { return }
        fields.append((key, String(decoding: data, as: UTF8.self)))
    }

    /// Adds an object built here.
    mutating func add(_ key: String, object: OrderedJSONObject) {
        fields.append((key, object.rendered()))
    }

    /// Adds an array of objects built here.
    mutating func add(_ key: String, objects: [OrderedJSONObject]) {
        guard !objects.isEmpty else {
            fields.append((key, "[\n\n]"))
            return
        }
        let items = objects.map { Self.indented($0.rendered()) }
        fields.append((key, "[\n  " + items.joined(separator: ",\n  ") + "\n]"))
    }

    /// The object as pretty-printed JSON, starting at column 0.
    func rendered() -> String {
        guard !fields.isEmpty else { return "{\n\n}" }
        let keyEncoder = JSONEncoder()
        keyEncoder.outputFormatting = [.withoutEscapingSlashes]
        let lines = fields.map { field -> String in
            let key = (try? keyEncoder.encode(field.key)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
            return key + " : " + Self.indented(field.json)
        }
        return "{\n  " + lines.joined(separator: ",\n  ") + "\n}"
    }

    /// `json`'s lines after the first shifted right by two spaces (blank lines stay blank).
    private static func indented(_ json: String) -> String {
        json.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line in
            index == 0 || line.isEmpty ? String(line) : "  " + line
        }.joined(separator: "\n")
    }
}
