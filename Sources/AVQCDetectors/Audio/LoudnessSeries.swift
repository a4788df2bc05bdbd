/// A loudness series (momentary or short-term, LUFS) kept at a bounded
/// number of points whatever the stream's length: each point is the largest
/// value in its step; when the points run out, neighbours merge and the
/// step doubles. Memory is fixed (`capacity` points).
struct LoudnessSeries {
    /// Most points kept (even).
    let capacity: Int
    /// Time of the first value, seconds.
    private(set) var start: Double?
    /// Seconds per point.
    private(set) var step: Double
    private(set) var points: [Double] = []
    /// The point being filled and how far into its step it is.
    private var current = -Double.infinity
    private var filled = 0
    private var perPoint: Int

    /// Values come every `interval` seconds; a point starts as `perPoint` values.
    init(interval: Double, perPoint: Int = 10, capacity: Int = 600) {
        self.capacity = max(2, capacity - capacity % 2)
        self.perPoint = max(1, perPoint)
        self.step = interval * Double(max(1, perPoint))
        points.reserveCapacity(self.capacity)
    }

    /// Adds the value (LUFS) of the window ending at `time`.
    mutating func add(_ value: Double, at time: Double) {
        if start == nil { start = time }
        current = max(current, value)
        filled += 1
        guard filled == perPoint else { return }
        if points.count == capacity {
            // Halve the resolution: pairs of points become one.
            for k in 0..<(capacity / 2) { points[k] = max(points[2 * k], points[2 * k + 1]) }
            points.removeLast(capacity / 2)
            perPoint *= 2
            step *= 2
            // The point being filled now spans the doubled step.
            return
        }
        points.append(current)
        current = -.infinity
        filled = 0
    }

    /// The points, floored at −70 LUFS (the absolute gate; silence reads −70).
    var values: [Double] { points.map { max(-70, $0) } }
}
