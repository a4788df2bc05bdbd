import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes to standard output and error with write(2) (C's stdio globals are
/// not concurrency-safe in Swift 6, and FileHandle traps on a write error).
/// A reader that went away (`avqc … | head`: EPIPE; SIGPIPE is ignored by
/// `AVQCMain`) or a full disk ends that stream's output quietly; the run and
/// its exit status go on.
enum StandardStreams {
    static func out(_ text: String) {
        write(text, to: 1)
    }

    static func err(_ text: String) {
        write(text, to: 2)
    }

    private static func write(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, base + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return  // EPIPE, ENOSPC, EBADF: nobody to tell
                }
            }
        }
    }

    /// Stops SIGPIPE from ending the process when a reader closes its end.
    static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// True when standard error is a terminal (progress is shown only then).
    static var errorIsTerminal: Bool { isatty(2) == 1 }
    static var outputIsTerminal: Bool { isatty(1) == 1 }
}
