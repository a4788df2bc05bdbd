import AVQCModel
import AVQCReports
import Foundation
import Testing

/// The HTML report of the committed sample, end to end: spans on their
/// lanes, thumbnails from inside each span (decoded back and measured), the
/// embedded JSON equal to `-f json`.
@Suite(.serialized) struct HTMLReportTests {
    struct Picture {
        var defect: String
        var role: String
        var time: Double
        var jpeg: Data
    }

    /// Every thumbnail in `html`, with the detector of the card it is in.
    static func pictures(in html: String) -> [Picture] {
        var result: [Picture] = []
        for card in html.components(separatedBy: "<article class=\"card").dropFirst() {
            guard let detector = card.firstMatch(of: /<\/span> ([a-z-]+) ·/)?.1 else { continue }
            for match in card.matches(of: /base64,([A-Za-z0-9+\/=]+)"[^>]*data-role="([a-z]+)" data-time="([0-9.]+)"/) {
                guard let data = Data(base64Encoded: String(match.1)), let time = Double(match.3) else { continue }
                result.append(Picture(defect: String(detector), role: String(match.2), time: time, jpeg: data))
            }
        }
        return result
    }

    /// The mean luma of a JPEG, decoded by the ffmpeg CLI (0–255).
    static func meanLuma(_ jpeg: Data, in dir: URL) throws -> Double {
        let file = dir.appendingPathComponent("\(UUID().uuidString).jpg")
        try jpeg.write(to: file)
        let raw = dir.appendingPathComponent("\(UUID().uuidString).gray")
        try ffmpeg(["-i", file.path, "-f", "rawvideo", "-pix_fmt", "gray", raw.path])
        let bytes = [UInt8](try Data(contentsOf: raw))
        return bytes.isEmpty ? -1 : Double(bytes.reduce(0) { $0 + Int($1) }) / Double(bytes.count)
    }

