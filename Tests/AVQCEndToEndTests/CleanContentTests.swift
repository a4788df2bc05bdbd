import AVQCModel
import Foundation
import Testing

/// No false positives from the integrity detectors on clean encodes of varied
/// content (lavfi sources at 640x360, 2 s) at normal quality, across codecs.
@Suite struct CleanContentTests {
    static let sources = [
        "testsrc2=s=640x360:r=25", "smptehdbars=s=640x360:r=25", "mandelbrot=s=640x360:r=25",
        "life=s=640x360:r=25:mold=10:ratio=0.1:death_color=#202020", "cellauto=s=640x360:r=25",
        "nullsrc=s=640x360:r=25,geq=random(1)*255:128:128", "gradients=s=640x360:r=25:speed=0.05:seed=14",
    ]

    static let codecs: [(name: String, container: String, arguments: [String])] = [
        ("h264", "mp4", ["-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "veryfast", "-crf", "23"]),
        (
            "hevc", "mp4",
            ["-pix_fmt", "yuv420p", "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error"]
        ),
        (
            "vp9", "webm",
            // Constant quality: at a fixed 1 Mb/s the noise and cellular-automaton sources starve
            // VP9 to qindex 242-255 (visibly broken), which blockiness rightly reports.
            [
                "-pix_fmt", "yuv420p", "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-crf", "32",
                "-b:v", "0",
            ]
        ),
        ("mpeg2", "ts", ["-pix_fmt", "yuv420p", "-c:v", "mpeg2video", "-q:v", "4"]),
        ("mjpeg", "avi", ["-pix_fmt", "yuvj420p", "-c:v", "mjpeg", "-q:v", "3"]),
        ("prores", "mov", ["-c:v", "prores_ks", "-profile:v", "2"]),
    ]

    static let integrityDetectors: Set<String> = [
        "blockiness", "decode-error", "truncation", "timestamp-gap", "format-change",
    ]

    @Test(arguments: codecs.map(\.name))
    func cleanEncodesRaiseNoIntegrityDefect(codec: String) throws {
        let spec = try #require(Self.codecs.first { $0.name == codec })
        let dir = try temporaryDirectory("clean-\(codec)")
        defer { try? FileManager.default.removeItem(at: dir) }
        var files: [String] = []
        for (index, source) in Self.sources.enumerated() {
            let file = dir.appendingPathComponent("\(index).\(spec.container)")
            try ffmpeg(["-f", "lavfi", "-i", source, "-t", "2"] + spec.arguments + [file.path])
            files.append(file.path)
        }
        let (run, report) = try avqcJSON([
            "--detectors", Self.integrityDetectors.sorted().joined(separator: ","), dir.path,
        ])
        #expect(report.files.count == Self.sources.count)
        #expect(report.files.allSatisfy { $0.status == .pass }, "\(report.files.filter { $0.status != .pass })")
        #expect(run.status == 0)
    }
}
