import AVQCModel

/// `interlace`: combing on frames flagged progressive, fields that run in
/// the opposite order to the flag, and 3:2 pulldown cadence (a
/// measurement). See Docs/detectors.md.
///
/// Combing: a sample is combed when it differs from the rows above and below
/// in the same direction by more than `comb-threshold` of the range while
/// those two rows (the same field) agree within half that, and it moved by
/// more than the threshold since the previous frame (two moments woven
/// together; striped texture holds still). Measured on every fourth row and
/// every other column. A frame whose
/// combed share exceeds `comb-share` is combed.
///
/// Field order: with each frame's even rows as its top field T and odd rows
/// as its bottom field B, top-field-first order puts B(n) next to T(n+1) in
/// time and T(n) three fields from B(n+1); bottom-field-first the reverse.
/// The smaller of the two inter-field differences (each field compared
/// with the other parity interpolated) names the order, summed over
/// `window` seconds and decided when the two differ by more than 10 %.
public final class InterlaceDetector: Detector {
    /// Evidence of a combing or field-order span.
    struct Evidence: SpanEvidence {
        var combedFrames = 0
        var frames = 0
        var maxShare = 0.0
        var shareSum = 0.0
        var measuredOrder: String?
        var flaggedOrder: String?
        var ratio = 1.0

        static var empty: Evidence { Evidence() }
        mutating func absorb(_ other: Evidence) {
            combedFrames += other.combedFrames
            frames += other.frames
            maxShare = max(maxShare, other.maxShare)
            shareSum += other.shareSum
            if measuredOrder == nil {
                measuredOrder = other.measuredOrder
                flaggedOrder = other.flaggedOrder
            }
            ratio = min(ratio, other.ratio)
        }
        var details: [String: DetailValue] {
            if let measuredOrder {
                return [
                    "rule": .string("field-order"), "measuredOrder": .string(measuredOrder),
                    "flaggedOrder": .string(flaggedOrder ?? "progressive"),
                    // How much closer the fields are in the measured order (0…1, higher is surer).
                    "confidence": .number(1 - ratio),
                ]
            }
            let mean = frames > 0 ? shareSum / Double(frames) : 0
            return [
                "rule": .string("combing"), "maxCombedShare": .number(maxShare),
                "meanCombedShare": .number(mean),
                // Share of the span's frames that were combed.
                "confidence": .number(frames > 0 ? Double(combedFrames) / Double(frames) : 0),
            ]
        }
    }

    public struct Thresholds: Sendable {
        /// A combed sample differs from both neighbours by more than this fraction of the range.
        public var combThreshold = 0.08
        /// A frame is combed above this share (0…1) of its samples.
        public var combShare = 0.005
        /// Seconds of fields summed for one field-order decision.
        public var window = 1.0
        /// Shortest span reported, in seconds.
        public var minDuration = 0.5
        public init() {}
    }

    public static let id = "interlace"
    /// Combing is measured on rows 1, 1 + rowStep, … and every other column.
    static let rowStep = 4

    public let thresholds: Thresholds
    private var combing: SpanTracker<Evidence>
    private var order: SpanTracker<Evidence>
    private var previous = LumaSnapshot()
    private var previousScan: FieldScan = .progressive
    /// Field-order sums over the current window: B(n)~T(n+1) and T(n)~B(n+1).
    private var windowStart: StreamPosition?
    private var topFirstSum = 0.0
    private var bottomFirstSum = 0.0
    private var windowFlag: FieldScan?
    /// Combed flags of the last 10 progressive frames (bit 0 the newest), for the cadence.
    private var recentCombed: UInt16 = 0
    private var recentCount = 0
    private var cadenceFrames = 0
    private var progressiveFrames = 0
    private var interlacedFrames = 0
    private var orderVotes: [String: Int] = [:]

    public init(thresholds: Thresholds = Thresholds()) {
        self.thresholds = thresholds
        self.combing = SpanTracker(minDuration: thresholds.minDuration, mergeGap: 0.5, hysteresis: 0.2)
        self.order = SpanTracker(minDuration: thresholds.minDuration, mergeGap: thresholds.window)
    }

