import AVQCModel
import Testing

@testable import AVQCReports

@Suite struct ReportMergerTests {
    @Test func shardOptionsLeaveTheMergedCommandLine() {
        let line = [
            "--shard", "2/3", "-f", "json", "--shard=1/3", "--shard-count", "3", "--shard-weights", "w.json",
            "--no-shard",
            "-o", "x.json", "--", "--shard",
        ]
        #expect(ReportMerger.withoutShardOptions(line) == ["-f", "json", "-o", "x.json", "--", "--shard"])
    }

    @Test func nothingToMergeIsAnError() {
        #expect(throws: MergeError.nothing) { try ReportMerger.merge([]) }
    }
}
