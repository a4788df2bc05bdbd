import AVQCModel
import Foundation
import Testing

/// The video-integrity detectors on media with defects at known frames:
/// within one frame (blockiness within 0.25 s) of the truth.
@Suite struct IntegrityTests {
    static let frame = 0.04

    @Test func droppedFramesWithTimestampsKept() throws {
        let dir = try temporaryDirectory("dropped")
        defer { try? FileManager.default.removeItem(at: dir) }
        // Frames 100-109 removed, the others keep their times: a 0.4 s hole at 4.0 s.
        let file = try IntegrityMedia.make(
            dir, "dropped.mkv",
            [
                "-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=10", "-vf", "select='not(between(n\\,100\\,109))'",
                "-fps_mode", "passthrough", "-c:v", "libx264", "-preset", "ultrafast",
            ])
        let (run, report) = try avqcJSON([file.path])
        #expect(run.status == 1)
        let gaps = report.defects("timestamp-gap")
        #expect(gaps.count == 1, "\(gaps)")
        let gap = try #require(gaps.first)
        #expect(abs(gap.start - 4.0) < 0.001 && abs(gap.end - 4.4) < 0.001)
        #expect(gap.startFrame == 100 && gap.endFrame == 100)
        #expect(gap.details["missingFrames"] == .integer(10))
        #expect(gap.details["frameRateMode"] == .string("constant"))
        #expect(report.files[0].defects.allSatisfy { $0.detector == "timestamp-gap" })
    }

    @Test func variableFrameRateIsNotAGap() throws {
        let dir = try temporaryDirectory("vfr")
        defer { try? FileManager.default.removeItem(at: dir) }
        // Jittered frame times (±12 ms) and a 1.5 s pause, as a screen recording has.
        let file = try IntegrityMedia.make(
            dir, "vfr.mkv",
            [
                "-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=10",
                "-vf", "settb=1/1000,setpts='(N/25+0.012*sin(N)+1.5*gte(N\\,120))/TB'",
                "-fps_mode", "passthrough", "-enc_time_base", "1/1000", "-c:v", "libx264", "-preset", "ultrafast",
            ])
        let (run, report) = try avqcJSON([file.path])
        #expect(run.status == 0, "\(report.files.first?.defects ?? [])")
        // Read as a constant-rate stream, the pause would be a gap: the rule is what spares it.
        let (_, forced) = try avqcJSON(["--set", "timestamp-gap.regular-share=0", file.path])
        let gap = try #require(forced.defects("timestamp-gap").first)
        #expect(abs(gap.end - gap.start - 1.51) < 0.02)
    }

    @Test func audioTimelineHole() throws {
        let dir = try temporaryDirectory("agap")
        defer { try? FileManager.default.removeItem(at: dir) }
        // The sine source makes 1024-sample frames at 44.1 kHz; frames starting
        // within 4.0-4.1 s are dropped and the rest keep their times.
        let file = try IntegrityMedia.make(
            dir, "hole.mkv",
            ["-f", "lavfi", "-i", "sine=f=440:d=10", "-af", "aselect='not(between(t\\,4\\,4.1))'", "-c:a", "pcm_s16le"])
        let frame = 1024.0 / 44_100
        let firstDropped = (4.0 / frame).rounded(.up) * frame
        let firstKept = ((4.1 / frame).rounded(.down) + 1) * frame
        let (run, report) = try avqcJSON([file.path])
        #expect(run.status == 1)
        let gap = try #require(report.defects("timestamp-gap").first)
        #expect(abs(gap.start - firstDropped) < 0.002 && abs(gap.end - firstKept) < 0.002, "\(gap)")
        #expect(report.defects("timestamp-gap").count == 1)
    }