    @Test func theSampleShowsBlackFreezeAndSilenceWithThumbnailsFromInside() throws {
        let dir = try temporaryDirectory("html")
        defer { try? FileManager.default.removeItem(at: dir) }
        let sample = repositoryRoot.appendingPathComponent("Fixtures/sample.mp4").path
        let htmlPath = dir.appendingPathComponent("report.html").path
        let jsonPath = dir.appendingPathComponent("report.json").path
        let run = try avqc(["-o", htmlPath, "--report", "json=\(jsonPath)", sample])
        #expect(run.status == 1, "\(run.stderr)")
        let html = try String(contentsOfFile: htmlPath, encoding: .utf8)
        // Lanes: black and freeze on the video lane, silence on the audio lane.
        #expect(html.contains("<title>black error: 00:00:02.000 → 00:00:05.000</title>"))
        #expect(html.contains("<title>freeze error: 00:00:06.000 → 00:00:09.000</title>"))
        #expect(html.contains("<title>silence error: 00:00:08.004 → 00:00:10.499</title>"))
        let pictures = Self.pictures(in: html)
        let byDetector = Dictionary(grouping: pictures, by: \.defect)
        #expect(Set(byDetector.keys) == ["black", "freeze", "silence"])
        let spans = ["black": 2.0..<5.0, "freeze": 6.0..<9.0, "silence": 8.0..<10.5]
        for (detector, taken) in byDetector {
            #expect(taken.map(\.role).first == "start" && taken.count >= 2, "\(detector)")
            for picture in taken {
                #expect(
                    spans[detector]?.contains(picture.time) == true, "\(detector) \(picture.role) at \(picture.time)")
            }
        }
        // Decoded back: the black span's pictures are black, the frozen ones are one picture and not black.
        for picture in byDetector["black"] ?? [] { #expect(try Self.meanLuma(picture.jpeg, in: dir) < 20) }
        let frozen = byDetector["freeze"] ?? []
        let frozenMeans = try frozen.map { try Self.meanLuma($0.jpeg, in: dir) }
        #expect(frozenMeans.allSatisfy { $0 > 40 }, "\(frozenMeans)")
        // The encode's noise aside, one picture: the means agree within a code.
        #expect((frozenMeans.max() ?? 0) - (frozenMeans.min() ?? 0) < 1, "\(frozenMeans)")
        // The embedded JSON is the JSON report, the run's timing aside.
        let start = try #require(html.range(of: "id=\"avqc-report\">\n"))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let embedded = reportWithoutRun(String(html[start.upperBound..<end.lowerBound]))
        let json = reportWithoutRun(try String(contentsOfFile: jsonPath, encoding: .utf8))
        #expect(embedded != nil && embedded == json)
        #expect(
            html.contains("loudness.momentary, loudness.shortTerm #1")
                && html.contains("luma.mean, luma.min, luma.max #0"))
    }

    /// Hosts Chromium itself calls (update checks, time, accounts), not the page.
    static let browserHosts = ["google.com", "googleapis.com", "gvt1.com"]

    @Test func rendersInHeadlessChromiumAndValidates() throws {
        let dir = try temporaryDirectory("html-browser")
        defer { try? FileManager.default.removeItem(at: dir) }
        let sample = repositoryRoot.appendingPathComponent("Fixtures/sample.mp4").path
        let htmlPath = dir.appendingPathComponent("report.html").path
        _ = try avqc(["-o", htmlPath, sample])
        let html = try String(contentsOfFile: htmlPath, encoding: .utf8)

        // Validators: html5lib parses by the HTML standard's rules and fails on any parse
        // error; tidy checks structure (its SVG knowledge stops at SVG 1.1, so it only warns
        // about SVG 2's `<a href>`: errors, not warnings, fail).
        let html5lib = try execute(
            "/usr/bin/python3",
            ["-c", "import html5lib,sys; html5lib.HTMLParser(strict=True).parse(open(sys.argv[1],'rb'))", htmlPath])
        #expect(html5lib.status == 0, "\(html5lib.stderr)")
        let tidy = try execute("tidy", ["-q", "-e", htmlPath])
        #expect(tidy.status < 2, "\(tidy.stderr)")
        #expect(!tidy.stderr.contains("Error:"), "\(tidy.stderr)")

        let chromium = "/usr/bin/chromium"
        try #require(
            FileManager.default.isExecutableFile(atPath: chromium), "make deps installs chromium for the tests")
        let netLog = dir.appendingPathComponent("net.json").path
        let flags = [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
            "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--enable-logging=stderr",
            "--log-level=0", "--window-size=1280,1800", "--host-resolver-rules=MAP * ~NOTFOUND",
            "--log-net-log=\(netLog)",
        ]
        let dom = try execute(chromium, flags + ["--dump-dom", "file://\(htmlPath)"])
        #expect(dom.status == 0)
        // The DOM as the browser built it: three cards, their thumbnails, the lanes and graphs.
        #expect(dom.stdout.components(separatedBy: "<article class=\"card").count == 4)
        #expect(
            dom.stdout.components(separatedBy: "<img ").count - 1 == html.components(separatedBy: "<img ").count - 1)
        #expect(dom.stdout.contains("class=\"lane\"") && dom.stdout.contains("<polyline"))
        // No console message (errors included) and no request from the page.
        #expect(!dom.stderr.contains(":CONSOLE"), "\(dom.stderr)")
        let log = try String(contentsOfFile: netLog, encoding: .utf8)
        let fetched = log.matches(of: /"url":"(https?:\/\/[^"\/]+)[^"]*"/).map { String($0.1) }.filter { url in
            !Self.browserHosts.contains { url.hasSuffix("." + $0) || url.hasSuffix("/" + $0) }
        }
        #expect(fetched.isEmpty, "\(fetched)")
        // The checks are real: a page with a console error and an outside image fails both.
        let bad = dir.appendingPathComponent("bad.html")
        try Data(
            "<!DOCTYPE html><html><body><script>console.error('x')</script><img src=\"http://example.invalid/a.png\" alt=\"\"></body></html>"
                .utf8
        ).write(to: bad)
        let badLog = dir.appendingPathComponent("bad-net.json").path
        let badRun = try execute(
            chromium,
            flags.filter { !$0.hasPrefix("--log-net-log") } + [
                "--log-net-log=\(badLog)", "--dump-dom", "file://\(bad.path)",
            ])
        #expect(badRun.stderr.contains(":CONSOLE"))
        #expect(try String(contentsOfFile: badLog, encoding: .utf8).contains("http://example.invalid/a.png"))
        // A screenshot, kept as a test artifact.
        let artifacts = repositoryRoot.appendingPathComponent(".build/test-artifacts")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let png = artifacts.appendingPathComponent("html-report.png").path
        let shot = try execute(chromium, flags + ["--screenshot=\(png)", "file://\(htmlPath)"])
        #expect(shot.status == 0)
        let header = try Data(contentsOf: URL(fileURLWithPath: png)).prefix(8)
        #expect(header == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
    }

    /// `--metrics`: every frame and block, at full resolution, CSV or JSON Lines.
    @Test func metricsExportEveryFrameAndBlock() throws {
        let dir = try temporaryDirectory("metrics")
        defer { try? FileManager.default.removeItem(at: dir) }
        let sample = repositoryRoot.appendingPathComponent("Fixtures/sample.mp4").path
        let csv = dir.appendingPathComponent("m.csv").path
        let run = try avqc(["-q", "--metrics", csv, sample])
        #expect(run.status == 1)
        let rows = CSVField.parse(try String(contentsOfFile: csv, encoding: .utf8))
        #expect(
            rows.first?.joined(separator: ",")
                == "path,stream,kind,frame,time,luma_mean,luma_min,luma_max,peak_dbfs,rms_dbfs")
        let video = rows.filter { $0.count == 10 && $0[2] == "video" }
        let audio = rows.filter { $0.count == 10 && $0[2] == "audio" }
        #expect(video.count == 300)  // 12 s at 25 fps, every frame
        #expect(Set(video.compactMap { Int($0[3]) }) == Set(0..<300))
        // Frames 50–124 are black; the others are not.
        for row in video {
            guard let frame = Int(row[3]), let mean = Double(row[5]) else { continue }
            if TestClip.blackFrames.contains(frame) { #expect(mean < 5, "frame \(frame)") } else { #expect(mean > 40) }
        }
        // Audio blocks inside 8–10.5 s are silent; the rest are not.
        #expect(audio.count > 500)
        for row in audio {
            guard let time = Double(row[4]), let peak = Double(row[8]) else { continue }
            if time > 8.05 && time < 10.4 { #expect(peak < -60, "\(time)") }
            if time < 7.9 || time > 10.6 { #expect(peak > -30, "\(time)") }
        }
        // JSON Lines, and two files at once: every line an object naming its file.
        let jsonl = dir.appendingPathComponent("m.jsonl").path
        let other = dir.appendingPathComponent("copy.mp4")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: sample), to: other)
        _ = try avqc(["-q", "-j", "2", "--metrics", jsonl, sample, other.path])
        let lines = try String(contentsOfFile: jsonl, encoding: .utf8).split(separator: "\n")
        let objects = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.count == lines.count)
        #expect(objects.filter { $0["path"] as? String == other.path && $0["kind"] as? String == "video" }.count == 300)
        #expect(objects.filter { $0["path"] as? String == sample && $0["kind"] as? String == "video" }.count == 300)
        // Refused before anything runs: another extension, or a missing folder.
        #expect(try avqc(["--metrics", dir.appendingPathComponent("m.txt").path, sample]).status == 2)
        #expect(try avqc(["--metrics", "/nonexistent/m.csv", sample]).status == 2)
    }

    @Test func withoutAnHTMLReportNothingIsCollected() throws {
        let sample = repositoryRoot.appendingPathComponent("Fixtures/sample.mp4").path
        let (_, report) = try avqcJSON([sample])
        #expect(report.files.first?.thumbnails.isEmpty == true)
        let json = try avqc(["-f", "json", sample]).stdout
        #expect(!json.contains("momentarySeries"))
    }
}
