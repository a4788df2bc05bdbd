import AVQCModel

/// Finds audio sync events for `av-sync`: tone-burst onsets after quiet. The
/// per-sample envelope (largest absolute value over channels) is watched in
/// 1 ms hops; a hop reaching `onLevel` after at least 100 ms below it starts
/// a burst (lossy codecs' pre-echo stays below it), and 30 ms below it ends one. The onset is then placed at sample resolution: the
/// first sample, from 2 ms before that hop, reaching half the burst's peak
/// over the following 10 ms. A burst counts when it lasts 5 ms to 0.5 s.
final class BeepCollector: Detector {
    static let onLevel: Float = 0.02
    private(set) var events: [Double] = []
    private var rate = 0
    private var hop = 48
    /// The last 32 ms of envelope samples and the time of the newest.
    private var history: [Float] = []
    private var written = 0
    private var quietHops = 0
    private var hopPeak: Float = 0
    private var hopFill = 0
    /// An onset being placed: the sample index (in `written` terms) its search starts at.
    private var placing: Int?
    private var burst: (onset: Double, loudHops: Int, quietHops: Int)?
    private var blockTime = 0.0
    /// This block's per-sample envelope, reused.
    private var envelope: [Float] = []
    private var blockStart = 0

    func process(_ block: AudioBlock) {
        if rate != block.sampleRate {
            rate = block.sampleRate
            hop = max(1, rate / 1000)
            history = [Float](repeating: 0, count: max(64, rate * 32 / 1000))
        }
        blockTime = block.time
        blockStart = written
        let count = block.envelope(into: &envelope)
        for i in 0..<count {
            let value = envelope[i]
            history[written % history.count] = value
            written += 1
            hopPeak = max(hopPeak, value)
            hopFill += 1
            if hopFill == hop { closeHop() }
            if let start = placing, written - start >= 12 * hop { place(from: start) }
        }
    }

    private func time(ofSample index: Int) -> Double {
        blockTime + Double(index - blockStart) / Double(rate)
    }

    private func closeHop() {
        let peak = hopPeak
        hopPeak = 0
        hopFill = 0
        if var current = burst {
            if peak < Self.onLevel {
                current.quietHops += 1
                if current.quietHops >= 30 {
                    // The burst is over: keep it when it was a beep.
                    if (5...500).contains(current.loudHops) { events.append(current.onset) }
                    burst = nil
                    quietHops = current.quietHops
                    return
                }
            } else {
                current.loudHops += current.quietHops + 1
                current.quietHops = 0
            }
            burst = current
            return
        }
        if peak >= Self.onLevel, quietHops >= 100, placing == nil {
            placing = max(0, written - 3 * hop)
            quietHops = 0
        } else if peak < Self.onLevel {
            quietHops += 1
        } else {
            quietHops = 0
        }
    }

    /// Places the onset of the burst whose search starts at sample `start`.
    private func place(from start: Int) {
        placing = nil
        let first = max(start, written - history.count + 1)
        var peak: Float = 0
        for index in first..<written { peak = max(peak, history[index % history.count]) }
        var onset = first
        while onset < written, history[onset % history.count] < peak / 2 { onset += 1 }
        burst = (time(ofSample: onset), 1, 0)
    }

    func finish(at end: StreamEnd) -> DetectorResult { DetectorResult() }
}
