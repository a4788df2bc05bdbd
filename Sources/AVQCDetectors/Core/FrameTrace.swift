/// A detector that exposes one figure per frame for the HTML report's
/// graphs: the figure it decides on, read after each `process`.
public protocol FrameTrace: AnyObject {
    /// e.g. `freeze.difference`.
    var traceName: String { get }
    /// e.g. `dB`, `score`.
    var traceUnit: String { get }
    /// Lines to draw across the graph (the detector's threshold).
    var traceThresholds: [Double] { get }
    /// True when a graph point should keep the lowest of its frames (a
    /// freeze is a dip), false for the highest (blockiness is a peak).
    var traceKeepsLowest: Bool { get }
    /// The figure for the frame just processed; nil when none was computed.
    var lastTrace: Double? { get }
}
