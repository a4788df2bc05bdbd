/// An audio detector that reads the all-channel envelope
/// (`AudioBlock.envelope`). The detector bank computes the envelope once per
/// block only when two or more readers share a stream; a lone reader
/// computes its own, and a stream without readers pays nothing.
public protocol EnvelopeReader: AnyObject {}