    @Test(arguments: ["mp4", "mkv", "ts"])
    func overwrittenBytesAreDecodeErrors(container: String) throws {
        let dir = try temporaryDirectory("damage")
        defer { try? FileManager.default.removeItem(at: dir) }
        let clean = try IntegrityMedia.make(
            dir, "clean.\(container)",
            [
                "-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=10", "-f", "lavfi", "-i",
                "sine=f=440:d=10:sample_rate=48000",
                "-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-c:a", "aac",
            ])
        let damaged = dir.appendingPathComponent("damaged.\(container)")
        let hit = try IntegrityMedia.damage(clean, into: damaged, at: [(0, 4.0), (1, 6.0)])
        let (run, report) = try avqcJSON([damaged.path])
        #expect(run.status == 1, "\(run.stderr)")
        let file = try #require(report.files.first)
        #expect(file.status == .fail)
        // The rest of the file is still analyzed, to its end.
        #expect((file.durationSeconds ?? 0) >= 9.9)
        let errors = report.defects("decode-error")
        let video = errors.filter { $0.streamIndex == 0 }
        let audio = errors.filter { $0.streamIndex == 1 }
        #expect(!video.isEmpty && !audio.isEmpty, "\(errors)")
        for defect in errors {
            #expect((defect.details["errors"].flatMap { if case .integer(let n) = $0 { n } else { nil } } ?? 0) > 0)
            if case .strings(let messages) = defect.details["messages"] { #expect(!messages.isEmpty) }
        }
        if container != "ts" {
            // In MP4 and MKV ffprobe's byte positions are the packets' own: the
            // damaged frame and block are known. (In a transport stream a packet
            // is spread over many 188-byte packets, so the hit is not.)
            let videoTime = try #require(hit[0])
            let audioTime = try #require(hit[1])
            #expect(video.contains { abs($0.start - videoTime) <= Self.frame + 0.001 }, "\(video) vs \(videoTime)")
            #expect(audio.contains { abs($0.start - audioTime) <= 0.05 }, "\(audio) vs \(audioTime)")
        }
        // A clean copy has no such defect.
        #expect(try avqcJSON([clean.path]).1.files[0].defects.isEmpty)
    }

    @Test(arguments: ["mp4", "mkv", "ts"])
    func fileCutAtFiftyFivePercentIsATruncationFailNotAnError(container: String) throws {
        let dir = try temporaryDirectory("cut")
        defer { try? FileManager.default.removeItem(at: dir) }
        // MP4 with its index first (faststart); cut without it, nothing is readable (see BadInputTests).
        let full = try IntegrityMedia.make(
            dir, "full.\(container)",
            [
                "-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=10", "-f", "lavfi", "-i",
                "sine=f=440:d=10:sample_rate=48000",
                "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-movflags", "+faststart",
            ])
        let data = try Data(contentsOf: full)
        var length = data.count * 55 / 100
        if length % 188 == 0 { length += 1 }
        let cut = dir.appendingPathComponent("cut.\(container)")
        try data.prefix(length).write(to: cut)
        let (run, report) = try avqcJSON([cut.path])
        let file = try #require(report.files.first)
        #expect(run.status == 1, "\(file)")
        #expect(file.status == .fail && file.error == nil)
        let truncations = report.defects("truncation")
        #expect(Set(truncations.map(\.streamIndex)) == [0, 1], "\(truncations)")
        for defect in truncations {
            // Analyzed up to the cut (about 55% of 10 s), then reported from there.
            #expect(defect.start > 4.5 && defect.start < 6.5)
            if container != "ts" {
                #expect(abs(defect.end - 10) < 0.1)  // the declared end
            }
        }
        // The uncut file has no truncation.
        #expect(try avqcJSON([full.path]).1.defects("truncation").isEmpty)
    }

    @Test func spliceOfTwoResolutionsAndSampleRates() throws {
        let dir = try temporaryDirectory("splice")
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try IntegrityMedia.make(
            dir, "a.ts",
            [
                "-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=4", "-f", "lavfi", "-i",
                "sine=f=440:d=4:sample_rate=48000",
                "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "mp2",
            ])
        let second = try IntegrityMedia.make(
            dir, "b.ts",
            [
                "-f", "lavfi", "-i", "testsrc2=s=640x360:r=25:d=4", "-f", "lavfi", "-i",
                "sine=f=440:d=4:sample_rate=44100",
                "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "mp2",
            ])
        let spliced = try IntegrityMedia.concat(dir, "spliced.ts", [first, second])
        let (run, report) = try avqcJSON([spliced.path])
        #expect(run.status == 1)
        let changes = report.defects("format-change")
        let video = try #require(changes.first { $0.streamIndex == 0 })
        let audio = try #require(changes.first { $0.streamIndex == 1 })
        #expect(changes.count == 2)
        #expect(video.startFrame == 100 && video.endFrame == 200)
        #expect(abs(video.start - 4.0) <= Self.frame)
        #expect(
            video.details["from"] == .string("320x180 yuv420p") && video.details["to"] == .string("640x360 yuv420p"))
        #expect(abs(audio.start - video.start) <= 0.05)  // one MP2 frame is 24-26 ms
        #expect(audio.details["to"] == .string("44100 Hz mono"))
        #expect(abs(audio.end - 8.0) <= 0.1)
    }

