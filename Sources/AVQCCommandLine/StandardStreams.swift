import Foundation

/// Writes to standard output and error through FileHandle (C's stderr global
/// is not concurrency-safe in Swift 6).
enum StandardStreams {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func err(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// True when standard error is a terminal (progress is shown only then).
    static var errorIsTerminal: Bool { isatty(2) == 1 }
}
