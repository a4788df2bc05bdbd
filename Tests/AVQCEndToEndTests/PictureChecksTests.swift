import AVQCModel
import Foundation
import Testing

/// The broadcast picture checks (issue #12) on media made by ffmpeg with
/// their defects at known frames.
@Suite struct PictureChecksTests {
    /// Encodes `filter` (a lavfi graph) to H.264 at CRF 16 and analyzes it.
    func analyze(_ filter: String, name: String = "p.mp4", _ extra: [String] = []) throws -> RunReport {
        let dir = try temporaryDirectory("picture")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent(name)
        try ffmpeg(["-f", "lavfi", "-i", filter, "-c:v", "libx264", "-crf", "16", "-pix_fmt", "yuv420p", file.path])
        return try avqcJSON(extra + [file.path]).1
    }

    /// A box of `color` over grey that is lit `lit` frames of every `period`
    /// from frame `first` to frame `last`: transitions at first + k·period
    /// and first + k·period + lit.
    static func flashes(
        rate: String, period: Int, lit: Int, first: Int = 25, last: Int, color: String = "white",
        background: String = "0x303030", box: String = "w=iw:h=ih", seconds: Int = 6
    ) -> String {
        "color=c=\(background):s=320x180:r=\(rate):d=\(seconds),drawbox=x=0:y=0:\(box):color=\(color):t=fill:"
            + "enable='between(n,\(first),\(last))*lt(mod(n-\(first),\(period)),\(lit))'"
    }

    /// (frame rate, frames per second, frames per flash period): allowed and failed rates.
    static let rates: [(String, Double, Int, Bool)] = [
        ("25", 25, 9, false), ("25", 25, 6, true), ("50", 50, 18, false), ("50", 50, 12, true),
        ("30000/1001", 30000 / 1001, 10, false), ("30000/1001", 30000 / 1001, 7, true),
    ]

    @Test(arguments: rates)
    func pseFailsAboveThreeFlashesASecondWithinOneFrame(rate: String, fps: Double, period: Int, fails: Bool) throws {
        // Three seconds of flashing from frame 25 (short of the extended
        // rule's 4 s); the last transition is the last lit run's end.
        let last = 25 + 3 * Int(fps.rounded()) - 1
        let report = try analyze(Self.flashes(rate: rate, period: period, lit: period / 2, last: last))
        let spans = report.defects("pse")
        guard fails else {
            #expect(spans.isEmpty, "\(period) frames a flash at \(rate): \(spans)")
            return
        }
        try #require(spans.count == 1, "\(spans)")
        var transitions: [Int] = []
        var n = 25
        while n <= last {
            transitions.append(n)
            if n + period / 2 <= last + 1 { transitions.append(n + period / 2) }
            n += period
        }
        let lastTransition = try #require(transitions.last)
        #expect(abs(spans[0].start - 25 / fps) <= 1 / fps + 1e-6, "\(spans[0])")
        #expect(abs(spans[0].end - Double(lastTransition + 1) / fps) <= 1 / fps + 1e-6, "\(spans[0])")
        #expect(spans[0].startFrame == 25)
        #expect(spans[0].details["rule"] == .string("general"))
    }

    @Test func pseRedOnlyFlashesAndTheStrictAreaRule() throws {
        // Dark saturated red (R′ 140/255) against black: about 11 cd/m², under
        // the general rule, but a red change of 85.
        let red = try analyze(
            Self.flashes(rate: "25", period: 6, lit: 3, last: 124, color: "0x8C0000", background: "black"))
        #expect(red.defects("pse").map(\.details["rule"]) == [.string("red")])
        // A 160x80 box is 22 % of 320x180: it passes the 25 % rule and fails the 20 % one.
        let box = Self.flashes(rate: "25", period: 6, lit: 3, last: 124, box: "w=160:h=80")
        #expect(try analyze(box).defects("pse").isEmpty)
        let strict = try analyze(box, ["--set", "pse.area=20%"]).defects("pse")
        #expect(strict.count == 1)
        if case .number(let area)? = strict.first?.details["flashingArea"] {
            #expect(abs(area - 0.222) < 0.03)
        } else {
            Issue.record("no flashingArea")
        }
    }

    @Test func pseSpanInEveryReportFormat() throws {
        let dir = try temporaryDirectory("pse-formats")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("flash.mkv")
        try ffmpeg([
            "-f", "lavfi", "-i", Self.flashes(rate: "25", period: 6, lit: 3, last: 124), "-c:v", "ffv1", file.path,
        ])
        let paths = ["txt", "json", "csv", "xml"].map { dir.appendingPathComponent("r.\($0)").path }
        let run = try avqc([
            "--detectors", "pse", "-q", "-o", paths[0], "--report", "json=\(paths[1])", "--report",
            "csv=\(paths[2])", "--report", "junit=\(paths[3])", file.path,
        ])
        #expect(run.status == 1)
        let text = try String(contentsOfFile: paths[0], encoding: .utf8)
        #expect(text.contains("pse") && text.contains("rule=general") && text.contains("00:00:01.000"))
        let json = try String(contentsOfFile: paths[1], encoding: .utf8)
        #expect(json.contains("\"flashesPerSecond\"") && json.contains("\"detector\" : \"pse\""))
        let csv = try String(contentsOfFile: paths[2], encoding: .utf8)
        #expect(csv.split(separator: "\n").contains { $0.contains(",pse,") })
        let junit = try String(contentsOfFile: paths[3], encoding: .utf8)
        #expect(junit.contains("pse"))
    }
}