    @Test func lowBitrateSegmentBetweenTwoCleanOnes() throws {
        let dir = try temporaryDirectory("blocky")
        defer { try? FileManager.default.removeItem(at: dir) }
        // Zooming Mandelbrot at 640x360: MJPEG at quality 2, then 31 (starved), then 2.
        func part(_ name: String, _ quality: Int, _ from: Int) throws -> URL {
            try IntegrityMedia.make(
                dir, name,
                [
                    "-f", "lavfi", "-i", "mandelbrot=s=640x360:r=25", "-t", "12",
                    "-vf", "trim=\(from):\(from + 4),setpts=PTS-STARTPTS", "-pix_fmt", "yuvj420p", "-c:v", "mjpeg",
                    "-q:v", String(quality),
                ])
        }
        let file = try IntegrityMedia.concat(
            dir, "blocky.mkv", [try part("a.avi", 2, 0), try part("b.avi", 31, 4), try part("c.avi", 2, 8)])
        let (run, report) = try avqcJSON([file.path])
        #expect(run.status == 1)
        let spans = report.defects("blockiness")
        #expect(spans.count == 1, "\(spans)")
        let span = try #require(spans.first)
        #expect(abs(span.start - 4) <= 0.25 && abs(span.end - 8) <= 0.25, "\(span)")

        // FFmpeg's blockdetect on the same file: it ranks the starved part above
        // the clean start, but on zooming fractal content its score stays high
        // after the starved part ends, so it does not separate the last part.
        let scores = try blockdetectScores(file)
        func mean(_ range: Range<Double>) -> Double {
            let values = scores.filter { range.contains($0.time) }.map(\.score)
            return values.reduce(0, +) / Double(max(1, values.count))
        }
        let (head, starved, tail) = (mean(0..<4), mean(4..<8), mean(8..<12))
        #expect(starved > head)
        print("blockdetect means: clean 0-4 s \(head), starved 4-8 s \(starved), clean 8-12 s \(tail)")
    }

    func blockdetectScores(_ file: URL) throws -> [(time: Double, score: Double)] {
        let out = file.deletingLastPathComponent().appendingPathComponent("blockdetect.txt")
        try ffmpeg([
            "-i", file.path, "-vf", "blockdetect,metadata=mode=print:key=lavfi.block:file=\(out.path)", "-f", "null",
            "-",
        ])
        var scores: [(Double, Double)] = []
        var time = 0.0
        for line in try String(contentsOf: out, encoding: .utf8).split(separator: "\n") {
            if let range = line.range(of: "pts_time:") {
                time = Double(line[range.upperBound...].prefix { !$0.isWhitespace }) ?? time
            }
            if line.hasPrefix("lavfi.block="), let score = Double(line.dropFirst("lavfi.block=".count)) {
                scores.append((time, score))
            }
        }
        return scores
    }
}
