import AVQCModel
import Testing

@testable import AVQCDetectors

/// `pse` on pictures described by their cell means, with flashes at known
/// frames: the rule's counts, areas, colours and span edges.
@Suite struct PSEDetectorTests {
    func run(
        _ frames: [(SyntheticGrid.Color, SyntheticGrid.Color, Double)], fps: Double = 25,
        _ configure: (inout PSEDetector.Thresholds) -> Void = { _ in }
    ) -> [Finding] {
        var thresholds = PSEDetector.Thresholds()
        configure(&thresholds)
        let detector = PSEDetector(thresholds: thresholds)
        SyntheticGrid(fps: fps).feed(frames, into: detector)
        let end = Double(frames.count) / fps
        return detector.finish(at: StreamEnd(position: StreamPosition(time: end, frame: frames.count))).findings
    }

    @Test(arguments: [2.0, 3.0])
    func threeFlashesASecondOrFewerPass(hertz: Double) {
        for fps in [25.0, 29.97, 50, 60] {
            let (frames, transitions) = SyntheticGrid(fps: fps).flashing(hertz: hertz, from: 1, to: 5, seconds: 6)
            #expect(transitions.count >= Int(2 * hertz * 4) - 1)
            #expect(run(frames, fps: fps).isEmpty, "\(hertz) Hz at \(fps) fps")
        }
    }

    @Test(arguments: [4.0, 5.0, 8.0])
    func fourFlashesASecondOrMoreFailFromFirstToLastTransition(hertz: Double) throws {
        for fps in [25.0, 29.97, 50, 60] {
            let grid = SyntheticGrid(fps: fps)
            let (frames, transitions) = grid.flashing(hertz: hertz, from: 1, to: 4, seconds: 6)
            let findings = run(frames, fps: fps)
            try #require(findings.count == 1, "\(hertz) Hz at \(fps) fps")
            let span = findings[0]
            // Within one frame of the first transition and of the end of the last one.
            let first = try #require(transitions.first)
            let last = try #require(transitions.last)
            #expect(abs(span.start - Double(first) / fps) <= 1 / fps + 1e-9)
            #expect(abs(span.end - Double(last + 1) / fps) <= 1 / fps + 1e-9)
            #expect(span.details["rule"] == .string("general"))
            #expect(span.details["flashingArea"] == .number(1))
            if case .number(let flashes)? = span.details["flashesPerSecond"] {
                #expect(flashes >= 3.5 && flashes <= hertz + 1)
            } else {
                Issue.record("no flashesPerSecond")
            }
            if case .number(let change)? = span.details["peakLuminanceChange"] {
                #expect(abs(change - 200) < 2)  // black to white on the 200 cd/m² model
            }
        }
    }

    @Test func redFlashesBelowTheLuminanceThresholdFailTheRedRule() throws {
        // Dark saturated red (R′ 0.55) against black: 11 cd/m², under the
        // general rule's 20, but a red change of 84.
        let red = SyntheticGrid.Color.rgb(0.55, 0, 0)
        let (frames, _) = SyntheticGrid(fps: 25).flashing(hertz: 5, from: 1, to: 4, seconds: 5, on: red)
        let findings = run(frames)
        try #require(findings.count == 1)
        #expect(findings[0].details["rule"] == .string("red"))
        #expect(run(frames) { $0.red = false }.isEmpty)
        // The same red flashing at 3 Hz passes.
        #expect(run(SyntheticGrid(fps: 25).flashing(hertz: 3, from: 1, to: 4, seconds: 5, on: red).frames).isEmpty)
    }

    @Test func aFlashOverTwentyTwoPercentPassesTheStandardRuleAndFailsTheStrictOne() {
        let (frames, _) = SyntheticGrid(fps: 25).flashing(hertz: 5, from: 1, to: 4, seconds: 5, share: 0.22)
        #expect(run(frames).isEmpty)
        #expect(run(frames) { $0.area = 0.20 }.count == 1)
        let (quarter, _) = SyntheticGrid(fps: 25).flashing(hertz: 5, from: 1, to: 4, seconds: 5, share: 0.24)
        #expect(run(quarter).isEmpty)
        let (third, _) = SyntheticGrid(fps: 25).flashing(hertz: 5, from: 1, to: 4, seconds: 5, share: 0.30)
        #expect(run(third).count == 1)
    }

