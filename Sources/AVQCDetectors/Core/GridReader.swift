/// A video detector that reads the per-cell means (`VideoFrame.grid`). The
/// detector bank computes the grid once per frame only when two or more
/// readers share a stream; a lone reader computes its own, and a stream
/// without readers pays nothing (the same rule as `EnvelopeReader`).
public protocol GridReader: AnyObject {}
