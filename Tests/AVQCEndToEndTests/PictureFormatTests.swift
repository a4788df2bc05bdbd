import AVQCModel
import Foundation
import Testing

/// Black and freeze across pixel formats, ranges and the ends of streams.
@Suite struct PictureFormatTests {
    static let formats: [(name: String, codec: [String])] = [
        ("png-rgb24.mov", ["-c:v", "png", "-pix_fmt", "rgb24"]),
        ("ffv1-gray.mkv", ["-c:v", "ffv1", "-pix_fmt", "gray"]),
        ("ffv1-gray16.mkv", ["-c:v", "ffv1", "-pix_fmt", "gray16le"]),
        ("raw-nv12.nut", ["-c:v", "rawvideo", "-pix_fmt", "nv12"]),
        ("raw-yuyv422.nut", ["-c:v", "rawvideo", "-pix_fmt", "yuyv422"]),
        ("raw-p010.nut", ["-c:v", "rawvideo", "-pix_fmt", "p010le"]),
        ("ffv1-yuv444p12.mkv", ["-c:v", "ffv1", "-pix_fmt", "yuv444p12le"]),
    ]

    @Test(arguments: formats.map(\.name))
    func blackAndFreezeInEveryPixelFormat(name: String) throws {
        let dir = try temporaryDirectory("pixfmt")
        defer { try? FileManager.default.removeItem(at: dir) }
        let codec = try #require(Self.formats.first { $0.name == name }).codec
        let file = dir.appendingPathComponent(name)
        try ffmpeg(
            [
                "-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=10", "-filter_complex", TestClip.defects + "[v]",
                "-map", "[v]",
            ]
                + codec + [file.path])
        let (run, report) = try avqcJSON([file.path])
        #expect(run.status == 1, "\(run.stderr)")
        let black = report.defects("black")
        let freeze = report.defects("freeze")
        #expect(black.count == 1 && black.first?.startFrame == 50 && black.first?.endFrame == 125, "\(black)")
        #expect(freeze.count == 1 && freeze.first?.startFrame == 150 && freeze.first?.endFrame == 225, "\(freeze)")
    }

    /// A uniform picture at luma `code`, encoded with `output`.
    func uniform(_ file: URL, code: Int, pixelFormat: String, _ output: [String]) throws {
        try ffmpeg(
            [
                "-f", "lavfi", "-i", "color=c=black:s=320x180:r=25:d=3",
                "-vf", "format=\(pixelFormat),lutyuv=y=\(code)",
            ] + output + [file.path])
    }

    @Test func rangeComesFromThePixelFormatAndTheColorRangeFlag() throws {
        let dir = try temporaryDirectory("range")
        defer { try? FileManager.default.removeItem(at: dir) }
        // 8-bit code 30 / 10-bit code 120: black under the limited-range
        // threshold (37 / 151), not under the full-range one (25 / 102).
        let limited = dir.appendingPathComponent("limited.mp4")
        let yuvj = dir.appendingPathComponent("yuvj.mov")
        let limited10 = dir.appendingPathComponent("limited10.mkv")
        let flagged10 = dir.appendingPathComponent("full-flag10.mkv")
        let x265 = ["-c:v", "libx265", "-x265-params", "lossless=1:log-level=error"]
        try uniform(limited, code: 30, pixelFormat: "yuv420p", ["-c:v", "libx264", "-qp", "0"])
        try uniform(yuvj, code: 30, pixelFormat: "yuvj420p", ["-c:v", "mjpeg", "-q:v", "1"])
        try uniform(limited10, code: 120, pixelFormat: "yuv420p10le", x265)
        try uniform(flagged10, code: 120, pixelFormat: "yuv420p10le", x265 + ["-color_range", "pc"])

        #expect(try avqcJSON([limited.path]).1.defects("black").count == 1)
        #expect(try avqcJSON([yuvj.path]).1.defects("black").isEmpty)
        #expect(try avqcJSON([limited10.path]).1.defects("black").count == 1)
        #expect(try avqcJSON([flagged10.path]).1.defects("black").isEmpty)

        // FFmpeg 5.1's blackdetect agrees on the pixel formats but ignores the
        // color_range flag, so it calls the flagged full-range picture black.
        #expect(try FFmpegSpans.measure(limited, video: true, audio: false).black.count == 1)
        #expect(try FFmpegSpans.measure(yuvj, video: true, audio: false).black.isEmpty)
        #expect(try FFmpegSpans.measure(limited10, video: true, audio: false).black.count == 1)
        #expect(try FFmpegSpans.measure(flagged10, video: true, audio: false).black.count == 1)
    }

    @Test func spansOpenAtTheEndCloseThere() throws {
        let dir = try temporaryDirectory("tail")
        defer { try? FileManager.default.removeItem(at: dir) }
        let frozenTail = dir.appendingPathComponent("frozen-tail.mp4")
        let blackTail = dir.appendingPathComponent("black-tail.mp4")
        try ffmpeg([
            "-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=6",
            "-filter_complex", "[0:v]split[a][b];[a][b]freezeframes=first=75:last=149:replace=75[v]", "-map", "[v]",
            "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", frozenTail.path,
        ])
        try ffmpeg([
            "-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=6", "-vf", "drawbox=color=black:t=fill:enable='gte(n,75)'",
            "-c:v", "libx264", "-preset", "ultrafast", blackTail.path,
        ])

        let freeze = try avqcJSON([frozenTail.path]).1.defects("freeze")
        #expect(
            freeze.count == 1 && freeze.first?.startFrame == 75 && freeze.first?.endFrame == 150
                && freeze.first?.end == 6)
        // freezedetect drops a freeze that is still open at the end of the stream.
        #expect(try FFmpegSpans.measure(frozenTail, video: true, audio: false).freeze.isEmpty)

        let black = try avqcJSON([blackTail.path]).1.defects("black")
        #expect(black.count == 1 && black.first?.start == 3 && black.first?.end == 6 && black.first?.endFrame == 150)
        // blackdetect ends an open span at the last frame's start, one frame early.
        let ffmpegBlack = try FFmpegSpans.measure(blackTail, video: true, audio: false).black
        #expect(ffmpegBlack.count == 1 && abs((ffmpegBlack.first?.upperBound ?? 0) - 5.96) < 0.001)
    }
}
