import AVQCModel

/// `freeze`: spans in which every frame differs from the still picture by no
/// more than a noise floor. See Docs/detectors.md.
///
/// The still picture is the first frame of the run. Lossy long-GOP encoders
/// re-code a frozen picture at each key frame, shifting it by more than the
/// noise floor in one step (about -50 dB for MPEG-2 at 4 Mb/s, -48 dB for
/// x265, measured); the picture then holds still again. So a run survives a
/// *refresh*: one frame that differs from the still picture by at most
/// `refresh` and is followed by a frame within the noise floor of it, which
/// becomes the new still picture. Encoders re-code in a burst (x265's
/// B-pyramid steps twice within 4 frames, measured), so up to
/// `refreshBurst` refreshes may fall within `refreshWindow` frames, no more.
/// Motion, fades and camera noise change every frame and never hold still
/// after a step; slow motion at half the frame rate (each picture shown
/// twice) holds still after every step but steps too often.
public final class FreezeDetector: SpanDetector {
    /// Evidence kept per span: the largest difference from the still picture, and the refreshes bridged.
    public struct Evidence: SpanEvidence {
        /// Mean absolute difference relative to 2^bitDepth (0…1).
        public var maxDifference: Double
        /// Key-frame refreshes the span runs across.
        public var refreshes: Int = 0
        public static var empty: Evidence { Evidence(maxDifference: 0) }
        public mutating func absorb(_ other: Evidence) {
            maxDifference = max(maxDifference, other.maxDifference)
            refreshes += other.refreshes
        }
        public var details: [String: DetailValue] {
            var details: [String: DetailValue] = ["maxDifferenceDB": .number(Decibels.from(amplitude: maxDifference))]
            if refreshes > 0 { details["refreshes"] = .integer(refreshes) }
            return details
        }
    }

    public static let id = "freeze"
    /// At most `refreshBurst` refreshes within any `refreshWindow` frames.
    public static let refreshBurst = 3
    public static let refreshWindow = 16

    /// Largest mean absolute difference, relative to the full code range, still counted as frozen.
    public let noise: Double
    /// Largest one-frame step (same scale) taken as a refresh of the still picture; 0 disables refreshes.
    public let refresh: Double
    public var tracker: SpanTracker<Evidence>
    private var reference = LumaSnapshot()
    private var referencePosition = StreamPosition(time: 0, frame: 0)
    /// A refresh waiting for the next frame to hold still: its picture, position and difference.
    private var candidate = LumaSnapshot()
    private var pending: (position: StreamPosition, difference: Double)?
    /// Frame indices of the last `refreshBurst` refreshes (oldest first).
    private var recentRefreshes: [Int] = []

    /// - Parameters:
    ///   - noiseDecibels: the noise floor in dB (−60 dB = 0.001 of full range).
    ///   - refreshDecibels: the largest refresh step in dB (−40 dB), or nil for none.
    ///   - minDuration: shortest span reported, in seconds.
    public init(
        noiseDecibels: Double, refreshDecibels: Double? = -40, minDuration: Double,
        mergeGap: Double = 0
    ) {
        self.noise = Decibels.amplitude(noiseDecibels)
        self.refresh = refreshDecibels.map { max(Decibels.amplitude($0), Decibels.amplitude(noiseDecibels)) } ?? 0
        self.tracker = SpanTracker(minDuration: minDuration, mergeGap: mergeGap)
    }

    /// The mean absolute difference of `plane` from `snapshot` (0…1), or nil
    /// when it is certainly above `ceiling` or the snapshot is not comparable.
    func difference(of plane: LumaPlane, from snapshot: LumaSnapshot, ceiling: Double) -> Double? {
        guard snapshot.matches(plane) else { return nil }
        let scale = Double(plane.pixelCount) * Double(1 << plane.bitDepth)
        let limit = UInt64((ceiling * scale).rounded(.down))
        let sad = LumaKernels.sumOfAbsoluteDifferences(plane, snapshot, limit: limit)
        guard sad <= limit else { return nil }
        return Double(sad) / scale
    }

