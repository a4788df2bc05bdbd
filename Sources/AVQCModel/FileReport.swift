import Foundation

/// Everything avqc found in one input.
public struct FileReport: Sendable, Equatable, Codable {
    /// The path as given or found (`-` for standard input).
    public var path: String
    public var status: FileStatus
    public var error: FileError?
    /// The container's duration, or the analyzed length when it declares none, in seconds.
    public var durationSeconds: Double?
    /// FFmpeg's demuxer name, e.g. `matroska,webm`.
    public var container: String?
    /// The programme's SMPTE start timecode, when the file carries one.
    public var timecode: StartTimecode?
    public var streams: [StreamInfo]
    /// Which detector ran on which stream.
    public var checks: [Check]
    /// Sorted by start time, then detector, then stream.
    public var defects: [Defect]
    public var measurements: [Measurement]
    /// When the analysis began and how long it took (wall clock). Not part of
    /// the JSON report, which stays identical from run to run.
    public var timing: Timing?

    public struct Timing: Sendable, Equatable {
        public var startedAt: Date
        public var elapsedSeconds: Double
        public init(startedAt: Date, elapsedSeconds: Double) {
            self.startedAt = startedAt
            self.elapsedSeconds = elapsedSeconds
        }
    }

    enum CodingKeys: String, CodingKey {
        case path, status, error, durationSeconds, container, timecode, streams, checks, defects, measurements
    }

    public init(
        path: String, error: FileError? = nil, durationSeconds: Double? = nil, container: String? = nil,
        timecode: StartTimecode? = nil, streams: [StreamInfo] = [], checks: [Check] = [], defects: [Defect] = [],
        measurements: [Measurement] = [], timing: Timing? = nil
    ) {
        self.path = path
        self.error = error
        self.durationSeconds = durationSeconds
        self.container = container
        self.timecode = timecode
        self.streams = streams
        self.checks = checks
        self.defects = defects
        self.measurements = measurements
        self.timing = timing
        if let error {
            self.status = error.kind == .interrupted ? .interrupted : .error
        } else {
            self.status = FileStatus.judging(defects)
        }
    }

    /// A report for a file the run did not finish because it was interrupted.
    public static func interrupted(path: String) -> FileReport {
        FileReport(
            path: path,
            error: FileError(
                kind: .interrupted, message: "\(path): interrupted before the analysis finished"))
    }

    /// A report for an input that could not be analyzed.
    public static func failed(path: String, error: FileError, timing: Timing? = nil) -> FileReport {
        FileReport(path: path, error: error, timing: timing)
    }
}
