import AVQCModel
import Crypto
import Foundation

/// What a path is, from `stat(2)` or `lstat(2)` on its bytes.
enum FileKind: Equatable {
    case regular
    case directory
    case symbolicLink
    /// A device, FIFO or socket, described for messages ("a character device").
    case special(String)
    case missing
    /// stat failed for another reason (permission, I/O), described.
    case inaccessible(String)

    /// A file's identity, to find a folder twice (link loops).
    struct Identity: Hashable {
        let device: UInt64
        let inode: UInt64
    }

    /// The kind of `path`; `follow` judges a symbolic link by its target.
    static func of(_ path: RawPath, follow: Bool) -> FileKind {
        guard let info = status(of: path, follow: follow) else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { return .missing }
            return .inaccessible(String(cString: strerror(code)).lowercased())
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .directory
        case S_IFLNK: return .symbolicLink
        case S_IFCHR: return .special("a character device")
        case S_IFBLK: return .special("a block device")
        case S_IFIFO: return .special("a FIFO (named pipe)")
        case S_IFSOCK: return .special("a socket")
        default: return .special("not a regular file")
        }
    }

    /// The file's size in bytes (following links), or nil.
    static func size(of path: RawPath) -> Int64? {
        status(of: path, follow: true).map { Int64($0.st_size) }
    }

    /// SHA-256 of a regular file's bytes, read in 1 MiB pieces; nil when it
    /// cannot be read to the end or the stop signal fires.
    static func sha256(of path: RawPath, stop: StopSignal? = nil) -> String? {
        let descriptor = path.withCString { open($0, O_RDONLY | O_CLOEXEC) }
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var hasher = Crypto.SHA256()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            if stop?.reason != nil { return nil }
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { return hasher.finalize().map { String(format: "%02x", $0) }.joined() }
            chunk.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
    }

    static func identity(of path: RawPath) -> Identity? {
        status(of: path, follow: true).map { Identity(device: UInt64($0.st_dev), inode: UInt64($0.st_ino)) }
    }

    private static func status(of path: RawPath, follow: Bool) -> stat? {
        var info = stat()
        let result = path.withCString { follow ? stat($0, &info) : lstat($0, &info) }
        return result == 0 ? info : nil
    }

    /// The names in a folder (without `.` and `..`), or nil when it cannot be read.
    static func entries(of directory: RawPath) -> [[UInt8]]? {
        guard let handle = directory.withCString({ opendir($0) }) else { return nil }
        defer { closedir(handle) }
        var names: [[UInt8]] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.prefix { $0 != 0 })
            }
            if name == [46] || name == [46, 46] { continue }
            names.append(name)
        }
        return names
    }

    /// True when the process may read the file.
    static func isReadable(_ path: RawPath) -> Bool {
        path.withCString { access($0, R_OK) } == 0
    }
}
