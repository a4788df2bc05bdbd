/// Finds burst onsets in one envelope (non-negative samples, fed in order):
/// the state machine behind `BeepCollector`.
///
/// The envelope is watched in 1 ms hops. A hop reaching the on-level after
/// at least 100 ms below it starts a burst (lossy codecs' pre-echo stays
/// below it), and 30 ms below it ends one. The onset is then placed at
/// sample resolution: the first sample, from 2 ms before that hop, reaching
/// half the burst's peak over the following 10 ms. A burst counts when it
/// lasts 5 ms to 0.5 s.
///
/// The on-level is fixed (`floor`), or, when `relative` is set, also at
/// least `relative` times the background: the mean hop peak of the last
/// 200 ms outside bursts, so that a tone over programme audio stands out.
struct BurstTracker {
    private let floor: Float
    private let relative: Float?
    private(set) var onsets: [Double] = []
    private var rate = 0
    private var hop = 48
    /// The last 32 ms of envelope samples.
    private var history: [Float] = []
    private var written = 0
    private var quietHops = 0
    private var hopPeak: Float = 0
    private var hopFill = 0
    private var background: Float = 0
    /// An onset being placed: the sample index (in `written` terms) its search starts at.
    private var placing: Int?
    private var burst: (onset: Double, loudHops: Int, quietHops: Int)?
    private var blockTime = 0.0
    private var blockStart = 0

    init(floor: Float, relative: Float? = nil) {
        self.floor = floor
        self.relative = relative
    }

    /// Starts a block of `rate` samples per second whose first sample is at `time` seconds.
    mutating func begin(time: Double, rate: Int) {
        if self.rate != rate {
            self.rate = rate
            hop = max(1, rate / 1000)
            history = [Float](repeating: 0, count: max(64, rate * 32 / 1000))
        }
        blockTime = time
        blockStart = written
    }

    mutating func feed(_ value: Float) {
        history[written % history.count] = value
        written += 1
        hopPeak = max(hopPeak, value)
        hopFill += 1
        if hopFill == hop { closeHop() }
        if let start = placing, written - start >= 12 * hop { place(from: start) }
    }

    private var onLevel: Float {
        guard let relative else { return floor }
        return max(floor, relative * background)
    }

    private func time(ofSample index: Int) -> Double {
        blockTime + Double(index - blockStart) / Double(rate)
    }

    private mutating func closeHop() {
        let peak = hopPeak
        let level = onLevel
        hopPeak = 0
        hopFill = 0
        if var current = burst {
            if peak < level {
                current.quietHops += 1
                if current.quietHops >= 30 {
                    // The burst is over: keep it when it was a beep.
                    if (5...500).contains(current.loudHops) { onsets.append(current.onset) }
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
        if peak >= level, quietHops >= 100, placing == nil {
            placing = max(0, written - 3 * hop)
            quietHops = 0
        } else if peak < level {
            quietHops += 1
            if placing == nil { background += (peak - background) / 200 }
        } else {
            quietHops = 0
            if placing == nil { background += (peak - background) / 200 }
        }
    }

    /// Places the onset of the burst whose search starts at sample `start`.
    private mutating func place(from start: Int) {
        placing = nil
        let first = max(start, written - history.count + 1)
        var peak: Float = 0
        for index in first..<written { peak = max(peak, history[index % history.count]) }
        var onset = first
        while onset < written, history[onset % history.count] < peak / 2 { onset += 1 }
        burst = (time(ofSample: onset), 1, 0)
    }
}
