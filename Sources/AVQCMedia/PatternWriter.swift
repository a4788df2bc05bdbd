import AVQCModel
internal import CFFmpeg
import Foundation

/// Writes a flash-and-beep sync pattern through libavformat and libavcodec:
/// a dark grey picture with one white frame every `framesPerFlash` frames,
/// and a 1 kHz beep (−6 dBFS, stereo) starting `offset` seconds after each
/// flash. The video codec is FFV1 where the container takes it (lossless),
/// else the container's default; audio is 16-bit PCM where the container
/// takes it, else its default (AAC for MP4).
public enum PatternWriter {
    public enum WriteError: Error, Equatable, CustomStringConvertible {
        case failed(path: String, what: String, FFmpegError?)

        public var description: String {
            switch self {
            case .failed(let path, let what, let error):
                return "\(path): cannot write the pattern: \(what)" + (error.map { ": \($0.reason)" } ?? "")
            }
        }
    }

    public static func write(_ spec: PatternSpec, to path: String) throws(WriteError) {
        func fail(_ what: String, _ code: Int32? = nil) -> WriteError {
            .failed(path: path, what: what, code.map { FFmpegError(call: what, code: $0) })
        }
        var contextPointer: UnsafeMutablePointer<AVFormatContext>?
        var status = avformat_alloc_output_context2(&contextPointer, nil, nil, path)
        guard status >= 0, let context = contextPointer, let format = context.pointee.oformat else {
            throw fail("no container for this file name (use .mkv, .mov, .mp4, .ts, .nut)", status)
        }
        defer {
            if format.pointee.flags & AVFMT_NOFILE == 0 { avio_closep(&context.pointee.pb) }
            avformat_free_context(context)
        }
        let videoID =
            avformat_query_codec(format, AV_CODEC_ID_FFV1, FF_COMPLIANCE_NORMAL) == 1
            ? AV_CODEC_ID_FFV1 : format.pointee.video_codec
        let audioID =
            avformat_query_codec(format, AV_CODEC_ID_PCM_S16LE, FF_COMPLIANCE_NORMAL) == 1
            ? AV_CODEC_ID_PCM_S16LE : format.pointee.audio_codec
        guard let video = PatternEncoder(codec: videoID, context: context, spec: spec, kind: .video),
            let audio = PatternEncoder(codec: audioID, context: context, spec: spec, kind: .audio)
        else { throw fail("no usable encoder in this FFmpeg build for this container") }

        if format.pointee.flags & AVFMT_NOFILE == 0 {
            status = avio_open(&context.pointee.pb, path, AVIO_FLAG_WRITE)
            guard status >= 0 else { throw fail("avio_open", status) }
        }
        status = avformat_write_header(context, nil)
        guard status >= 0 else { throw fail("avformat_write_header", status) }

        let totalFrames = Int(
            (spec.duration * Double(spec.frameRate.numerator) / Double(spec.frameRate.denominator)).rounded())
        let totalSamples = Int(spec.duration * Double(spec.sampleRate))
        var frameIndex = 0
        var sampleIndex = 0
        while frameIndex < totalFrames || sampleIndex < totalSamples {
            let videoTime = Double(frameIndex) * Double(spec.frameRate.denominator) / Double(spec.frameRate.numerator)
            let audioTime = Double(sampleIndex) / Double(spec.sampleRate)
            if frameIndex < totalFrames && (videoTime <= audioTime || sampleIndex >= totalSamples) {
                guard video.sendPicture(index: frameIndex, flash: frameIndex % spec.framesPerFlash == 0) else {
                    throw fail("encoding video frame \(frameIndex)")
                }
                frameIndex += 1
            } else {
                let count = min(audio.samplesPerFrame, totalSamples - sampleIndex)
                guard audio.sendSamples(start: sampleIndex, count: count, spec: spec) else {
                    throw fail("encoding audio at sample \(sampleIndex)")
                }
                sampleIndex += count
            }
        }
        guard video.flush(), audio.flush() else { throw fail("flushing the encoders") }
        status = av_write_trailer(context)
        guard status >= 0 else { throw fail("av_write_trailer", status) }
    }
}
