import AVQCModel

/// `freeze`: spans in which every frame differs from the first frame of the
/// still run by no more than a noise floor. See Docs/detectors.md.
public final class FreezeDetector: Detector {
    /// Evidence kept per span: the largest difference from the reference picture.
    public struct Evidence: SpanEvidence {
        /// Mean absolute difference relative to 2^bitDepth (0…1).
        public var maxDifference: Double
        public static var empty: Evidence { Evidence(maxDifference: 0) }
        public mutating func absorb(_ other: Evidence) { maxDifference = max(maxDifference, other.maxDifference) }
        public var details: [String: DetailValue] {
            ["maxDifferenceDB": .number(Decibels.from(amplitude: maxDifference))]
        }
    }

    public static let id = "freeze"

    /// Largest mean absolute difference, relative to the full code range, still counted as frozen.
    public let noise: Double
    private let streamIndex: Int
    private var tracker: SpanTracker<Evidence>
    private let reference = LumaSnapshot()
    private var referencePosition = StreamPosition(time: 0, frame: 0)

    /// - Parameters:
    ///   - noiseDecibels: the noise floor in dB (−60 dB = 0.001 of full range).
    ///   - minDuration: shortest span reported, in seconds.
    public init(streamIndex: Int, noiseDecibels: Double, minDuration: Double, mergeGap: Double = 0) {
        self.streamIndex = streamIndex
        self.noise = Decibels.amplitude(noiseDecibels)
        self.tracker = SpanTracker(minDuration: minDuration, mergeGap: mergeGap)
    }

    /// The mean absolute difference of `plane` from the reference (0…1), or
    /// nil when it is certainly above the noise floor or there is no comparable reference.
    func difference(of plane: LumaPlane) -> Double? {
        guard reference.matches(plane) else { return nil }
        let scale = Double(plane.pixelCount) * Double(1 << plane.bitDepth)
        let limit = UInt64((noise * scale).rounded(.down))
        let sad = LumaKernels.sumOfAbsoluteDifferences(plane, reference, limit: limit)
        guard sad <= limit else { return nil }
        return Double(sad) / scale
    }

    public func process(_ frame: VideoFrame) {
        let position = StreamPosition(time: frame.time, frame: frame.index)
        if let difference = difference(of: frame.luma), difference <= noise {
            // The span starts at the reference: the first frame of the still run.
            tracker.observe(
                defective: true, at: tracker.isOpen ? position : referencePosition,
                evidence: Evidence(maxDifference: difference))
        } else {
            tracker.observe(defective: false, at: position)
            reference.copy(from: frame.luma)
            referencePosition = position
        }
    }

    public func finish(at end: StreamEnd) -> DetectorResult {
        DetectorResult(
            defects: tracker.finish(at: end.position).map { $0.defect(detector: Self.id, streamIndex: streamIndex) })
    }
}
