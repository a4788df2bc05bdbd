import Foundation

/// Media made at test time with the ffmpeg CLI, each with the same defects at
/// known frames and samples:
///   black   frames 50-124   (2.000 s to 5.000 s at 25 fps)
///   freeze  frames 150-224  (6.000 s to 9.000 s; frame 150 repeated)
///   silence 8.000 s to 10.500 s on every channel (sample-exact in the source)
/// Lengths are 12 s. Made once per test process, in parallel-safe fashion.
struct TestClip: Sendable, CustomStringConvertible {
    var name: String
    var hasVideo: Bool
    var hasAudio: Bool
    /// Lossy audio smears the edges of a silent stretch: the decoded signal
    /// itself stays above -60 dBFS for a few ms to tens of ms past the cut.
    var lossyAudio: Bool
    var arguments: [String]
    var description: String { name }

    static let blackFrames = 50..<125
    static let freezeFrames = 150..<225
    static let silence = 8.0...10.5

    static let videoSource = "testsrc2=s=320x180:r=25:d=12"
    static let audioSource =
        "aevalsrc='if(between(t,8,10.5-1/96000),0,0.4*sin(2*PI*440*t))|if(between(t,8,10.5-1/96000),0,0.3*sin(2*PI*660*t))':s=48000:d=12"
    static let defects =
        "[0:v]split[a][b];[a][b]freezeframes=first=150:last=224:replace=150,drawbox=color=black:t=fill:enable='between(n,50,124)'"

    static func av(_ name: String, lossyAudio: Bool, videoFilterTail: String = "", _ codecs: [String]) -> TestClip {
        TestClip(
            name: name, hasVideo: true, hasAudio: true, lossyAudio: lossyAudio,
            arguments: [
                "-f", "lavfi", "-i", videoSource, "-f", "lavfi", "-i", audioSource,
                "-filter_complex", defects + videoFilterTail + "[v]", "-map", "[v]", "-map", "1:a",
            ] + codecs)
    }

    static func audioOnly(_ name: String, _ codecs: [String]) -> TestClip {
        TestClip(
            name: name, hasVideo: false, hasAudio: true, lossyAudio: false,
            arguments: ["-f", "lavfi", "-i", audioSource] + codecs)
    }

    /// The real-encode matrix the issue names.
    static let matrix: [TestClip] = [
        av(
            "h264-aac.mp4", lossyAudio: true, ["-c:v", "libx264", "-preset", "veryfast", "-c:a", "aac", "-b:a", "128k"]),
        av(
            "vp9-opus.mkv", lossyAudio: true,
            [
                "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "400k", "-c:a", "libopus",
                "-b:a", "96k",
            ]),
        av(
            "hevc10-flac.mkv", lossyAudio: false,
            [
                "-c:v", "libx265", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le", "-x265-params", "log-level=error",
                "-c:a", "flac",
            ]),
        av(
            "mjpeg-full-range-pcm.mov", lossyAudio: false, videoFilterTail: ",format=yuvj420p",
            ["-c:v", "mjpeg", "-q:v", "4", "-c:a", "pcm_s16le"]),
        av("h264-mp2.ts", lossyAudio: true, ["-c:v", "libx264", "-preset", "veryfast", "-c:a", "mp2", "-b:a", "192k"]),
        // Intra-only: long-GOP MPEG-2 repeats a still picture with residual
        // drift (-52 to -55 dB), which neither avqc nor freezedetect calls
        // frozen at -60 dB (see Docs/detectors.md).
        av(
            "mpeg2-intra-ac3.ts", lossyAudio: true,
            ["-c:v", "mpeg2video", "-q:v", "3", "-g", "1", "-c:a", "ac3", "-b:a", "192k"]),
        av("prores-pcm24.mov", lossyAudio: false, ["-c:v", "prores_ks", "-profile:v", "0", "-c:a", "pcm_s24le"]),
        audioOnly("pcm-s16.wav", ["-c:a", "pcm_s16le"]),
        TestClip(
            name: "pcm-f32-mono-44k.wav", hasVideo: false, hasAudio: true, lossyAudio: false,
            arguments: [
                "-f", "lavfi", "-i", "aevalsrc='if(between(t,8,10.5-1/88200),0,0.4*sin(2*PI*440*t))':s=44100:d=12",
                "-c:a", "pcm_f32le",
            ]),
        audioOnly("flac.flac", ["-c:a", "flac"]),
    ]

    /// The directory holding every clip of the matrix, made on first use.
    static let directory: Result<URL, MediaMakingError> = {
        do {
            let directory = try temporaryDirectory("matrix")
            for clip in matrix {
                try ffmpeg(clip.arguments + [directory.appendingPathComponent(clip.name).path])
            }
            return .success(directory)
        } catch let error as MediaMakingError {
            return .failure(error)
        } catch {
            return .failure(MediaMakingError(message: "\(error)"))
        }
    }()

    func url() throws -> URL {
        try Self.directory.get().appendingPathComponent(name)
    }
}
