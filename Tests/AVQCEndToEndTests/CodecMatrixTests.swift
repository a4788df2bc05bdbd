import AVQCModel
import Foundation
import Testing

/// Real encodes across codecs and containers: avqc's spans against the ground
/// truth the clips were built with, and against FFmpeg's own filters.
///
/// Tolerances: video spans carry exact frame numbers, and times within one
/// frame (40 ms) of the truth: containers may start a stream a few ms after
/// the file (Opus pre-skip in Matroska, MPEG-TS audio/video offsets), which
/// shifts every time of that stream alike. Audio within 10 ms of the truth for
/// lossless audio; lossy codecs smear the cut itself, so there the truth
/// tolerance is 80 ms while FFmpeg (decoding the same samples) must agree
/// within 10 ms.
@Suite struct CodecMatrixTests {
    static let frame = 0.04

    @Test(arguments: TestClip.matrix)
    func spansMatchGroundTruth(clip: TestClip) throws {
        let (run, report) = try avqcJSON([try clip.url().path])
        #expect(run.status == 1, "\(run.stderr)")
        let file = try #require(report.files.first)
        #expect(file.status == .fail)
        #expect(file.error == nil)
        // Clean encodes: only the defects built in, nothing from the integrity detectors.
        #expect(file.defects.allSatisfy { ["black", "freeze", "silence"].contains($0.detector) }, "\(file.defects)")
        if clip.hasVideo {
            for (detector, frames) in [("black", TestClip.blackFrames), ("freeze", TestClip.freezeFrames)] {
                let spans = report.defects(detector)
                #expect(spans.count == 1, "\(detector): \(spans)")
                guard let span = spans.first else { continue }
                #expect(
                    span.startFrame == frames.lowerBound && span.endFrame == frames.upperBound, "\(detector): \(span)")
                #expect(abs(span.start - Double(frames.lowerBound) * Self.frame) <= Self.frame, "\(detector): \(span)")
                #expect(abs(span.end - Double(frames.upperBound) * Self.frame) <= Self.frame, "\(detector): \(span)")
            }
        } else {
            #expect(file.checks.allSatisfy { $0.streamIndex == 0 })
            #expect(!file.checks.contains { ["black", "freeze", "blockiness"].contains($0.detector) })
        }
        let silence = report.defects("silence")
        #expect(silence.count == 1, "\(silence)")
        if let span = silence.first {
            let tolerance = clip.lossyAudio ? 0.08 : 0.01
            #expect(abs(span.start - TestClip.silence.lowerBound) <= tolerance, "\(span)")
            #expect(abs(span.end - TestClip.silence.upperBound) <= tolerance, "\(span)")
            #expect(span.startFrame == nil)
        }
    }

    @Test(arguments: TestClip.matrix)
    func spansMatchFFmpegFilters(clip: TestClip) throws {
        let url = try clip.url()
        let (_, report) = try avqcJSON([url.path])
        let ffmpeg = try FFmpegSpans.measure(url, video: clip.hasVideo, audio: clip.hasAudio)
        let ours = (
            black: report.defects("black"), freeze: report.defects("freeze"), silence: report.defects("silence")
        )

        // ffmpeg prints 6 significant digits; allow that on top of the tolerance.
        let frameTolerance = Self.frame + 0.001
        #expect(ours.black.count == ffmpeg.black.count, "black: ours \(ours.black) ffmpeg \(ffmpeg.black)")
        for (a, b) in zip(ours.black, ffmpeg.black) {
            #expect(abs(a.start - b.lowerBound) <= frameTolerance && abs(a.end - b.upperBound) <= frameTolerance)
        }
        // freezedetect also reports the frozen stretch inside black; avqc
        // deliberately folds that into the black span.
        for span in ffmpeg.freeze {
            let matched = ours.freeze.contains {
                abs($0.start - span.lowerBound) <= frameTolerance && abs($0.end - span.upperBound) <= frameTolerance
            }
            let insideBlack = ours.black.contains {
                $0.start <= span.lowerBound + frameTolerance && $0.end >= span.upperBound - frameTolerance
            }
            #expect(matched || insideBlack, "ffmpeg freeze \(span) has no counterpart in \(ours.freeze)")
        }
        for span in ours.freeze {
            #expect(
                ffmpeg.freeze.contains {
                    abs(span.start - $0.lowerBound) <= frameTolerance && abs(span.end - $0.upperBound) <= frameTolerance
                })
        }
        #expect(ours.silence.count == ffmpeg.silence.count, "silence: ours \(ours.silence) ffmpeg \(ffmpeg.silence)")
        for (a, b) in zip(ours.silence, ffmpeg.silence) {
            #expect(abs(a.start - b.lowerBound) <= 0.01 && abs(a.end - b.upperBound) <= 0.01, "\(a) vs \(b)")
        }
    }
}
