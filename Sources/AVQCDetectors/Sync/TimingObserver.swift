import AVQCModel

/// An observer that only makes sure a stream is decoded (so its timing is
/// known); it looks at nothing.
public final class TimingObserver<Unit: DecodedUnit>: Detector {
    public init() {}
    public func process(_ unit: Unit) {}
    public func finish(at end: StreamEnd) -> DetectorResult { DetectorResult() }
}
