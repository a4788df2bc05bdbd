import AVQCModel

/// What video frames and audio blocks have in common, for detectors that
/// read either: where the unit starts, how long it lasts, its damage and
/// its format.
public protocol DecodedUnit {
    associatedtype Format: Equatable & CustomStringConvertible & Sendable
    /// Presentation time of the unit's start and, for video, its frame index.
    var position: StreamPosition { get }
    /// Seconds the unit lasts.
    var length: Double { get }
    var damage: FrameDamage { get }
    var unitFormat: Format { get }
}
