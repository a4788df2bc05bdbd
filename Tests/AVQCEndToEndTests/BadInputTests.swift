import AVQCModel
import Foundation
import Testing

/// Inputs that cannot be analyzed get a clear, named error; the batch goes on;
/// nothing crashes.
@Suite struct BadInputTests {
    let sample = repositoryRoot.appendingPathComponent("Fixtures/sample.mp4")

    func expectError(_ path: String, kind: String, messageContains: String) throws {
        let (run, report) = try avqcJSON([path])
        #expect(run.status == 3, "\(run.stderr)")
        let file = try #require(report.files.first)
        #expect(file.status == .error)
        #expect(file.error?.kind.rawValue == kind, "\(String(describing: file.error))")
        #expect(file.error?.message.hasPrefix(path) == true)
        #expect(file.error?.message.contains(messageContains) == true, "\(String(describing: file.error))")
        #expect(run.stderr.contains(path), "stderr should name the file: \(run.stderr)")
    }

    @Test func missingFile() throws {
        try expectError("/nonexistent/clip.mp4", kind: "not-found", messageContains: "no such file")
    }

    @Test func emptyFile() throws {
        let dir = try temporaryDirectory("empty")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("empty.mp4").path
        FileManager.default.createFile(atPath: path, contents: Data())
        try expectError(path, kind: "empty", messageContains: "empty")
    }

    @Test func notMedia() throws {
        let dir = try temporaryDirectory("text")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("notes.mp4").path
        FileManager.default.createFile(
            atPath: path, contents: Data(String(repeating: "not a video\n", count: 500).utf8))
        try expectError(path, kind: "not-media", messageContains: "not a recognizable media file")
    }

    @Test func truncatedWithIndexAtTheEnd() throws {
        // Without faststart the MP4 index (moov) comes last: cut it off and nothing can be decoded.
        let dir = try temporaryDirectory("trunc")
        defer { try? FileManager.default.removeItem(at: dir) }
        let full = dir.appendingPathComponent("full.mp4")
        try ffmpeg([
            "-f", "lavfi", "-i", "testsrc2=s=160x90:r=25:d=4", "-c:v", "libx264", "-preset", "ultrafast", full.path,
        ])
        let data = try Data(contentsOf: full)
        let cut = dir.appendingPathComponent("cut.mp4")
        try data.prefix(data.count / 2).write(to: cut)
        try expectError(cut.path, kind: "not-media", messageContains: "not a recognizable media file")
    }

    @Test func truncatedWithIndexFirstIsAnalyzedUpToTheCut() throws {
        // The committed sample has its index first: a cut at 55% still decodes up to the cut.
        let dir = try temporaryDirectory("trunc2")
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = try Data(contentsOf: sample)
        let cut = dir.appendingPathComponent("cut.mp4")
        try data.prefix(data.count * 55 / 100).write(to: cut)
        let (run, report) = try avqcJSON([cut.path])
        #expect(run.status == 1 || run.status == 3, "\(run.stderr)")
        let file = try #require(report.files.first)
        // The black span at 2-5 s lies before the cut and is still found.
        #expect(file.defects.contains { $0.detector == "black" && $0.startFrame == 50 })
    }

    @Test func corruptedBytesDoNotStopTheAnalysis() throws {
        let dir = try temporaryDirectory("corrupt")
        defer { try? FileManager.default.removeItem(at: dir) }
        let ts = dir.appendingPathComponent("clean.ts")
        try ffmpeg([
            "-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=8", "-f", "lavfi", "-i", "sine=f=440:d=8",
            "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", ts.path,
        ])
        var data = try Data(contentsOf: ts)
        var generator = SystemRandomNumberGenerator()
        for offset in stride(from: data.count / 3, to: data.count * 2 / 3, by: 4096) {
            for i in 0..<64 { data[offset + i] = UInt8.random(in: 0...255, using: &generator) }
        }
        let damaged = dir.appendingPathComponent("damaged.ts")
        try data.write(to: damaged)
        let (run, report) = try avqcJSON([damaged.path])
        #expect([0, 1, 3].contains(run.status), "crashed? status \(run.status): \(run.stderr)")
        let file = try #require(report.files.first)
        #expect(file.streams.count == 2)
        #expect(file.durationSeconds ?? 0 > 7)
    }

    @Test func unsupportedCodec() throws {
        // A WAV whose format tag (0x7A7A) no FFmpeg decoder knows.
        let dir = try temporaryDirectory("codec")
        defer { try? FileManager.default.removeItem(at: dir) }
        func le32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
        func le16(_ v: UInt16) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
        let payload = [UInt8](repeating: 0x55, count: 48_000)
        var bytes: [UInt8] = Array("RIFF".utf8) + le32(UInt32(36 + payload.count)) + Array("WAVE".utf8)
        bytes +=
            Array("fmt ".utf8) + le32(16) + le16(0x7A7A) + le16(2) + le32(48_000) + le32(192_000) + le16(4) + le16(16)
        bytes += Array("data".utf8) + le32(UInt32(payload.count)) + payload
        let path = dir.appendingPathComponent("odd.wav").path
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        try expectError(path, kind: "unsupported-codec", messageContains: "no decoder")
    }

    @Test func unreadableFile() throws {
        let dir = try temporaryDirectory("perm")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("locked.mp4").path
        try FileManager.default.copyItem(atPath: sample.path, toPath: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: path)
        if getuid() == 0 {
            // root reads anything: the file is analyzed normally.
            #expect(try avqc(["-q", path]).status == 1)
        } else {
            try expectError(path, kind: "unreadable", messageContains: "permission denied")
        }
    }

    @Test func aBadFileInAFolderSetsExitThreeAndTheRestIsReported() throws {
        let dir = try temporaryDirectory("batch")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(at: sample, to: dir.appendingPathComponent("a.mp4"))
        FileManager.default.createFile(atPath: dir.appendingPathComponent("b.mkv").path, contents: Data("garbage".utf8))
        try FileManager.default.copyItem(at: sample, to: dir.appendingPathComponent("c.mov"))
        let (run, report) = try avqcJSON(["-j", "2", dir.path])
        #expect(run.status == 3)
        #expect(report.files.map { URL(fileURLWithPath: $0.path).lastPathComponent } == ["a.mp4", "b.mkv", "c.mov"])
        #expect(report.files.map(\.status) == [.fail, .error, .fail])
        #expect(report.summary.errors == 1 && report.summary.failed == 2 && report.summary.defects == 6)
    }
}
