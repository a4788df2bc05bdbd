import AVQCModel
import Foundation

/// Expands command-line paths into the inputs of a batch: files as given,
/// directories searched recursively for media files, `-` for standard input.
public struct InputCollector: Sendable {
    /// File-name extensions (lowercase, without the dot) taken from directories.
    public static let mediaExtensions: Set<String> = [
        "3g2", "3gp", "aac", "ac3", "aif", "aifc", "aiff", "amr", "ape", "asf", "au", "avi", "caf", "dts", "dv",
        "eac3", "f4v", "flac", "flv", "gif", "h264", "h265", "hevc", "m1v", "m2p", "m2t", "m2ts", "m2v", "m4a", "m4b",
        "m4v", "mj2", "mjpeg", "mjpg", "mka", "mks", "mkv", "mov", "mp2", "mp3", "mp4", "mpa", "mpeg", "mpg", "mts",
        "mxf", "nut", "oga", "ogg", "ogm", "ogv", "opus", "qt", "rm", "rmvb", "spx", "ts", "tta", "vob", "w64", "wav",
        "webm", "wma", "wmv", "wv", "y4m",
    ]

    /// When true, directories yield every regular file, not only media extensions.
    public var allFiles: Bool

    public init(allFiles: Bool = false) {
        self.allFiles = allFiles
    }

    /// The inputs for `paths`, in command-line order; each directory's files sorted by path.
    public func collect(_ paths: [String]) -> [InputItem] {
        var items: [InputItem] = []
        var seen = Set<String>()
        for path in paths {
            if path == "-" {
                items.append(.standardInput)
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                items.append(
                    .problem(path: path, FileError(kind: "not-found", message: "\(path): no such file or directory")))
                continue
            }
            if isDirectory.boolValue {
                var visited = Set<String>()
                let (found, problems) = filesBelow(path, visited: &visited)
                items += problems
                if found.isEmpty, problems.isEmpty {
                    let hint =
                        allFiles ? "" : " (only known media extensions are searched; --all-files takes every file)"
                    items.append(
                        .problem(
                            path: path, FileError(kind: "no-inputs", message: "\(path): no media files found\(hint)")))
                }
                for file in found where seen.insert(file).inserted { items.append(.file(file)) }
            } else if seen.insert(path).inserted {
                items.append(.file(path))
            }
        }
        return items
    }

    /// Media files below `directory`, and the paths below it that cannot be
    /// searched (an unreadable folder) as problems: nothing is skipped
    /// silently. Symbolic links are followed, to files and to folders; a
    /// folder already visited (a link loop) is not searched again.
    private func filesBelow(_ directory: String, visited: inout Set<String>) -> (files: [String], problems: [InputItem])
    {
        let root = URL(fileURLWithPath: directory)
        guard visited.insert(root.resolvingSymlinksInPath().path).inserted else { return ([], []) }
        let keys: [URLResourceKey] = [.isRegularFileKey, .isDirectoryKey, .isSymbolicLinkKey]
        var unreadable: [String] = []
        guard
            let enumerator = FileManager.default.enumerator(
                at: root, includingPropertiesForKeys: keys, options: [.skipsHiddenFiles],
                errorHandler: { url, _ in
                    unreadable.append(url.path)
                    return true
                })
        else { return ([], [Self.unreadable(directory)]) }
        var files: [String] = []
        var problems: [InputItem] = []
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        for case let url as URL in enumerator {
            // Keep the path as the user spelled the directory.
            let relative =
                url.path.hasPrefix(root.path + "/")
                ? String(url.path.dropFirst(root.path.count + 1)) : url.lastPathComponent
            let shown = prefix + relative
            let values = try? url.resourceValues(forKeys: Set(keys))
            if values?.isSymbolicLink == true {
                let target = url.resolvingSymlinksInPath()
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: target.path, isDirectory: &isFolder) else {
                    problems.append(
                        .problem(
                            path: shown,
                            FileError(
                                kind: "not-found", message: "\(shown): a symbolic link to nothing (\(target.path))")))
                    continue
                }
                if isFolder.boolValue {
                    let below = filesBelow(shown, visited: &visited)
                    files += below.files
                    problems += below.problems
                    continue
                }
                guard allFiles || Self.mediaExtensions.contains(url.pathExtension.lowercased()) else { continue }
                files.append(shown)
                continue
            }
            if values?.isDirectory == true, !FileManager.default.isReadableFile(atPath: url.path) {
                unreadable.append(url.path)
                enumerator.skipDescendants()
                continue
            }
            guard values?.isRegularFile == true else { continue }
            guard allFiles || Self.mediaExtensions.contains(url.pathExtension.lowercased()) else { continue }
            files.append(shown)
        }
        for path in Set(unreadable).sorted() {
            let relative =
                path.hasPrefix(root.path + "/") ? String(path.dropFirst(root.path.count + 1)) : path
            problems.append(Self.unreadable(path == root.path ? directory : prefix + relative))
        }
        return (files.sorted(), problems)
    }

    /// A folder that cannot be searched, as an error entry.
    static func unreadable(_ path: String) -> InputItem {
        .problem(
            path: path,
            FileError(
                kind: "unreadable",
                message: "\(path): this folder cannot be searched (permission denied?); its files are not analyzed"))
    }
}
