/// Every detector avqc has, in the order reports list them: one line each.
/// A detector's descriptor (id, summary, typed parameters, factory) lives in
/// its own file; adding a detector means that file and one line here.
public enum DetectorCatalog {
    public static let all: [DetectorDescriptor] = [
        .black,
        .freeze,
        .silence,
        .blockiness,
        .decodeError,
        .truncation,
        .timestampGap,
        .formatChange,
        .loudness,
        .clipping,
        .dropout,
        .channelSilent,
        .phaseInversion,
        .testTone,
        .dualMono,
        .dcOffset,
        .clicks,
        .streamAlignment,
        .avSync,
        .pse,
        .colorBars,
        .blackBorders,
        .broadcastRange,
        .interlace,
    ]

    /// The detectors that run when none are named.
    public static var defaults: [DetectorDescriptor] { all.filter(\.enabledByDefault) }

    /// The detector with this id.
    public static func descriptor(id: String) -> DetectorDescriptor? {
        all.first { $0.id == id }
    }
}
