import Foundation

/// Writes report files so a crash or Ctrl-C never leaves half a report: the
/// text goes to a temporary file beside the target, which is then renamed
/// over it.
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
