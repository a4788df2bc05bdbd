import AVQCModel
import Foundation

/// Expands command-line paths into the inputs of a batch: files as given,
/// directories searched recursively for media files, `-` for standard input.
///
/// Paths are handled as bytes, so a name that is not UTF-8 is found and
/// analyzed like any other (reports show its bad bytes as `\xNN`). Nothing
/// below a folder is skipped silently: an unreadable folder, a dangling
/// link or a device among the media files becomes an `error` entry.
public struct InputCollector: Sendable {
    /// File-name extensions (lowercase, without the dot) taken from directories.
    public static let mediaExtensions: Set<String> = [
        "3g2", "3gp", "aac", "ac3", "aif", "aifc", "aiff", "amr", "ape", "asf", "au", "avi", "caf", "dts", "dv",
        "eac3", "f4v", "flac", "flv", "gif", "h264", "h265", "hevc", "m1v", "m2p", "m2t", "m2ts", "m2v", "m4a", "m4b",
        "m4v", "mj2", "mjpeg", "mjpg", "mka", "mks", "mkv", "mov", "mp2", "mp3", "mp4", "mpa", "mpeg", "mpg", "mts",
        "mxf", "nut", "oga", "ogg", "ogm", "ogv", "opus", "qt", "rm", "rmvb", "spx", "ts", "tta", "vob", "w64", "wav",
        "webm", "wma", "wmv", "wv", "y4m",
    ]

    /// When true, directories yield every file, not only media extensions.
    public var allFiles: Bool
    /// When false, symbolic links met inside folders are not followed (`--no-follow`).
    /// Paths named on the command line are always followed.
    public var followLinks: Bool

    public init(allFiles: Bool = false, followLinks: Bool = true) {
        self.allFiles = allFiles
        self.followLinks = followLinks
    }

    /// The inputs for `paths`, in command-line order; each directory's files sorted by path.
    public func collect(_ paths: [String]) -> [InputItem] {
        collect(raw: paths.map { $0 == "-" ? nil : RawPath($0) })
    }

    /// The inputs for `paths` (nil = standard input), in command-line order.
    public func collect(raw paths: [RawPath?]) -> [InputItem] {
        collectKeyed(raw: paths).map(\.item)
    }

    /// The inputs for `paths` with each one's shard key: the path relative
    /// to the folder argument it was found under (`a/b.mp4` for
    /// `/mnt/archive/a/b.mp4` found under `/mnt/archive`), or the path as
    /// given for files named on the command line. Keys do not depend on
    /// where a folder is mounted or on listing order (`ShardPlan`).
    public func collectKeyed(raw paths: [RawPath?]) -> [(item: InputItem, key: [UInt8])] {
        var items: [(item: InputItem, key: [UInt8])] = []
        var seen = Set<[UInt8]>()
        for entry in paths {
            guard let path = entry else {
                items.append((.standardInput, Array("-".utf8)))
                continue
            }
            let shown = path.display
            switch FileKind.of(path, follow: true) {
            case .missing:
                let dangling = FileKind.of(path, follow: false) == .symbolicLink
                items.append(
                    (
                        .problem(
                            path: shown,
                            FileError(
                                kind: .notFound,
                                message: dangling
                                    ? "\(shown): a symbolic link to nothing" : "\(shown): no such file or directory")),
                        path.bytes
                    ))
            case .inaccessible(let reason):
                items.append(
                    (.problem(path: shown, FileError(kind: .unreadable, message: "\(shown): \(reason)")), path.bytes))
            case .directory:
                var visited = Set<FileKind.Identity>()
                var found: [RawPath] = []
                var problems: [InputItem] = []
                walk(path, visited: &visited, files: &found, problems: &problems)
                items += problems.map { ($0, Self.relativeKey(Array($0.path.utf8), under: path.bytes)) }
                if found.isEmpty, problems.isEmpty {
                    let hint =
                        allFiles ? "" : " (only known media extensions are searched; --all-files takes every file)"
                    items.append(
                        (
                            .problem(
                                path: shown,
                                FileError(kind: .noInputs, message: "\(shown): no media files found\(hint)")),
                            path.bytes
                        ))
                }
                for file in found.sorted(by: { $0.bytes.lexicographicallyPrecedes($1.bytes) })
                where seen.insert(file.bytes).inserted {
                    items.append((.file(file, named: false), Self.relativeKey(file.bytes, under: path.bytes)))
                }
            case .regular, .special, .symbolicLink:
                if seen.insert(path.bytes).inserted { items.append((.file(path, named: true), path.bytes)) }
            }
        }
        return items
    }

    /// Collects the media files below `directory` and the entries that cannot
    /// be analyzed. A folder already visited (a link loop) is not searched again.
    private func walk(
        _ directory: RawPath, visited: inout Set<FileKind.Identity>, files: inout [RawPath],
        problems: inout [InputItem]
    ) {
        guard let identity = FileKind.identity(of: directory), visited.insert(identity).inserted else { return }
        guard let names = FileKind.entries(of: directory) else {
            problems.append(Self.unreadable(directory.display))
            return
        }
        for name in names where name.first != UInt8(ascii: ".") {
            let path = directory.appending(name)
            var kind = FileKind.of(path, follow: false)
            if kind == .symbolicLink {
                guard followLinks else { continue }
                kind = FileKind.of(path, follow: true)
                if kind == .missing {
                    problems.append(
                        .problem(
                            path: path.display,
                            FileError(kind: .notFound, message: "\(path.display): a symbolic link to nothing")))
                    continue
                }
            }
            switch kind {
            case .directory:
                walk(path, visited: &visited, files: &files, problems: &problems)
            case .regular:
                if wanted(name) { files.append(path) }
            case .special(let what):
                guard wanted(name) else { continue }
                problems.append(
                    .problem(
                        path: path.display,
                        FileError(
                            kind: .notRegular,
                            message:
                                "\(path.display): \(what), not a regular file; folder scans analyze regular files only, name it on the command line to analyze it"
                        )))
            case .inaccessible(let reason):
                problems.append(
                    .problem(path: path.display, FileError(kind: .unreadable, message: "\(path.display): \(reason)")))
            case .missing, .symbolicLink:
                continue
            }
        }
    }

    /// `path` without the leading `root/` (the path itself when it is not below `root`).
    static func relativeKey(_ path: [UInt8], under root: [UInt8]) -> [UInt8] {
        var prefix = root
        while prefix.count > 1, prefix.last == UInt8(ascii: "/") { prefix.removeLast() }
        if prefix != [UInt8(ascii: "/")] { prefix.append(UInt8(ascii: "/")) }
        guard path.count > prefix.count, path.starts(with: prefix) else { return path }
        return Array(path[prefix.count...])
    }

    /// True when a folder scan takes a file called `name`.
    private func wanted(_ name: [UInt8]) -> Bool {
        if allFiles { return true }
        guard let dot = name.lastIndex(of: UInt8(ascii: ".")), dot > name.startIndex else { return false }
        let suffix = name[(dot + 1)...].map { ($0 >= 65 && $0 <= 90) ? $0 + 32 : $0 }
        guard let text = String(validating: suffix, as: UTF8.self) else { return false }
        return Self.mediaExtensions.contains(text)
    }

    /// A folder that cannot be searched, as an error entry.
    static func unreadable(_ path: String) -> InputItem {
        .problem(
            path: path,
            FileError(
                kind: .unreadable,
                message: "\(path): this folder cannot be searched (permission denied?); its files are not analyzed"))
    }
}
