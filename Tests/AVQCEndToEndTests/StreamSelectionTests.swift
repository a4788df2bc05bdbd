import AVQCModel
import Foundation
import Testing

/// Every audio and video stream is analyzed on its own; attached pictures are not.
@Suite struct StreamSelectionTests {
    @Test func eachAudioStreamIsAnalyzedSeparately() throws {
        let dir = try temporaryDirectory("streams")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("two-tracks.mkv")
        try ffmpeg([
            "-f", "lavfi", "-i", "testsrc2=s=160x90:r=25:d=10",
            "-f", "lavfi", "-i", "aevalsrc='if(between(t,1,4),0,0.5*sin(2*PI*440*t))':s=48000:d=10",
            "-f", "lavfi", "-i", "aevalsrc='if(between(t,5,8),0,0.5*sin(2*PI*330*t))':s=44100:d=10",
            "-map", "0", "-map", "1", "-map", "2", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "flac", file.path,
        ])
        let (_, report) = try avqcJSON([file.path])
        let checks = try #require(report.files.first).checks
        #expect(checks.filter { $0.detector == "silence" }.map(\.streamIndex) == [1, 2])
        let silence = report.defects("silence")
        #expect(silence.map(\.streamIndex) == [1, 2])
        #expect(abs(silence[0].start - 1) < 0.001 && abs(silence[0].end - 4) < 0.001)
        #expect(abs(silence[1].start - 5) < 0.001 && abs(silence[1].end - 8) < 0.001)
    }

    @Test func coverArtIsNotAVideoStream() throws {
        let dir = try temporaryDirectory("cover")
        defer { try? FileManager.default.removeItem(at: dir) }
        let cover = dir.appendingPathComponent("cover.png")
        let song = dir.appendingPathComponent("song.mp3")
        try ffmpeg(["-f", "lavfi", "-i", "color=c=black:s=64x64", "-frames:v", "1", cover.path])
        try ffmpeg([
            "-f", "lavfi", "-i", "sine=f=440:d=6", "-i", cover.path, "-map", "0", "-map", "1", "-c:a", "libmp3lame",
            "-c:v", "copy", "-id3v2_version", "3", "-disposition:v", "attached_pic", song.path,
        ])
        let (run, report) = try avqcJSON([song.path])
        #expect(run.status == 0, "\(run.stdout)")
        let file = try #require(report.files.first)
        #expect(file.streams.map(\.type) == [.audio])
        #expect(file.checks.contains { $0.detector == "silence" })
        #expect(!file.checks.contains { ["black", "freeze", "blockiness"].contains($0.detector) })
        #expect(file.checks.allSatisfy { $0.streamIndex == 0 })
    }
}
