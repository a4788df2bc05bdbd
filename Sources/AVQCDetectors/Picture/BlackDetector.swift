import AVQCModel

/// `black`: spans of frames in which nearly every luma sample is at or near
/// the nominal black level. See Docs/detectors.md.
public final class BlackDetector: SpanDetector {
    /// Evidence kept per span: the lowest share of black pixels in any of its frames.
    public struct Evidence: SpanEvidence {
        public var minBlackRatio: Double
        public static var empty: Evidence { Evidence(minBlackRatio: 1) }
        public mutating func absorb(_ other: Evidence) { minBlackRatio = min(minBlackRatio, other.minBlackRatio) }
        public var details: [String: DetailValue] { ["minBlackRatio": .number(minBlackRatio)] }
    }

    public static let id = "black"

    /// Share of pixels (0…1) that must be black for the frame to count as black.
    public let pictureRatio: Double
    /// Black-pixel threshold as a fraction (0…1) of the nominal range above black.
    public let pixelThreshold: Double
    public var tracker: SpanTracker<Evidence>

    public init(
        minDuration: Double, mergeGap: Double = 0, pictureRatio: Double, pixelThreshold: Double
    ) {
        self.pictureRatio = pictureRatio
        self.pixelThreshold = pixelThreshold
        self.tracker = SpanTracker(minDuration: minDuration, mergeGap: mergeGap)
    }

    /// The highest code that counts as black in `plane` (range and depth aware).
    public func thresholdCode(for plane: LumaPlane) -> Int {
        Int((plane.blackCode + pixelThreshold * (plane.whiteCode - plane.blackCode)).rounded(.down))
    }

    /// Share of black pixels in `plane`, or nil when the frame is certainly not black.
    public func blackRatio(of plane: LumaPlane) -> Double? {
        let pixels = plane.pixelCount
        guard pixels > 0 else { return nil }
        let maxAbove = Int((Double(pixels) * (1 - pictureRatio)).rounded(.down)) + 1
        guard let below = LumaKernels.countAtOrBelow(plane, threshold: thresholdCode(for: plane), maxAbove: maxAbove)
        else { return nil }
        return Double(below) / Double(pixels)
    }

    public func process(_ frame: VideoFrame) {
        let position = StreamPosition(time: frame.time, frame: frame.index)
        if let ratio = blackRatio(of: frame.luma), ratio >= pictureRatio {
            tracker.observe(defective: true, at: position, evidence: Evidence(minBlackRatio: ratio))
        } else {
            tracker.observe(defective: false, at: position)
        }
    }

}

extension DetectorDescriptor {
    /// `black`: see Docs/detectors.md.
    public static let black = DetectorDescriptor(
        id: BlackDetector.id, summary: "frames that are (almost) entirely black; range and depth aware",
        parameters: [Knobs.minDuration.spec, Knobs.pictureRatio.spec, Knobs.pixelThreshold.spec, Knobs.mergeGap.spec],
        factory: .video { settings, context in
            BlackDetector(
                minDuration: settings[Knobs.minDuration],
                mergeGap: settings[Knobs.mergeGap], pictureRatio: settings[Knobs.pictureRatio],
                pixelThreshold: settings[Knobs.pixelThreshold])
        })
}

private enum Knobs {
    static let minDuration = Parameter.minDuration(of: "black")
    static let pictureRatio = Parameter(
        "picture-ratio", .ratio, default: 0.98, range: 0...1, help: "share of a frame's pixels that must be black")
    static let pixelThreshold = Parameter(
        "pixel-threshold", .ratio, default: 0.10, range: 0...1,
        help: "a pixel is black at or below this fraction of the range above black")
    static let mergeGap = Parameter.mergeGap()
}
