import AVQCModel

/// Every detector avqc has, in the order reports list them.
public enum DetectorCatalog {
    /// Longest duration parameter accepted, in seconds (one day).
    static let maxSeconds = 86_400.0

    static func minDuration(_ what: String) -> ParameterSpec {
        ParameterSpec(
            name: "min-duration", unit: .seconds, defaultValue: 2.0, range: 0...maxSeconds,
            help: "shortest \(what) span reported")
    }

    public static let black = DetectorDescriptor(
        id: BlackDetector.id, kind: .video,
        summary: "frames that are (almost) entirely black; range and depth aware",
        parameters: [
            minDuration("black"),
            ParameterSpec(
                name: "picture-ratio", unit: .ratio, defaultValue: 0.98, range: 0...1,
                help: "share of a frame's pixels that must be black"),
            ParameterSpec(
                name: "pixel-threshold", unit: .ratio, defaultValue: 0.10, range: 0...1,
                help: "a pixel is black at or below this fraction of the range above black"),
        ],
        factory: { settings, context in
            .video(
                BlackDetector(
                    streamIndex: context.streamIndex, minDuration: settings["min-duration"],
                    pictureRatio: settings["picture-ratio"], pixelThreshold: settings["pixel-threshold"]))
        })

    public static let freeze = DetectorDescriptor(
        id: FreezeDetector.id, kind: .video,
        summary: "frames that do not change from the first frame of a still run",
        parameters: [
            ParameterSpec(
                name: "noise", unit: .decibels, defaultValue: -60, range: -200...0,
                help: "largest mean luma difference (relative to full range) still frozen"),
            minDuration("freeze"),
        ],
        suppressedWithin: [BlackDetector.id],
        factory: { settings, context in
            .video(
                FreezeDetector(
                    streamIndex: context.streamIndex, noiseDecibels: settings["noise"],
                    minDuration: settings["min-duration"]))
        })

    public static let silence = DetectorDescriptor(
        id: SilenceDetector.id, kind: .audio,
        summary: "every channel of an audio stream below a level",
        parameters: [
            ParameterSpec(
                name: "noise", unit: .decibels, defaultValue: -60, range: -200...0,
                help: "level in dBFS that every channel must stay below"),
            minDuration("silence"),
        ],
        factory: { settings, context in
            .audio(
                SilenceDetector(
                    streamIndex: context.streamIndex, noiseDecibels: settings["noise"],
                    minDuration: settings["min-duration"]))
        })

    /// All detectors, in report order.
    public static let all: [DetectorDescriptor] = [black, freeze, silence]

    /// The detector with this id.
    public static func descriptor(id: String) -> DetectorDescriptor? {
        all.first { $0.id == id }
    }
}