    @Test func flashingAboveTheDarkLevelPasses() {
        // 170 ↔ 200 cd/m²: a 30 cd/m² change whose darker state is above 160.
        let bright = SyntheticGrid.Color.rgb(0.955, 0.955, 0.955)  // ≈ 0.905 relative: 181 cd/m²
        let white = SyntheticGrid.Color.white
        let (frames, _) = SyntheticGrid(fps: 25).flashing(hertz: 5, from: 1, to: 4, seconds: 5, on: white, off: bright)
        #expect(run(frames).isEmpty)
        // Against mid grey (21 % → 43 cd/m²) the same flashing fails.
        let grey = SyntheticGrid.Color.rgb(0.5, 0.5, 0.5)
        #expect(run(SyntheticGrid(fps: 25).flashing(hertz: 5, from: 1, to: 4, seconds: 5, off: grey).frames).count == 1)
    }

    @Test func aFlashRisingOverSeveralFramesIsOneTransition() {
        // Luma 16 → 82 → 108 → 128 is 0 → 15 → 29 → 45 cd/m²: no step
        // reaches 20 alone, the ramp does. Up and down in 6 frames is 8.3
        // transitions a second at 25 fps: it fails only if ramps accumulate.
        let ramp: [Float] = [16, 82, 108, 128, 108, 82]
        let fast = (0..<125).map { (SyntheticGrid.Color(y: ramp[$0 % 6]), SyntheticGrid.Color.white, 0.0) }
        #expect(run(fast).count == 1)
        // The same ramps with 6-frame holds between them: 2.8 transitions a second.
        let slow: [Float] = [16, 82, 108, 128, 128, 128, 128, 128, 128, 108, 82, 16, 16, 16, 16, 16, 16, 16]
        #expect(run((0..<125).map { (SyntheticGrid.Color(y: slow[$0 % 18]), .white, 0) }).isEmpty)
    }

    @Test func extendedFlashingAtTwoAndAHalfASecondFailsAfterFiveSeconds() throws {
        let grid = SyntheticGrid(fps: 25)
        // 2.5 Hz = 5 transitions a second: under the 1 s rule, at warning level.
        let long = grid.flashing(hertz: 2.5, from: 1, to: 9, seconds: 10).frames
        let findings = run(long)
        try #require(findings.count == 1)
        #expect(findings[0].details["rule"] == .string("extended"))
        // From where warning-level flashing began (two flashes in the last second).
        #expect(findings[0].start >= 1 - 1e-9 && findings[0].start < 2)
        // To the end of the last transition's frame (8.8 s).
        #expect(abs(findings[0].end - 8.84) <= 1.0 / 25 + 1e-9)
        #expect(run(grid.flashing(hertz: 2.5, from: 1, to: 4, seconds: 6).frames).isEmpty)
        #expect(run(long) { $0.extendedShare = 1 }.isEmpty)
    }

    @Test func cameraFlashesAndCutsPass() {
        // Two camera flashes 0.4 s apart (one frame each), then cuts between
        // a dark and a bright shot every 0.5 s.
        var frames: [(SyntheticGrid.Color, SyntheticGrid.Color, Double)] = []
        for n in 0..<100 {
            let flash = n == 20 || n == 30
            let bright = n >= 50 && (n / 12) % 2 == 0
            frames.append((bright ? .white : SyntheticGrid.Color(y: 40), .white, flash ? 1 : 0))
        }
        #expect(run(frames).isEmpty)
    }

    @Test func antiPhaseHalvesCountEveryFrameAsATransition() {
        // Left and right halves swap black and white at 5 Hz: the mean never
        // changes, but half the picture flashes together.
        var frames: [(SyntheticGrid.Color, SyntheticGrid.Color, Double)] = []
        for n in 0..<125 {
            let lit = (n / 3) % 2 == 0  // 4.2 Hz
            frames.append((lit ? .black : .white, lit ? .white : .black, 0.5))
        }
        #expect(run(frames).count == 1)
    }
}
