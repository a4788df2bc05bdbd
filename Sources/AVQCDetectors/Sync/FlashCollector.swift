import AVQCModel

/// Finds visual sync events for `av-sync`: a sharp rise in mean luma of the
/// whole frame or of one of nine regions (a 3x3 grid) that falls back within
/// a few frames: a flash, not a cut to a brighter scene.
final class FlashCollector: Detector {
    /// Rise in mean luma, as a fraction of the nominal range, that starts a flash.
    static let rise = 0.3
    /// A flash must fall back within this many frames.
    static let maxFrames = 5

    private(set) var events: [Double] = []
    /// av-drift-detector frame stamps read from the pictures (`StampReader`): time and id.
    private(set) var stamps: [(time: Double, id: Int)] = []
    private var previous = [Double](repeating: -1, count: 10)
    private var current = [Double](repeating: 0, count: 10)
    /// An onset waiting to fall back: its time, frame, region and the level before it.
    private var pending: (time: Double, frame: Int, region: Int, base: Double)?

    func process(_ frame: VideoFrame) {
        if let id = StampReader.read(frame.luma) { stamps.append((frame.time, id)) }
        measure(frame.luma)
        defer { swap(&previous, &current) }
        if let flash = pending {
            if current[flash.region] < flash.base + Self.rise / 2 {
                events.append(flash.time)
                pending = nil
            } else if frame.index - flash.frame >= Self.maxFrames {
                pending = nil  // stayed bright: a cut, not a flash
            }
            return
        }
        guard previous[0] >= 0 else { return }
        for region in 0..<10 where current[region] - previous[region] > Self.rise {
            pending = (frame.time, frame.index, region, previous[region])
            return
        }
    }

    /// Mean luma (0…1 of the nominal range) of the frame (slot 0) and its nine regions (1…9).
    private func measure(_ plane: LumaPlane) {
        for i in 0..<10 { current[i] = 0 }
        var counts = (0..<10).map { _ in 0 }
        let black = plane.blackCode
        let scale = 1 / max(1, plane.whiteCode - plane.blackCode)
        let step = max(1, min(plane.width, plane.height) / 90)
        var y = 0
        while y < plane.height {
            let band = min(2, 3 * y / plane.height)
            var x = 0
            while x < plane.width {
                let value = plane.isWide ? Double(plane.row16(y)[x]) : Double(plane.row8(y)[x])
                let region = 1 + band * 3 + min(2, 3 * x / plane.width)
                current[region] += value
                counts[region] += 1
                x += step
            }
            y += step
        }
        var total = 0.0
        var all = 0
        for region in 1..<10 {
            total += current[region]
            all += counts[region]
            current[region] = counts[region] > 0 ? (current[region] / Double(counts[region]) - black) * scale : 0
        }
        current[0] = all > 0 ? (total / Double(all) - black) * scale : 0
    }

    func finish(at end: StreamEnd) -> DetectorResult { DetectorResult() }
}
