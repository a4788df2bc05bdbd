import AVQCMedia
import AVQCModel
import Foundation

/// Analyzes one input: open, one decode pass feeding every detector, report.
public struct FileAnalyzer: Sendable {
    public let options: AnalysisOptions

    public init(options: AnalysisOptions) {
        self.options = options
    }

    /// The report for `item`. Never throws: every failure becomes an `error` entry.
    public func analyze(_ item: InputItem) -> FileReport {
        let started = Date()
        func timing() -> FileReport.Timing {
            FileReport.Timing(startedAt: started, elapsedSeconds: Date().timeIntervalSince(started))
        }
        if case .problem(let path, let error) = item {
            return .failed(path: path, error: error, timing: timing())
        }
        if case .file(let path) = item, let problem = Self.precheck(path) {
            return .failed(path: path, error: problem, timing: timing())
        }
        let path = item.path
        do {
            let source = try MediaSource(path: path)
            let bank = DetectorBank(streams: source.streams, options: options)
            let summary = try source.decode(selected: bank.streamIndices, threads: options.decoderThreads, sink: bank)
            let decodedAnything = summary.streams.values.contains { $0.frames > 0 }
            // A read error after some data was decoded means the file stops
            // early: the truncation detector reports it as a defect. Without
            // that detector, or with nothing decoded, it is the file's error.
            let truncationReports = options.detectors.contains { $0.id == "truncation" } && decodedAnything
            let readProblem =
                summary.readError.map { "reading stopped early: \($0.message)" }
                ?? (summary.endsInsidePacket ? "the file ends inside a transport-stream packet" : nil)
            let ends = summary.streams.mapValues { totals in
                StreamEnd(
                    position: totals.end, declaredEnd: totals.declaredEnd,
                    declaredByContainer: totals.declaredByContainer,
                    readProblem: readProblem
                        ?? (totals.lastPacketCorrupt ? "the last packet is cut short (the file ends mid-packet)" : nil),
                    trailingDamage: totals.trailingDamage)
            }
            let timings = source.streams.compactMap { info -> StreamTiming? in
                guard let totals = summary.streams[info.index], totals.frames > 0 else { return nil }
                // Stream timing is about the programme: unsignalled codec priming is not part of it.
                return StreamTiming(
                    index: info.index, type: info.type,
                    start: (totals.start ?? totals.end.time) + totals.unsignalledPriming, end: totals.end.time)
            }
            let (defects, measurements) = bank.finish(ends: ends, timings: timings)
            let analyzedEnd = ends.values.map(\.position.time).max()
            var error =
                truncationReports ? nil : summary.readError.map { FileError(kind: $0.kind, message: $0.message) }
            if error == nil, let undecodable = Self.undecodable(summary, selected: bank.streamIndices, path: path) {
                error = undecodable
            }
            return FileReport(
                path: path, error: error, durationSeconds: source.declaredDuration ?? analyzedEnd,
                container: source.container, streams: source.streams, checks: bank.checks, defects: defects,
                measurements: measurements, timing: timing())
        } catch {
            return .failed(path: path, error: FileError(kind: error.kind, message: error.message), timing: timing())
        }
    }

    /// File-system problems, reported before FFmpeg sees the path.
    static func precheck(_ path: String) -> FileError? {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return FileError(kind: "not-found", message: "\(path): no such file or directory")
        }
        if isDirectory.boolValue {
            return FileError(kind: "unreadable", message: "\(path): is a directory")
        }
        guard manager.isReadableFile(atPath: path) else {
            return FileError(kind: "unreadable", message: "\(path): permission denied; check the file's permissions")
        }
        if let size = (try? manager.attributesOfItem(atPath: path))?[.size] as? NSNumber, size.intValue == 0 {
            return FileError(kind: "empty", message: "\(path): the file is empty (0 bytes)")
        }
        return nil
    }

    /// An error when every selected stream failed to yield a single frame.
    static func undecodable(_ summary: DecodeSummary, selected: Set<Int>, path: String) -> FileError? {
        guard !selected.isEmpty else { return nil }
        let totals = selected.compactMap { summary.streams[$0] }
        guard totals.allSatisfy({ $0.frames == 0 }), let first = totals.compactMap(\.firstError).first else {
            return nil
        }
        return FileError(
            kind: "decode-error",
            message:
                "\(path): no frame could be decoded (\(first)); the data is damaged or not what the container declares")
    }
}
