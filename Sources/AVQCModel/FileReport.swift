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
    /// Thumbnails of video defects (only when an HTML report is asked for).
    public var thumbnails: [Thumbnail] = []
    /// Bounded per-frame and per-block series (only when an HTML report is asked for).
    public var series: [Series] = []
    /// The input's size in bytes, when it is a file.
    public var sizeBytes: Int?
    /// SHA-256 of the file's bytes (only when an HTML report is asked for).
    public var sha256: String?
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
        case thumbnails, series, sizeBytes, sha256
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        path = try c.decode(String.self, forKey: .path)
        status = try c.decode(FileStatus.self, forKey: .status)
        error = try c.decodeIfPresent(FileError.self, forKey: .error)
        durationSeconds = try c.decodeIfPresent(Double.self, forKey: .durationSeconds)
        container = try c.decodeIfPresent(String.self, forKey: .container)
        timecode = try c.decodeIfPresent(StartTimecode.self, forKey: .timecode)
        streams = try c.decode([StreamInfo].self, forKey: .streams)
        checks = try c.decode([Check].self, forKey: .checks)
        defects = try c.decode([Defect].self, forKey: .defects)
        measurements = try c.decode([Measurement].self, forKey: .measurements)
        // Carried between avqc and its workers; absent from JSON reports.
        thumbnails = try c.decodeIfPresent([Thumbnail].self, forKey: .thumbnails) ?? []
        series = try c.decodeIfPresent([Series].self, forKey: .series) ?? []
        sizeBytes = try c.decodeIfPresent(Int.self, forKey: .sizeBytes)
        sha256 = try c.decodeIfPresent(String.self, forKey: .sha256)
        timing = nil
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
