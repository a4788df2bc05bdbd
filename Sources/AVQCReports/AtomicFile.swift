import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes report files so that a crash or Ctrl-C never leaves half a report,
/// and never harms what the target path names:
/// - a regular file (or a new one) is replaced atomically: the text goes to
///   a temporary file beside it, fsynced, then renamed over it (the folder is
///   fsynced too), keeping the old file's permissions;
/// - a symbolic link is written through: its target is replaced, the link stays;
/// - a device or FIFO (`/dev/null`, `/dev/stdout`, a named pipe) is written in
///   place, never renamed over; a FIFO with no reader is an error, not a hang.
public enum AtomicFile {
    /// Why a report could not be written; `reason` is the system's message.
    public struct WriteError: Error, Sendable, Equatable {
        public let path: String
        public let reason: String
        public var message: String { "cannot write '\(path)': \(reason)" }
    }

    public static func write(_ text: String, to path: String) throws(WriteError) {
        var target = path
        var info = stat()
        if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK {
            // Write through the link to its target (a dangling link is
            // written through by open(2) itself).
            if let resolved = realpath(path, nil) {
                target = String(cString: resolved)
                free(resolved)
            } else {
                try writeInPlace(text, to: path, shown: path, create: true)
                return
            }
        }
        if stat(target, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            guard info.st_mode & S_IFMT != S_IFDIR else { throw WriteError(path: path, reason: "is a directory") }
            try writeInPlace(text, to: target, shown: path, create: false)
            return
        }
        let existingMode: mode_t? = stat(target, &info) == 0 ? info.st_mode & 0o7777 : nil
        try replace(target, with: text, mode: existingMode, shown: path)
    }

    private static func replace(_ target: String, with text: String, mode: mode_t?, shown: String) throws(WriteError) {
        let url = URL(fileURLWithPath: target)
        let directory = url.deletingLastPathComponent().path
        var template = Array((directory + "/." + url.lastPathComponent + ".avqc-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard descriptor >= 0 else { throw failure(shown) }
        let temporary = String(cString: template)
        do throws(WriteError) {
            try writeAll(text, to: descriptor, shown: shown)
            let permissions = mode ?? (0o666 & ~currentUmask())
            guard fchmod(descriptor, permissions) == 0, fsync(descriptor) == 0 else { throw failure(shown) }
            guard close(descriptor) == 0 else {
                unlink(temporary)
                throw failure(shown)
            }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        guard rename(temporary, target) == 0 else {
            let error = failure(shown)
            unlink(temporary)
            throw error
        }
        let folder = open(directory, O_RDONLY | O_DIRECTORY)
        if folder >= 0 {
            _ = fsync(folder)
            close(folder)
        }
    }

    private static func writeInPlace(_ text: String, to target: String, shown: String, create: Bool) throws(WriteError)
    {
        // O_NONBLOCK: opening a FIFO nobody reads fails (ENXIO) instead of waiting forever.
        let flags = O_WRONLY | O_NONBLOCK | O_CLOEXEC | (create ? O_CREAT | O_TRUNC : 0)
        let descriptor = open(target, flags, 0o666)
        guard descriptor >= 0 else {
            if errno == ENXIO { throw WriteError(path: shown, reason: "a FIFO (named pipe) with no reader") }
            throw failure(shown)
        }
        defer { close(descriptor) }
        let current = fcntl(descriptor, F_GETFL)
        if current >= 0 { _ = fcntl(descriptor, F_SETFL, current & ~O_NONBLOCK) }
        try writeAll(text, to: descriptor, shown: shown)
    }

    private static func writeAll(_ text: String, to descriptor: Int32, shown: String) throws(WriteError) {
        var bytes = Array(text.utf8)
        let total = bytes.count
        var offset = 0
        while offset < total {
            let written = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return Glibc.write(descriptor, base + offset, total - offset)
            }
            if written > 0 {
                offset += written
            } else if written < 0, errno == EINTR {
                continue
            } else {
                throw failure(shown)
            }
        }
    }

    private static func failure(_ shown: String) -> WriteError {
        WriteError(path: shown, reason: String(cString: strerror(errno)))
    }

    private static func currentUmask() -> mode_t {
        let mask = umask(0o022)
        umask(mask)
        return mask
    }
}
