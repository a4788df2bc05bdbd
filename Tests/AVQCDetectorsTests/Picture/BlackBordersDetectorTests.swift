import AVQCModel
import Testing

@testable import AVQCDetectors

/// `black-borders` on luma pictures made in memory.
@Suite struct BlackBordersDetectorTests {
    /// A 160x90 picture: textured content at `level` inside `rect` (x, y, w, h), black (16) outside.
    static func picture(_ rect: (Int, Int, Int, Int), level: Int = 120) -> SyntheticPicture {
        var picture = SyntheticPicture(width: 160, height: 90, value: 16)
        picture.paint(x: rect.0, y: rect.1, width: rect.2, height: rect.3, value: level)
        // Texture: a brighter stripe every 8 rows inside the content.
        for y in stride(from: rect.1 + 2, to: rect.1 + rect.3, by: 8) {
            picture.paint(x: rect.0, y: y, width: rect.2, height: 1, value: min(235, level + 60))
        }
        return picture
    }

    func run(_ pictures: [SyntheticPicture]) -> DetectorResult {
        let detector = BlackBordersDetector()
        for (index, picture) in pictures.enumerated() { picture.withFrame(index: index) { detector.process($0) } }
        return detector.finish(
            at: StreamEnd(position: StreamPosition(time: Double(pictures.count) / 25, frame: pictures.count)))
    }

    @Test func theActiveRectangleOfOneFrame() throws {
        let detector = BlackBordersDetector()
        let rect = try #require(
            Self.picture((20, 0, 120, 90)).withFrame(index: 0) { detector.activeRectangle($0.luma) })
        #expect(rect.left == 20 && rect.right == 140 && rect.top == 0 && rect.bottom == 90)
        // A black frame has no active picture.
        #expect(
            SyntheticPicture(width: 160, height: 90, value: 16).withFrame(index: 0) {
                detector.activeRectangle($0.luma)
            } == nil)
        // A dark one has one, but does not vote: nothing is measured.
        #expect(
            Self.picture((0, 0, 160, 90), level: 25).withFrame(index: 0) { detector.activeRectangle($0.luma) } != nil)
        #expect(run([Self.picture((0, 0, 160, 90), level: 25)] * 50).measurements.isEmpty)
        #expect(run([Self.picture((0, 0, 160, 90), level: 60)] * 50).measurements.count == 1)
    }

    @Test func aPillarboxedStretchIsReportedAgainstTheProgramme() throws {
        let full = Self.picture((0, 0, 160, 90))
        let pillar = Self.picture((20, 0, 120, 90))
        let result = run(Array(repeating: full, count: 50) + Array(repeating: pillar, count: 50) + [full] * 50)
        try #require(result.findings.count == 1)
        #expect(result.findings[0].start == 2 && result.findings[0].end == 4)
        #expect(result.findings[0].startFrame == 50 && result.findings[0].endFrame == 100)
        #expect(result.findings[0].details["kind"] == .string("pillarbox"))
        #expect(result.measurements.first?.values["kind"] == .string("none"))
        // Shorter than min-duration (1 s): not a change.
        #expect(run([full] * 50 + [pillar] * 20 + [full] * 50).findings.isEmpty)
    }

    @Test func aConstantLetterboxIsMeasuredWithItsAsymmetry() {
        let result = run([Self.picture((0, 10, 160, 66))] * 50)
        #expect(result.findings.isEmpty)
        let values = result.measurements.first?.values ?? [:]
        #expect(values["kind"] == .string("letterbox"))
        #expect(values["borderTop"] == .integer(10) && values["borderBottom"] == .integer(14))
        #expect(values["asymmetryY"] == .integer(4))
    }

    @Test func darkFramesDoNotShrinkThePicture() {
        // A dark scene with one lit subject for 2 s inside a full-frame programme.
        var spot = SyntheticPicture(width: 160, height: 90, value: 18)
        spot.paint(x: 70, y: 40, width: 20, height: 10, value: 200)
        let full = Self.picture((0, 0, 160, 90))
        #expect(run([full] * 50 + [spot] * 50 + [full] * 50).findings.isEmpty)
    }
}

extension Array {
    static func * (lhs: Array, rhs: Int) -> Array { Array((0..<rhs).map { _ in lhs }.joined()) }
}
