import AVQCModel
import Foundation
import Testing

/// Audio/video sync: stream alignment from timestamps, and offsets measured
/// from flash-and-beep patterns (made with `avqc pattern`, then re-encoded
/// with the ffmpeg CLI as a transcoder would).
@Suite struct SyncTests {
    func pattern(_ dir: URL, _ name: String, fps: String = "25", offset: Double = 0, duration: Int = 20) throws -> URL {
        let url = dir.appendingPathComponent(name)
        let run = try avqc([
            "pattern", "--duration", String(duration), "--fps", fps, "--offset", String(offset), "--size", "320x180",
            url.path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        return url
    }

    func sync(_ url: URL) throws -> (values: [String: DetailValue], defects: [Defect]) {
        let (_, report) = try avqcJSON(["--detectors", "av-sync,stream-alignment", url.path])
        let file = try #require(report.files.first)
        return (file.measurements.first { $0.detector == "av-sync" }?.values ?? [:], file.defects)
    }

    func number(_ value: DetailValue?) -> Double? {
        switch value {
        case .number(let x): return x
        case .integer(let x): return Double(x)
        default: return nil
        }
    }

    @Test(arguments: [
        (0.12, "25", "mp4"), (-0.04, "25", "mov"), (0.0, "25", "ts"), (0.12, "29.97", "mp4"),
        (0.0, "50", "mov"), (-0.04, "29.97", "ts"),
    ])
    func offsetsWithinFiveMilliseconds(offset: Double, fps: String, container: String) throws {
        let dir = try temporaryDirectory("sync")
        defer { try? FileManager.default.removeItem(at: dir) }
        let reference = try pattern(dir, "ref.mkv", fps: fps, offset: offset)
        let encoded = dir.appendingPathComponent("out.\(container)")
        try ffmpeg([
            "-i", reference.path, "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac",
            "-b:a", "128k", encoded.path,
        ])
        let (values, defects) = try sync(encoded)
        let measured = try #require(number(values["offsetSeconds"]), "no pattern found in \(container) at \(fps)")
        #expect(abs(measured - offset) <= 0.005, "\(fps) fps \(container): \(measured) vs \(offset)")
        #expect((number(values["events"]) ?? 0) >= 15)
        let outOfWindow = offset > 0.06 || offset < -0.04
        #expect(defects.contains { $0.detector == "av-sync" } == outOfWindow, "\(defects)")
    }

    @Test func reencodedWithInsertedDelaysIsMeasured() throws {
        let dir = try temporaryDirectory("delay")
        defer { try? FileManager.default.removeItem(at: dir) }
        let reference = try pattern(dir, "ref.mkv")
        // adelay: audio 100 ms late.
        let delayed = dir.appendingPathComponent("adelay.mp4")
        try ffmpeg([
            "-i", reference.path, "-af", "adelay=100:all=1", "-c:v", "libx264", "-preset", "veryfast", "-c:a", "aac",
            delayed.path,
        ])
        #expect(abs((number(try sync(delayed).values["offsetSeconds"]) ?? 0) - 0.1) <= 0.005)
        // -itsoffset on the video input: video 80 ms late, i.e. audio 80 ms early.
        let shifted = dir.appendingPathComponent("itsoffset.mkv")
        try ffmpeg([
            "-itsoffset", "0.08", "-i", reference.path, "-i", reference.path, "-map", "0:v", "-map", "1:a",
            "-c:v", "libx264", "-preset", "veryfast", "-c:a", "aac", shifted.path,
        ])
        let (values, defects) = try sync(shifted)
        #expect(abs((number(values["offsetSeconds"]) ?? 0) + 0.08) <= 0.005, "\(values)")
        #expect(defects.contains { $0.detector == "av-sync" })
    }

    @Test func driftIsReportedFromWhereItLeavesTheWindow() throws {
        let dir = try temporaryDirectory("drift")
        defer { try? FileManager.default.removeItem(at: dir) }
        let reference = try pattern(dir, "ref.mkv", duration: 60)
        // Audio played 0.2% slow: 120 ms per minute of drift, late by 60 ms after 30 s.
        let drifting = dir.appendingPathComponent("drift.mkv")
        try ffmpeg([
            "-i", reference.path, "-af", "asetrate=47904,aresample=48000", "-c:v", "copy", "-c:a", "pcm_s16le",
            drifting.path,
        ])
        let (values, defects) = try sync(drifting)
        let drift = try #require(number(values["driftMsPerMinute"]))
        #expect(abs(drift - 120) <= 6, "\(drift)")
        let span = try #require(defects.first { $0.detector == "av-sync" })
        #expect(span.start >= 28 && span.start <= 33, "\(span)")  // 60 ms lag reached at 30 s
    }

    @Test func streamAlignmentCatchesLateStartsAndEarlyEnds() throws {
        let dir = try temporaryDirectory("align")
        defer { try? FileManager.default.removeItem(at: dir) }
        let late = dir.appendingPathComponent("late.mp4")
        try ffmpeg([
            "-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=10", "-itsoffset", "0.5", "-f", "lavfi", "-i",
            "sine=f=440:d=9.5",
            "-map", "0", "-map", "1", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", late.path,
        ])
        let start = try #require(try sync(late).defects.first { $0.detector == "stream-alignment" })
        #expect(start.details["edge"] == .string("start"))
        // The start is the first sample after the AAC priming that the MP4 edit list skips:
        // 0.500 s (best_effort_timestamp, before the skip, read 0.476 s).
        #expect(abs(start.start) < 0.001 && abs(start.end - 0.5) <= 0.002, "\(start)")

        let short = dir.appendingPathComponent("short.mkv")
        try ffmpeg([
            "-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=10", "-f", "lavfi", "-i", "sine=f=440:d=8",
            "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "flac", short.path,
        ])
        let end = try #require(try sync(short).defects.first { $0.detector == "stream-alignment" })
        #expect(end.details["edge"] == .string("end"))
        #expect(abs(end.start - 8) <= 0.05 && abs(end.end - 10) <= 0.05, "\(end)")
        #expect(abs((number(end.details["differenceSeconds"]) ?? 0) + 2) <= 0.05)
    }

    @Test func contentWithoutAPatternHasNoSyncResult() throws {
        let dir = try temporaryDirectory("nosync")
        defer { try? FileManager.default.removeItem(at: dir) }
        let cases: [(String, [String])] = [
            // Ordinary test sources.
            (
                "testsrc.mp4",
                ["-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=12", "-f", "lavfi", "-i", "sine=f=440:d=12"]
            ),
            // Video that flickers (bright every 12 frames), audio without beeps.
            (
                "flicker.mkv",
                [
                    "-f", "lavfi", "-i",
                    "color=c=0x303030:s=320x180:r=25:d=12,drawbox=t=fill:c=white:enable='eq(mod(n\\,12)\\,0)'",
                    "-f", "lavfi", "-i", "anoisesrc=d=12:c=pink:a=0.1",
                ]
            ),
            // Beeps without any flash.
            (
                "beeps.mkv",
                [
                    "-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=12",
                    "-f", "lavfi", "-i", "aevalsrc='0.3*sin(2*PI*1000*t)*lt(mod(t\\,1)\\,0.04)':s=48000:d=12",
                ]
            ),
            // Scene cuts with sound: bright and dark scenes alternating every 2 s, a beep at each cut.
            (
                "cuts.mkv",
                [
                    "-f", "lavfi", "-i",
                    "color=c=0x202020:s=320x180:r=25:d=12,drawbox=t=fill:c=white:enable='gte(mod(t\\,4)\\,2)'",
                    "-f", "lavfi", "-i", "aevalsrc='0.3*sin(2*PI*1000*t)*lt(mod(t\\,2)\\,0.05)':s=48000:d=12",
                ]
            ),
        ]
        for (name, inputs) in cases {
            let file = dir.appendingPathComponent(name)
            try ffmpeg(inputs + ["-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", file.path])
            let (values, defects) = try sync(file)
            #expect(values.isEmpty, "\(name): \(values)")
            #expect(!defects.contains { $0.detector == "av-sync" }, "\(name)")
        }
        // Nor the clean codec matrix.
        for clip in TestClip.matrix where clip.hasVideo {
            let (values, defects) = try sync(try clip.url())
            #expect(values.isEmpty && !defects.contains { $0.detector == "av-sync" }, "\(clip.name)")
        }
    }
}
