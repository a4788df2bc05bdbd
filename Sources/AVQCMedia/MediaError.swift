import AVQCModel

/// Why a file could not be opened or read. Each message names the file, says
/// what happened and, where there is one, what to try.
public enum MediaError: Error, Sendable, Equatable {
    /// FFmpeg could not open the input at all.
    case openFailed(path: String, FFmpegError)
    /// The input opened but is not a container FFmpeg recognizes.
    case notMedia(path: String, FFmpegError)
    /// The container has no audio or video stream (only data, subtitles or attachments).
    case noStreams(path: String)
    /// There are audio or video streams, but this FFmpeg build has no decoder for any of them.
    case unsupportedCodec(path: String, codecs: [String])
    /// A decoder exists but refused to open.
    case decoderFailed(path: String, stream: Int, codec: String, FFmpegError)
    /// Reading packets failed before the end of the file.
    case readFailed(path: String, atSeconds: Double?, FFmpegError)
    /// An MP4/MOV read from a pipe whose index (`moov`) comes after its media
    /// data: the demuxer would have to seek back, which a pipe cannot.
    case notStreamable(path: String)
    /// The analysis stopped before the end: its time limit passed, or the run was interrupted.
    case stopped(path: String, reason: StopSignal.Reason, timeLimit: Double)
    /// More audio and video streams than `--max-streams`.
    case tooManyStreams(path: String, count: Int, limit: Int)
    /// A video stream declares a picture larger than `--max-pixels`.
    case pictureTooLarge(path: String, stream: Int, width: Int, height: Int, limit: Int)
    /// An audio stream declares a rate or channel count beyond what avqc analyzes.
    case audioFormatBeyondLimits(path: String, stream: Int, detail: String)

    /// A stable identifier for reports (`error.kind`).
    public var kind: FileErrorKind {
        switch self {
        case .openFailed: return .unreadable
        case .notMedia: return .notMedia
        case .noStreams: return .noStreams
        case .unsupportedCodec, .decoderFailed: return .unsupportedCodec
        case .readFailed: return .readError
        case .notStreamable: return .notStreamable
        case .stopped(_, let reason, _): return reason == .timedOut ? .timeout : .interrupted
        case .tooManyStreams, .pictureTooLarge, .audioFormatBeyondLimits: return .limit
        }
    }

    public var message: String {
        switch self {
        case .openFailed(let path, let error):
            return "\(path): cannot open: \(error.reason)"
        case .notMedia(let path, let error):
            return
                "\(path): not a recognizable media file (\(error.reason)); check that it is audio or video and not damaged"
        case .noStreams(let path):
            return "\(path): no audio or video stream to analyze"
        case .unsupportedCodec(let path, let codecs):
            return
                "\(path): no decoder in this FFmpeg build for \(codecs.joined(separator: ", ")); transcode it or install an FFmpeg with that decoder"
        case .decoderFailed(let path, let stream, let codec, let error):
            return "\(path): stream \(stream) (\(codec)): the decoder would not open: \(error.reason)"
        case .readFailed(let path, let seconds, let error):
            let at = seconds.map { " after \(String(format: "%.3f", $0)) s" } ?? ""
            return "\(path): read error\(at): \(error.reason); the file may be truncated or on failing storage"
        case .stopped(let path, let reason, let timeLimit):
            if reason == .interrupted { return "\(path): interrupted before the analysis finished" }
            let seconds = Rounding.text(timeLimit)
            return
                "\(path): stopped at the time limit of \(seconds) s (--timeout); raise --timeout, or check that the input is not a stalled pipe or device"
        case .tooManyStreams(let path, let count, let limit):
            return
                "\(path): \(count) audio and video streams, more than the limit of \(limit) (--max-streams); raise --max-streams to analyze them all"
        case .pictureTooLarge(let path, let stream, let width, let height, let limit):
            return
                "\(path): stream \(stream) declares a \(width)x\(height) picture (\(width.multipliedReportingOverflow(by: height).partialValue) pixels), over the limit of \(limit) pixels (--max-pixels); raise --max-pixels if the file is genuine"
        case .audioFormatBeyondLimits(let path, let stream, let detail):
            return "\(path): audio stream \(stream) declares \(detail); avqc cannot analyze it"
        case .notStreamable(let path):
            return
                "\(path): this MP4/MOV cannot be read from a pipe: its index (moov) comes after the media data (not faststart); give avqc the file's path, or remux it with 'ffmpeg -i IN -c copy -movflags +faststart OUT'"
        }
    }
}
