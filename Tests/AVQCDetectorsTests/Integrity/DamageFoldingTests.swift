import AVQCModel
import Foundation
import Testing

@testable import AVQCDetectors

@Suite struct DamageFoldingTests {
    @Test func consequencesInsideTheDamageFoldIntoIt() {
        let damage = Defect(detector: "decode-error", streamIndex: 1, start: 5.0, end: 5.1)
        let inside = [
            Defect(detector: "timestamp-gap", streamIndex: 1, start: 5.05, end: 5.3),
            Defect(detector: "clipping", streamIndex: 1, start: 4.8, end: 4.81),
            Defect(detector: "format-change", streamIndex: 1, start: 5.0, end: 5.2),
        ]
        let outside = [
            Defect(detector: "clipping", streamIndex: 1, start: 9.0, end: 9.1),  // later: its own cause
            Defect(detector: "clipping", streamIndex: 0, start: 5.0, end: 5.1),  // another stream
            Defect(detector: "silence", streamIndex: 1, start: 2.0, end: 8.0),  // reaches far beyond
            Defect(detector: "truncation", streamIndex: 1, start: 5.0, end: 5.1),  // never folded
        ]
        let folded = DamageFolding.fold([damage] + inside + outside)
        #expect(folded.count == 1 + outside.count)
        let kept = folded.first { $0.detector == "decode-error" }
        #expect(kept?.details["alsoReported"] == .string("clipping ×1, format-change ×1, timestamp-gap ×1"))
        #expect(DamageFolding.fold(outside) == outside)
    }
}
