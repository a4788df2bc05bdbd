import AVQCModel
import Foundation
import Testing

@testable import AVQCReports

@Suite struct HTMLReportWriterTests {
    @Test func oneSelfContainedPageWithLanesCardsAndTheJSON() throws {
        let report = sampleReport()
        let html = HTMLReportWriter().render(report)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<header class=\"verdict error\"><h1>ERROR</h1>"))
        // Nothing is fetched: no external script, style, image or font.
        for fetch in ["src=\"http", "href=\"http", "@import", "url(", "<link", "<script src"] {
            #expect(!html.contains(fetch), "\(fetch)")
        }
        // Every span on the timeline links to its card, and the card exists.
        let links = html.matches(of: /href="#(defect-\d+-\d+)"/).map { String($0.1) }
        #expect(links.count == 3)
        for id in links { #expect(html.contains("id=\"\(id)\"")) }
        // Hostile text is escaped.
        #expect(html.contains("media/clean, &quot;quoted&quot; &lt;&amp;&gt;&apos;.mp4"))
        #expect(!html.contains("<&>"))
        // The embedded JSON parses to the JSON report.
        let start = try #require(html.range(of: "<script type=\"application/json\" id=\"avqc-report\">\n"))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let embedded = String(html[start.upperBound..<end.lowerBound])
        #expect(!embedded.contains("<"))
        let parsed = try JSONSerialization.jsonObject(with: Data(embedded.utf8)) as? NSDictionary
        let direct =
            try JSONSerialization.jsonObject(with: Data(JSONReportWriter().render(report).utf8)) as? NSDictionary
        #expect(parsed != nil && parsed == direct)
    }

    @Test func scriptBreakingTextIsEscapedInTheEmbeddedJSON() throws {
        var report = sampleReport()
        report.files[0].path = "</script><script>alert(1)</script>\u{2028}\u{2029}.mp4"
        let html = HTMLReportWriter().render(report)
        #expect(!html.contains("</script><script>"))
        #expect(html.components(separatedBy: "</script>").count == 2)
        #expect(HTMLReportWriter.embeddable("a<b\u{2028}c\u{2029}") == "a\\u003cb\\u2028c\\u2029")
    }

    @Test func manyDefectsAreAggregatedPastTheLimit() {
        var report = sampleReport()
        report.files[1].defects = (0..<50).map {
            Defect(detector: "freeze", streamIndex: 0, start: Double($0) / 10, end: Double($0) / 10 + 0.05)
        }
        let html = HTMLReportWriter().render(report)
        #expect(html.contains("and 30 more"))
        #expect(html.components(separatedBy: "<article class=\"card").count == 1 + HTMLReportWriter.cardLimit + 1)
    }

    @Test func thumbnailsAndGraphsAreInline() throws {
        var report = sampleReport()
        let jpeg = Data([0xFF, 0xD8, 0xFF, 0xD9])
        report.files[1].thumbnails = [
            Thumbnail(defect: 0, role: "start", stream: 0, frame: 50, time: 2, width: 160, height: 90, jpeg: jpeg)
        ]
        report.files[1].series = [
            Series(name: "luma.mean", streamIndex: 0, unit: "8-bit code", start: 0, step: 0.04, values: [10, 200, 30])
        ]
        let html = HTMLReportWriter().render(report)
        #expect(html.contains("src=\"data:image/jpeg;base64,\(jpeg.base64EncodedString())\""))
        #expect(html.contains("data-role=\"start\""))
        #expect(html.contains("<polyline points=\""))
        #expect(html.contains("class=\"threshold\"") == false)  // no threshold given
    }
}
