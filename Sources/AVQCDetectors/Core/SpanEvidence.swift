import AVQCModel

/// What a detector remembers about the frames or samples inside one span,
/// folded together as the span grows and when two spans merge.
public protocol SpanEvidence: Sendable {
    /// Evidence of nothing (the identity for `absorb`).
    static var empty: Self { get }
    /// Folds `other` into `self`.
    mutating func absorb(_ other: Self)
    /// The span's `details` in reports.
    var details: [String: DetailValue] { get }
}
