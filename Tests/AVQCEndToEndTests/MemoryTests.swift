import Foundation
import Testing

/// Memory stays flat with file length: avqc streams, it never holds a file's frames.
@Suite struct MemoryTests {
    func peakKilobytes(_ file: URL) throws -> Int {
        let run = try execute("/usr/bin/time", ["-f", "%M", avqcBinary, "-q", file.path])
        #expect(run.status == 0 || run.status == 1, "\(run.stderr)")
        return Int(run.stderr.split(separator: "\n").last.map(String.init) ?? "") ?? -1
    }

    @Test func peakMemoryDoesNotGrowWithDuration() throws {
        let dir = try temporaryDirectory("memory")
        defer { try? FileManager.default.removeItem(at: dir) }
        var peaks: [Int] = []
        for seconds in [5, 60] {
            let file = dir.appendingPathComponent("\(seconds).mkv")
            try ffmpeg([
                "-f", "lavfi", "-i", "testsrc2=s=640x360:r=25:d=\(seconds)", "-f", "lavfi", "-i",
                "sine=f=440:d=\(seconds)",
                "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "flac", file.path,
            ])
            peaks.append(try peakKilobytes(file))
        }
        #expect(peaks.allSatisfy { $0 > 0 })
        // 12x the frames, at most 15% more memory (allocator noise).
        #expect(Double(peaks[1]) <= Double(peaks[0]) * 1.15, "peak RSS \(peaks[0]) kB for 5 s, \(peaks[1]) kB for 60 s")
    }
}