    /// The difference from the still picture (for tests).
    func difference(of plane: LumaPlane) -> Double? {
        difference(of: plane, from: reference, ceiling: noise)
    }

    /// The difference from the still picture for the last frame, in dB,
    /// capped at the ceiling it was measured against (see `FrameTrace`).
    public private(set) var lastTrace: Double?

    public func process(_ frame: VideoFrame) {
        let position = StreamPosition(time: frame.time, frame: frame.index)
        lastTrace = nil
        if let refreshed = pending {
            pending = nil
            if let difference = difference(of: frame.luma, from: candidate, ceiling: noise) {
                // The picture held still after the step: the refresh frame is the new still picture.
                swap(&reference, &candidate)
                if recentRefreshes.count == Self.refreshBurst { recentRefreshes.removeFirst() }
                recentRefreshes.append(refreshed.position.frame ?? frame.index)
                var evidence = Evidence(maxDifference: max(refreshed.difference, difference))
                evidence.refreshes = 1
                tracker.observe(defective: true, at: refreshed.position, evidence: evidence)
                tracker.observe(defective: true, at: position, evidence: Evidence(maxDifference: difference))
                return
            }
            // No: the run ended before the step; the step frame may start a new one.
            tracker.observe(defective: false, at: refreshed.position)
            swap(&reference, &candidate)
            referencePosition = refreshed.position
        }
        let open = tracker.isOpen
        let burstFull =
            recentRefreshes.count == Self.refreshBurst
            && frame.index - (recentRefreshes.first ?? 0) < Self.refreshWindow
        let ceiling = open && refresh > noise && !burstFull ? refresh : noise
        let measured = difference(of: frame.luma, from: reference, ceiling: ceiling)
        lastTrace = measured ?? ceiling
        if let difference = measured {
            if difference <= noise {
                // The span starts at the reference: the first frame of the still run.
                tracker.observe(
                    defective: true, at: open ? position : referencePosition,
                    evidence: Evidence(maxDifference: difference))
                return
            }
            candidate.copy(from: frame.luma)
            pending = (position, difference)
            return
        }
        tracker.observe(defective: false, at: position)
        reference.copy(from: frame.luma)
        referencePosition = position
    }

    public func close(at end: StreamEnd) {
        // A refresh still waiting at the end never held still: the run ends before it.
        if let refreshed = pending { tracker.observe(defective: false, at: refreshed.position) }
    }
}

extension DetectorDescriptor {
    /// `freeze`: see Docs/detectors.md.
    public static let freeze = DetectorDescriptor(
        id: FreezeDetector.id, summary: "frames that do not change from the first frame of a still run",
        parameters: [Knobs.noise.spec, Knobs.refresh.spec, Knobs.minDuration.spec, Knobs.mergeGap.spec],
        suppressedWithin: [BlackDetector.id, ColorBarsDetector.id],
        factory: .video { settings, context in
            FreezeDetector(
                noiseDecibels: settings[Knobs.noise],
                refreshDecibels: settings[Knobs.refresh], minDuration: settings[Knobs.minDuration],
                mergeGap: settings[Knobs.mergeGap])
        })
}

private enum Knobs {
    static let noise = Parameter.noise("largest mean luma difference (relative to full range) still frozen")
    static let refresh = Parameter(
        optional: "refresh", .decibels, default: -40, range: -200...0,
        help: "largest one-frame step inside a freeze taken as a key frame re-coding the still picture (none: off)")
    static let minDuration = Parameter.minDuration(of: "freeze")
    static let mergeGap = Parameter.mergeGap()
}

extension FreezeDetector: FrameTrace {
    public var traceName: String { "freeze.difference" }
    public var traceUnit: String { "dB" }
    public var traceThresholds: [Double] { [noise] }
    public var traceKeepsLowest: Bool { true }
}