    public func process(_ frame: VideoFrame) {
        let position = StreamPosition(time: frame.time, frame: frame.index)
        let plane = frame.luma
        if frame.scan == .progressive {
            progressiveFrames += 1
            let share = Self.combedShare(
                plane, previous: previous, threshold: thresholds.combThreshold)
            let combed = share > thresholds.combShare
            recentCombed = (recentCombed << 1) | (combed ? 1 : 0)
            recentCount = min(recentCount + 1, 16)
            // 3:2 pulldown woven back into frames: exactly two combed frames,
            // adjacent, in every five, over the last ten.
            let inCadence = recentCount >= 10 && Self.isPulldown(recentCombed)
            if inCadence { cadenceFrames += 1 }
            var evidence = Evidence()
            evidence.frames = 1
            evidence.combedFrames = combed ? 1 : 0
            evidence.maxShare = share
            evidence.shareSum = share
            combing.observe(defective: combed && !inCadence, at: position, evidence: evidence)
        } else {
            interlacedFrames += 1
            combing.observe(defective: false, at: position)
        }
        // Field order, on frames flagged interlaced (two in a row of the same size).
        if frame.scan != .progressive, previousScan != .progressive, previous.matches(plane) {
            let (topFirst, bottomFirst) = Self.fieldDistances(previous: previous, current: plane)
            if windowStart == nil || windowFlag != frame.scan {
                closeWindow(at: position)
                windowStart = StreamPosition(time: frame.time - frame.duration, frame: max(0, frame.index - 1))
                windowFlag = frame.scan
            }
            topFirstSum += topFirst
            bottomFirstSum += bottomFirst
            if let start = windowStart, frame.time + frame.duration - start.time >= thresholds.window - 1e-9 {
                closeWindow(at: StreamPosition(time: frame.time + frame.duration, frame: frame.index + 1))
            }
        } else if windowStart != nil {
            closeWindow(at: position)
        }
        // Progressive frames are compared on the rows combing samples (1, 5,
        // 9, …); field order needs every row of an interlaced frame.
        if frame.scan == .progressive {
            previous.copy(from: plane, rowStep: Self.rowStep, firstRow: 1)
        } else {
            previous.copy(from: plane)
        }
        previousScan = frame.scan
    }

    /// Decides the field order over the window that ends at `end`.
    private func closeWindow(at end: StreamPosition) {
        defer {
            windowStart = nil
            topFirstSum = 0
            bottomFirstSum = 0
        }
        guard let start = windowStart, let flag = windowFlag else { return }
        let larger = max(topFirstSum, bottomFirstSum)
        guard larger > 0 else {
            order.observe(defective: false, at: start)
            return
        }
        let ratio = min(topFirstSum, bottomFirstSum) / larger
        guard ratio < 0.9 else {
            // Too little motion, or too close to call: no verdict.
            order.observe(defective: false, at: start)
            return
        }
        let measured: FieldScan = topFirstSum < bottomFirstSum ? .topFieldFirst : .bottomFieldFirst
        orderVotes[measured.rawValue, default: 0] += 1
        guard measured != flag else {
            order.observe(defective: false, at: start)
            return
        }
        var evidence = Evidence()
        evidence.measuredOrder = measured.rawValue
        evidence.flaggedOrder = flag.rawValue
        evidence.ratio = ratio
        order.observe(defective: true, at: start, evidence: evidence)
        order.observe(defective: true, at: end, evidence: evidence)
    }

    public func finish(at end: StreamEnd) -> DetectorResult {
        if let start = windowStart {
            // A partial window still counts when it saw at least half a window of fields.
            if end.position.time - start.time >= thresholds.window / 2 { closeWindow(at: end.position) }
        }
        let findings =
            (combing.finish(at: end.position) + order.finish(at: end.position)).map { $0.finding() }
            .sorted { $0.start < $1.start }
        var values: [String: DetailValue] = [
            "progressiveFrames": .integer(progressiveFrames), "interlacedFrames": .integer(interlacedFrames),
        ]
        if progressiveFrames > 0, Double(cadenceFrames) >= 0.5 * Double(progressiveFrames) {
            values["pulldown"] = .string("3:2")
        }
        values["pulldownFrames"] = .integer(cadenceFrames)
        if let (measured, _) = orderVotes.max(by: { $0.value < $1.value }) {
            values["measuredFieldOrder"] = .string(measured)
        }
        return DetectorResult(findings: findings, measurements: [DetectorResult.Measured(values: values)])
    }

    /// True when the last ten frames (bit 0 newest) hold two adjacent combed
    /// frames in each five, repeating: the 3:2 pattern woven into frames.
    static func isPulldown(_ bits: UInt16) -> Bool {
        let ten = bits & 0x3FF
        let first = ten & 0x1F
        let second = (ten >> 5) & 0x1F
        guard first == second, first.nonzeroBitCount == 2 else { return false }
        // Adjacent, also across the five-frame boundary (bits 4 and 0).
        return first & (first << 1) != 0 || first == 0b10001
    }

