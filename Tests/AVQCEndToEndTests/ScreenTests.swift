import AVQCModel
import AVQCReports
import Foundation
import Testing

/// `--screen`: packet sizes and keyframes first, full decodes of the
/// suspect stretches after. Its black and freeze spans must equal a full
/// analysis's to the frame, in every codec family (long GOP with and
/// without B-frames, open GOP, intra-only).
@Suite(.serialized) struct ScreenTests {
    /// The detectors `--screen` covers among the defaults, as the run reports them.
    static let covered =
        "black,freeze,silence,loudness,clipping,audio-dropout,channel-silent,phase-inversion,test-tone,dc-offset,clicks"

    /// 16 s at 25 fps: black frames 60-134 (2.4-5.4 s), frozen frames 200-289
    /// (8-11.6 s), a tone, in `codec` with a keyframe every `gop` frames.
    static func clip(_ name: String, in directory: URL, codec: [String], gop: Int) throws -> URL {
        let file = directory.appendingPathComponent(name)
        try ffmpeg(
            [
                "-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=16", "-f", "lavfi", "-i",
                "sine=f=500:d=16:sample_rate=48000", "-filter_complex",
                "[0:v]split[a][b];[a][b]freezeframes=first=200:last=289:replace=200,"
                    + "drawbox=color=black:t=fill:enable='between(n,60,134)'[v]",
                "-map", "[v]", "-map", "1:a", "-g", "\(gop)",
            ] + codec + ["-shortest", file.path])
        return file
    }

    static func spans(_ report: RunReport) -> [String] {
        report.files.flatMap(\.defects).filter { ["black", "freeze"].contains($0.detector) }.map {
            "\($0.detector) \($0.start)-\($0.end) frames \($0.startFrame ?? -1)-\($0.endFrame ?? -1)"
        }
    }

    @Test(arguments: [
        ("h264.mp4", ["-c:v", "libx264", "-preset", "veryfast", "-c:a", "aac"], 250),
        ("h264-short-gop.mkv", ["-c:v", "libx264", "-bf", "0", "-c:a", "aac"], 12),
        ("mpeg2.ts", ["-c:v", "mpeg2video", "-b:v", "2M", "-c:a", "mp2"], 15),
        ("vp9.webm", ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-c:a", "libopus"], 100),
        ("mjpeg.avi", ["-c:v", "mjpeg", "-q:v", "4", "-c:a", "pcm_s16le"], 1),
    ])
    func screenedSpansEqualAFullAnalysis(name: String, codec: [String], gop: Int) throws {
        let dir = try temporaryDirectory("screen-\(name)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try Self.clip(name, in: dir, codec: codec, gop: gop)
        let (full, fullReport) = try avqcJSON(["--detectors", Self.covered, file.path])
        let (screen, screenReport) = try avqcJSON(["--screen", file.path])
        #expect(screen.status == full.status)
        #expect(Self.spans(screenReport) == Self.spans(fullReport))
        // The constructed defects, to the frame.
        let black = fullReport.defects("black").first
        let freeze = fullReport.defects("freeze").first
        #expect(black?.startFrame == 60 && black?.endFrame == 135, "\(Self.spans(fullReport))")
        if name == "mpeg2.ts" {
            // MPEG-2 re-codes the still picture in every GOP: neither avqc nor
            // FFmpeg's freezedetect (n=-60dB:d=2) sees a freeze there (measured).
            #expect(freeze == nil)
        } else {
            #expect(freeze?.startFrame == 200 && freeze?.endFrame == 290, "\(Self.spans(fullReport))")
        }
        // Audio detectors ran on the whole audio in both.
        #expect(
            screenReport.files.first?.measurements.filter { $0.detector == "loudness" }
                == fullReport.files.first?.measurements.filter { $0.detector == "loudness" })
        #expect(screenReport.run?.screen?.screened == true)
        #expect(screenReport.run?.screen?.covered == Self.covered.split(separator: ",").map(String.init))
        #expect(screen.stderr.contains("avqc: --screen runs black, freeze, silence"), "\(screen.stderr)")
        #expect(screen.stderr.contains("; not blockiness, decode-error, truncation"), "\(screen.stderr)")
    }

    @Test func aCleanFileHasNoSpansEitherWay() throws {
        let dir = try temporaryDirectory("screen-clean")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("clean.mp4")
        try ffmpeg([
            "-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=12", "-f", "lavfi", "-i", "sine=f=300:d=12",
            "-c:v", "libx264", "-c:a", "aac", "-shortest", file.path,
        ])
        let (screen, report) = try avqcJSON(["-q", "--screen", file.path])
        #expect(screen.status == 0)
        #expect(report.files.first?.defects.isEmpty == true)
        #expect(report.files.first?.checks.map(\.detector).contains("black") == true)
    }

    @Test func uncoveredDetectorsFallBackToAFullAnalysisAndSaySo() throws {
        let sample = repositoryRoot.appendingPathComponent("Fixtures/sample.mp4").path
        let (run, report) = try avqcJSON(["--screen", "--detectors", "black,blockiness,decode-error", sample])
        #expect(
            run.stderr.contains("blockiness, decode-error are not covered by --screen; every file had a full analysis"))
        #expect(report.run?.screen?.screened == false)
        #expect(report.run?.screen?.covered == ["black"])
        let full = try avqcJSON(["--detectors", "black,blockiness,decode-error", sample]).1
        #expect(Self.spans(report) == Self.spans(full))
        #expect(!Self.spans(report).isEmpty)
        // Named outright and covered: screened, no note about left-out detectors.
        let (named, namedReport) = try avqcJSON(["--screen", "--detectors", "black,freeze", sample])
        #expect(namedReport.run?.screen?.screened == true)
        #expect(!named.stderr.contains("--screen runs"))
        #expect(Self.spans(namedReport) == Self.spans(try avqcJSON(["--detectors", "black,freeze", sample]).1))
    }
}
