import AVQCDetectors
import AVQCMedia
import AVQCModel
import Foundation

/// What the HTML report shows beside the spans, gathered in the single
/// decode pass with bounded memory: thumbnails of the first video stream
/// taken while any detector is inside a candidate span, and the luma mean
/// as a series. At the end, each defect gets the thumbnails taken inside
/// it: its first, the one nearest its middle, and its last.
final class PictureCollector {
    /// Thumbnail width in pixels.
    static let width = 160
    /// Stretches with thumbnails kept per file; later ones get none.
    static let maxRuns = 200
    /// Thumbnails kept per stretch: beyond it every other one is dropped and
    /// the interval between them doubles.
    static let perRun = 12

    let videoStream: Int
    private var encoder: JPEGEncoder?
    private var luma = SeriesBuilder(merge: .mean)
    private var lumaMin = SeriesBuilder(merge: .minimum)
    private var lumaMax = SeriesBuilder(merge: .maximum)
    /// Detectors' per-frame figures on the video stream, and their series.
    private var traces: [(source: any FrameTrace, series: SeriesBuilder)] = []

    /// Graphs `source`'s per-frame figure too.
    func addTrace(_ source: any FrameTrace) {
        traces.append((source, SeriesBuilder(merge: source.traceKeepsLowest ? .minimum : .maximum)))
    }

    private struct Capture {
        let frame: Int
        let time: Double
        let width: Int
        let height: Int
        let jpeg: Data
    }

    private struct Run {
        var captures: [Capture] = []
        /// Frames between captures.
        var interval = 1
        var lastFrame: Int?
    }

    private var runs: [Run] = []
    private var current: Run?

    init(videoStream: Int) {
        self.videoStream = videoStream
    }

    /// Called for every frame of `videoStream`; `open` says whether any
    /// detector is inside a candidate span after this frame.
    func observe(_ frame: VideoFrame, open: Bool) {
        let statistics = Self.lumaStatistics(frame.luma)
        luma.add(statistics.mean, at: frame.time, duration: frame.duration)
        lumaMin.add(statistics.min, at: frame.time, duration: frame.duration)
        lumaMax.add(statistics.max, at: frame.time, duration: frame.duration)
        for index in traces.indices {
            if let value = traces[index].source.lastTrace {
                traces[index].series.add(value, at: frame.time, duration: frame.duration)
            }
        }
        guard open else {
            if let run = current {
                runs.append(run)
                current = nil
            }
            return
        }
        if current == nil {
            guard runs.count < Self.maxRuns else { return }
            current = Run()
        }
        guard var run = current, run.lastFrame.map({ frame.index &- $0 >= run.interval }) ?? true else { return }
        if let capture = capture(frame) {
            run.captures.append(capture)
            run.lastFrame = frame.index
            if run.captures.count > Self.perRun {
                // Keep the first and every other one after it; double the interval.
                run.captures = run.captures.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
                run.interval *= 2
            }
        } else {
            run.lastFrame = frame.index
        }
        current = run
    }

    private func capture(_ frame: VideoFrame) -> Capture? {
        guard let picture = SmallPicture(frame: frame, width: Self.width) else { return nil }
        if encoder?.width != picture.width || encoder?.height != picture.height {
            encoder = JPEGEncoder(width: picture.width, height: picture.height)
        }
        guard let jpeg = encoder?.encode(picture) else { return nil }
        return Capture(frame: frame.index, time: frame.time, width: picture.width, height: picture.height, jpeg: jpeg)
    }

    /// The mean, lowest and highest luma in 8-bit full-range codes (0 black,
    /// 255 white), from a 32 × 18 grid of samples.
    static func lumaStatistics(_ plane: LumaPlane) -> (mean: Double, min: Double, max: Double) {
        guard plane.width > 0, plane.height > 0 else { return (0, 0, 0) }
        var sum = 0
        var low = Int.max
        var high = Int.min
        let columns = min(32, plane.width)
        let rows = min(18, plane.height)
        for row in 0..<rows {
            let y = (2 * row + 1) * plane.height / (2 * rows)
            for column in 0..<columns {
                let x = (2 * column + 1) * plane.width / (2 * columns)
                let value =
                    plane.isWide
                    ? Int(plane.base.load(fromByteOffset: y * plane.stride + 2 * x, as: UInt16.self))
                        >> (plane.bitDepth - 8)
                    : Int(plane.base.load(fromByteOffset: y * plane.stride + x, as: UInt8.self))
                sum += value
                low = min(low, value)
                high = max(high, value)
            }
        }
        func full(_ code: Double) -> Double { plane.range == .limited ? (code - 16) * 255 / 219 : code }
        return (full(Double(sum) / Double(rows * columns)), full(Double(low)), full(Double(high)))
    }

    /// The thumbnails for `defects` (by index), and the series.
    func finish(defects: [Defect]) -> (thumbnails: [Thumbnail], series: [Series]) {
        if let run = current {
            runs.append(run)
            current = nil
        }
        let captures = runs.flatMap(\.captures)
        var thumbnails: [Thumbnail] = []
        for (index, defect) in defects.enumerated() {
            // A frame shown during the span: it starts before the span's end and ends after its start.
            let inside = captures.filter {
                $0.time >= defect.start - 1e-6 && $0.time < max(defect.end, defect.start + 1e-6)
            }
            guard let first = inside.first, let last = inside.last else { continue }
            let middleTime = (defect.start + defect.end) / 2
            let middle = inside.min { abs($0.time - middleTime) < abs($1.time - middleTime) } ?? first
            var chosen: [(String, Capture)] = [("start", first)]
            if middle.frame != first.frame && middle.frame != last.frame { chosen.append(("middle", middle)) }
            if last.frame != first.frame { chosen.append(("end", last)) }
            for (role, capture) in chosen {
                thumbnails.append(
                    Thumbnail(
                        defect: index, role: role, stream: videoStream, frame: capture.frame, time: capture.time,
                        width: capture.width, height: capture.height, jpeg: capture.jpeg))
            }
        }
        let series = [
            luma.series(name: "luma.mean", stream: videoStream, unit: "8-bit code", thresholds: [25.5]),
            lumaMin.series(name: "luma.min", stream: videoStream, unit: "8-bit code"),
            lumaMax.series(name: "luma.max", stream: videoStream, unit: "8-bit code"),
        ]
        let traced = traces.compactMap {
            $0.series.series(
                name: $0.source.traceName, stream: videoStream, unit: $0.source.traceUnit,
                thresholds: $0.source.traceThresholds)
        }
        return (thumbnails, series.compactMap { $0 } + traced)
    }
}