    /// Share (0…1) of sampled luma samples that are combed and moved since
    /// `previous` (0 without a previous frame of the same size: combing is
    /// told from texture by motion).
    static func combedShare(_ plane: LumaPlane, previous: LumaSnapshot, threshold: Double) -> Double {
        guard plane.height >= 3, plane.width >= 2, previous.matches(plane) else { return 0 }
        let t = Int((threshold * (plane.whiteCode - plane.blackCode)).rounded())
        let moved: LumaSnapshot? = previous
        var combed = 0
        var sampled = 0
        var y = 1
        while y + 1 < plane.height {
            if plane.isWide {
                combed += combedInRow(
                    plane.row16(y - 1), plane.row16(y), plane.row16(y + 1), moved?.row16(y), t)
            } else {
                combed += combedInRow(plane.row8(y - 1), plane.row8(y), plane.row8(y + 1), moved?.row8(y), t)
            }
            sampled += (plane.width + 1) / 2
            y += rowStep
        }
        return sampled > 0 ? Double(combed) / Double(sampled) : 0
    }

    /// Combed samples of `row` (every other one): beyond `t` from both
    /// neighbouring rows on the same side while they agree within `t / 2`,
    /// and, with `before`, more than `t` away from the same sample of the
    /// previous frame (combing comes from motion; striped texture holds still).
    @inline(__always)
    static func combedInRow<T: FixedWidthInteger & UnsignedInteger>(
        _ above: UnsafeBufferPointer<T>, _ row: UnsafeBufferPointer<T>, _ below: UnsafeBufferPointer<T>,
        _ before: UnsafeBufferPointer<T>?, _ t: Int
    ) -> Int {
        var count = 0
        var x = 0
        let half = t / 2
        while x < row.count {
            let a = Int(above[x])
            let b = Int(row[x])
            let c = Int(below[x])
            let up = a - b
            let down = c - b
            let sameSide = (up > t && down > t) || (up < -t && down < -t)
            let moving = before.map { abs(Int($0[x]) - b) > t } ?? true
            count += sameSide && abs(a - c) <= half && moving ? 1 : 0
            x += 2
        }
        return count
    }

    /// Mean absolute differences, over every fourth row pair and every other
    /// column, between B(previous) and T(current) (adjacent when top field
    /// first) and between T(previous) and B(current) (adjacent when bottom
    /// field first); each field row is compared with the other parity's two
    /// neighbouring rows averaged.
    static func fieldDistances(previous: LumaSnapshot, current: LumaPlane) -> (topFirst: Double, bottomFirst: Double) {
        var topFirst = 0
        var bottomFirst = 0
        var y = 2
        while y + 2 < current.height {
            // y even: T row y; y+1: B row.
            if current.isWide {
                topFirst += rowDistance(previous.row16(y + 1), current.row16(y), current.row16(y + 2))
                bottomFirst += rowDistance(previous.row16(y), current.row16(y - 1), current.row16(y + 1))
            } else {
                topFirst += rowDistance(previous.row8(y + 1), current.row8(y), current.row8(y + 2))
                bottomFirst += rowDistance(previous.row8(y), current.row8(y - 1), current.row8(y + 1))
            }
            y += 4
        }
        return (Double(topFirst), Double(bottomFirst))
    }

    @inline(__always)
    static func rowDistance<T: FixedWidthInteger & UnsignedInteger>(
        _ field: UnsafeBufferPointer<T>, _ above: UnsafeBufferPointer<T>, _ below: UnsafeBufferPointer<T>
    ) -> Int {
        var sum = 0
        var x = 0
        let count = min(field.count, above.count, below.count)
        while x < count {
            sum += abs(2 * Int(field[x]) - Int(above[x]) - Int(below[x]))
            x += 2
        }
        return sum
    }
}

extension DetectorDescriptor {
    /// `interlace`: see Docs/detectors.md.
    public static let interlace = DetectorDescriptor(
        id: InterlaceDetector.id,
        summary: "combing on progressive-flagged frames, field order against the flag, 3:2 pulldown (off by default)",
        parameters: [Knobs.combThreshold.spec, Knobs.combShare.spec, Knobs.window.spec, Knobs.minDuration.spec],
        enabledByDefault: false,
        factory: .video { settings, _ in
            var thresholds = InterlaceDetector.Thresholds()
            thresholds.combThreshold = settings[Knobs.combThreshold]
            thresholds.combShare = settings[Knobs.combShare]
            thresholds.window = settings[Knobs.window]
            thresholds.minDuration = settings[Knobs.minDuration]
            return InterlaceDetector(thresholds: thresholds)
        })
}

private enum Knobs {
    static let combThreshold = Parameter(
        "comb-threshold", .ratio, default: 0.08, range: 0...1,
        help: "a combed sample differs from the rows above and below by more than this fraction of the range")
    static let combShare = Parameter(
        "comb-share", .ratio, default: 0.005, range: 0...1, help: "a frame is combed above this share of its samples")
    static let window = Parameter(
        "window", .seconds, default: 1, range: 0.1...60, help: "seconds of fields summed for one field-order decision")
    static let minDuration = Parameter.minDuration(of: "interlace", default: 0.5)
}
