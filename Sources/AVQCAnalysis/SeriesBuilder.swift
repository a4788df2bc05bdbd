import AVQCModel

/// Builds a `Series` of at most `capacity` points from one value per frame
/// or block, whatever the stream's length: when full, neighbouring points
/// are merged pairwise (their mean, or the larger or smaller) and the step
/// doubles. Memory is fixed; nothing is allocated after the first fill.
struct SeriesBuilder {
    enum Merge { case mean, maximum, minimum }

    let capacity: Int
    let merge: Merge
    private(set) var start: Double?
    /// Seconds each point covers, once known.
    private var step: Double = 0
    private var values: [Double] = []
    /// The point being filled: its sum (or extreme) and count of inputs.
    private var pending: (value: Double, count: Int, until: Double)?

    init(capacity: Int = 600, merge: Merge) {
        self.capacity = max(2, capacity)
        self.merge = merge
        values.reserveCapacity(self.capacity)
    }

    /// Adds the value for the frame or block at `time` lasting `duration` seconds.
    mutating func add(_ value: Double, at time: Double, duration: Double) {
        guard value.isFinite, time.isFinite else { return }
        if start == nil {
            start = time
            step = max(duration, 1e-3)
        }
        if let current = pending, time < current.until - 1e-9 {
            pending = (combine(current.value, value), current.count + 1, current.until)
            return
        }
        if let current = pending { push(merge == .mean ? current.value / Double(current.count) : current.value) }
        let base = start ?? time
        let slot = ((time - base) / step).rounded(.down)
        pending = (value, 1, base + (slot + 1) * step)
    }

    private func combine(_ a: Double, _ b: Double) -> Double {
        switch merge {
        case .mean: return a + b
        case .maximum: return max(a, b)
        case .minimum: return min(a, b)
        }
    }

    private mutating func push(_ value: Double) {
        values.append(value)
        guard values.count >= capacity else { return }
        var merged = 0
        for index in stride(from: 0, to: values.count - 1, by: 2) {
            let pair = combine(values[index], values[index + 1])
            values[merged] = merge == .mean ? pair / 2 : pair
            merged += 1
        }
        if values.count % 2 == 1 {
            values[merged] = values[values.count - 1]
            merged += 1
        }
        values.removeLast(values.count - merged)
        step *= 2
        if let current = pending, let start {
            // The point being filled now spans the doubled step.
            let slot = ((current.until - step / 2 - start) / step).rounded(.down)
            pending = (current.value, current.count, start + (slot + 1) * step)
        }
    }

    /// The series so far, the point being filled included.
    func series(name: String, stream: Int, unit: String, thresholds: [Double] = []) -> Series? {
        guard let start else { return nil }
        var all = values
        if let current = pending { all.append(merge == .mean ? current.value / Double(current.count) : current.value) }
        return Series(
            name: name, streamIndex: stream, unit: unit, start: start, step: step, values: all, thresholds: thresholds)
    }
}
