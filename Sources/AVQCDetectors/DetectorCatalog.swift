import AVQCModel

/// Every detector avqc has, in the order reports list them.
public enum DetectorCatalog {
    /// Longest duration parameter accepted, in seconds (one day).
    static let maxSeconds = 86_400.0

    static func minDuration(_ what: String, _ defaultValue: Double = 2.0) -> ParameterSpec {
        ParameterSpec(
            name: "min-duration", unit: .seconds, defaultValue: defaultValue, range: 0...maxSeconds,
            help: "shortest \(what) span reported")
    }

    static func mergeGap(_ defaultValue: Double = 0) -> ParameterSpec {
        ParameterSpec(
            name: "merge-gap", unit: .seconds, defaultValue: defaultValue, range: 0...maxSeconds,
            help: "spans closer than this merge into one (0: never)")
    }

    static func noise(_ help: String) -> ParameterSpec {
        ParameterSpec(name: "noise", unit: .decibels, defaultValue: -60, range: -200...0, help: help)
    }

    public static let black = DetectorDescriptor(
        id: BlackDetector.id, kinds: [.video],
        summary: "frames that are (almost) entirely black; range and depth aware",
        parameters: [
            minDuration("black"),
            ParameterSpec(
                name: "picture-ratio", unit: .ratio, defaultValue: 0.98, range: 0...1,
                help: "share of a frame's pixels that must be black"),
            ParameterSpec(
                name: "pixel-threshold", unit: .ratio, defaultValue: 0.10, range: 0...1,
                help: "a pixel is black at or below this fraction of the range above black"),
            mergeGap(),
        ],
        factory: { settings, context in
            .video(
                BlackDetector(
                    streamIndex: context.streamIndex, minDuration: settings["min-duration"],
                    mergeGap: settings["merge-gap"], pictureRatio: settings["picture-ratio"],
                    pixelThreshold: settings["pixel-threshold"]))
        })

    public static let freeze = DetectorDescriptor(
        id: FreezeDetector.id, kinds: [.video],
        summary: "frames that do not change from the first frame of a still run",
        parameters: [
            noise("largest mean luma difference (relative to full range) still frozen"),
            ParameterSpec(
                name: "refresh", unit: .decibels, defaultValue: -40, range: -200...0,
                help:
                    "largest one-frame step inside a freeze taken as a key frame re-coding the still picture (none: off)",
                allowsNone: true),
            minDuration("freeze"),
            mergeGap(),
        ],
        suppressedWithin: [BlackDetector.id],
        factory: { settings, context in
            .video(
                FreezeDetector(
                    streamIndex: context.streamIndex, noiseDecibels: settings["noise"],
                    refreshDecibels: settings["refresh"].isNaN ? nil : settings["refresh"],
                    minDuration: settings["min-duration"], mergeGap: settings["merge-gap"]))
        })

    public static let silence = DetectorDescriptor(
        id: SilenceDetector.id, kinds: [.audio],
        summary: "every channel of an audio stream below a level",
        parameters: [
            noise("level in dBFS that every channel must stay below"),
            minDuration("silence"),
            mergeGap(),
        ],
        factory: { settings, context in
            .audio(
                SilenceDetector(
                    streamIndex: context.streamIndex, noiseDecibels: settings["noise"],
                    minDuration: settings["min-duration"], mergeGap: settings["merge-gap"]))
        })

    public static let blockiness = DetectorDescriptor(
        id: BlockinessDetector.id, kinds: [.video],
        summary: "visible coding-block edges (starved encodes, broken macroblocks)",
        parameters: [
            ParameterSpec(
                name: "threshold", unit: .ratio, defaultValue: 0.30, range: 0...1,
                help:
                    "score (share of grid positions with a block edge minus the share elsewhere) above which a frame can be blocky"
            ),
            ParameterSpec(
                name: "contrast", unit: .ratio, defaultValue: 7, range: 1...1000,
                help:
                    "block edges must be at least this many times likelier on the grid than off it, in both directions"),
            ParameterSpec(
                name: "quantizer", unit: .ratio, defaultValue: 0.85, range: 0...1,
                help:
                    "a frame whose mean coding quantizer is at least this share of the codec's coarsest is starved (H.264 QP 43.4, MPEG-1/2/4 quantiser_scale 52.7, VP9 qindex 216.8)"
            ),
            minDuration("blockiness", 0.5),
            mergeGap(0.5),
        ],
        factory: { settings, context in
            .video(
                BlockinessDetector(
                    streamIndex: context.streamIndex, codec: context.stream.codec, threshold: settings["threshold"],
                    contrast: settings["contrast"], quantizerLevel: settings["quantizer"],
                    minDuration: settings["min-duration"],
                    mergeGap: settings["merge-gap"]))
        })

    public static let decodeError = DetectorDescriptor(
        id: "decode-error", kinds: [.video, .audio],
        summary: "frames the decoder reported damage for (errors, corrupt flags)",
        parameters: [minDuration("decode-error", 0), mergeGap(1.0)],
        factory: { settings, context in
            switch context.stream.type {
            case .video:
                return .video(
                    DecodeErrorDetector<VideoFrame>(
                        streamIndex: context.streamIndex, minDuration: settings["min-duration"],
                        mergeGap: settings["merge-gap"]))
            case .audio:
                return .audio(
                    DecodeErrorDetector<AudioBlock>(
                        streamIndex: context.streamIndex, minDuration: settings["min-duration"],
                        mergeGap: settings["merge-gap"]))
            }
        })

    public static let truncation = DetectorDescriptor(
        id: "truncation", kinds: [.video, .audio],
        summary: "a stream that ends before its container says, or mid-packet",
        parameters: [
            ParameterSpec(
                name: "tolerance", unit: .seconds, defaultValue: 0.25, range: 0...maxSeconds,
                help: "shortfall against the stream's declared end still taken as complete"),
            ParameterSpec(
                name: "container-tolerance", unit: .seconds, defaultValue: 0.5, range: 0...maxSeconds,
                help: "shortfall allowed when only the container declares a duration (streams end apart)"),
        ],
        factory: { settings, context in
            switch context.stream.type {
            case .video:
                return .video(
                    TruncationDetector<VideoFrame>(
                        streamIndex: context.streamIndex, tolerance: settings["tolerance"],
                        containerTolerance: settings["container-tolerance"]))
            case .audio:
                return .audio(
                    TruncationDetector<AudioBlock>(
                        streamIndex: context.streamIndex, tolerance: settings["tolerance"],
                        containerTolerance: settings["container-tolerance"]))
            }
        })

    public static let timestampGap = DetectorDescriptor(
        id: VideoTimestampGapDetector.id, kinds: [.video, .audio],
        summary: "dropped frames, time running backwards, audio holes/overlaps",
        parameters: [
            ParameterSpec(
                name: "max-ratio", unit: .ratio, defaultValue: 1.5, range: 1...1000,
                help: "video: a step longer than this many frame durations is a gap"),
            ParameterSpec(
                name: "regular-share", unit: .ratio, defaultValue: 0.9, range: 0...1,
                help: "video: share of regular steps that makes a stream constant-rate"),
            ParameterSpec(
                name: "audio-tolerance", unit: .seconds, defaultValue: 0.010, range: 0...maxSeconds,
                help: "audio: largest hole or overlap in the sample timeline ignored"),
            mergeGap(),
        ],
        factory: { settings, context in
            switch context.stream.type {
            case .video:
                return .video(
                    VideoTimestampGapDetector(
                        streamIndex: context.streamIndex, frameRate: context.stream.frameRate,
                        maxRatio: settings["max-ratio"], regularShare: settings["regular-share"],
                        mergeGap: settings["merge-gap"]))
            case .audio:
                return .audio(
                    AudioTimestampGapDetector(
                        streamIndex: context.streamIndex, tolerance: settings["audio-tolerance"],
                        mergeGap: settings["merge-gap"]))
            }
        })

    public static let formatChange = DetectorDescriptor(
        id: "format-change", kinds: [.video, .audio],
        summary: "resolution, pixel format, rate or layout changing mid-stream",
        parameters: [minDuration("format-change", 0), mergeGap()],
        factory: { settings, context in
            switch context.stream.type {
            case .video:
                return .video(
                    FormatChangeDetector<VideoFrame>(
                        streamIndex: context.streamIndex, minDuration: settings["min-duration"],
                        mergeGap: settings["merge-gap"]))
            case .audio:
                return .audio(
                    FormatChangeDetector<AudioBlock>(
                        streamIndex: context.streamIndex, minDuration: settings["min-duration"],
                        mergeGap: settings["merge-gap"]))
            }
        })

    public static let loudness = DetectorDescriptor(
        id: LoudnessDetector.id, kinds: [.audio],
        summary: "EBU R128 / BS.1770-4 loudness, range and true peak; compliance on request",
        parameters: [
            ParameterSpec(
                name: "standard", unit: .choice, defaultValue: 0, range: 0...2,
                help: "check compliance: ebu-r128 (-23 LUFS ±1 LU, ≤ -1 dBTP) or atsc-a85 (-24 LKFS ±2 LU, ≤ -2 dBTP)",
                choices: LoudnessStandard.choices),
            ParameterSpec(
                name: "target", unit: .decibels, defaultValue: .nan, range: -70...0,
                help: "integrated loudness target in LUFS (overrides the standard's)", allowsNone: true),
            ParameterSpec(
                name: "tolerance", unit: .decibels, defaultValue: .nan, range: 0...30,
                help: "allowed deviation from the target in LU (default: the standard's, else 1)", allowsNone: true),
            ParameterSpec(
                name: "max-true-peak", unit: .decibels, defaultValue: .nan, range: -60...6,
                help: "largest true peak allowed in dBTP (overrides the standard's)", allowsNone: true),
        ],
        factory: { settings, context in
            .audio(
                LoudnessDetector(
                    streamIndex: context.streamIndex,
                    compliance: LoudnessDetector.compliance(
                        standard: settings["standard"], target: settings["target"], tolerance: settings["tolerance"],
                        maxTruePeak: settings["max-true-peak"])))
        })

    public static let clipping = DetectorDescriptor(
        id: ClippingDetector.id, kinds: [.audio],
        summary: "runs of samples held at full scale on any channel",
        parameters: [
            ParameterSpec(
                name: "min-run", unit: .count, defaultValue: 3, range: 1...1_000_000,
                help: "consecutive full-scale samples that count as clipping"),
            ParameterSpec(
                name: "flat-share", unit: .ratio, defaultValue: 0.45, range: 0...1,
                help: "lossy/float audio: share of a 20 ms window within 1 dB of full scale that makes a flat top"),
            mergeGap(0.1),
        ],
        factory: { settings, context in
            .audio(
                ClippingDetector(
                    streamIndex: context.streamIndex, minRun: Int(settings["min-run"]), mergeGap: settings["merge-gap"],
                    flatShare: settings["flat-share"])
            )
        })

    public static let dropout = DetectorDescriptor(
        id: DropoutDetector.id, kinds: [.audio],
        summary: "short digital silence inside active audio (splices, lost packets)",
        parameters: [
            ParameterSpec(
                name: "level", unit: .decibels, defaultValue: -90, range: -200...0,
                help: "every channel below this (dBFS) is a dropout sample"),
            ParameterSpec(
                name: "active-level", unit: .decibels, defaultValue: -50, range: -200...0,
                help: "audio on both sides must reach this (dBFS) within the guard time"),
            ParameterSpec(
                name: "min-length", unit: .seconds, defaultValue: 0.005, range: 0...maxSeconds,
                help: "shortest dropout"),
            ParameterSpec(
                name: "max-length", unit: .seconds, defaultValue: 0.2, range: 0...maxSeconds,
                help: "longest dropout (lost packets are a few codec frames; longer quiet is an edit or a pause)"),
            ParameterSpec(
                name: "guard", unit: .seconds, defaultValue: 0.05, range: 0...maxSeconds,
                help: "how near the active audio must be on each side"),
            ParameterSpec(
                name: "min-edge-jump", unit: .ratio, defaultValue: 2, range: 0...1_000_000,
                help:
                    "how cut the edges must be: geometric mean of the jumps into and out of the gap, each the sample beside it over the mean step of the 2 ms beside it (0: any edge)"
            ),
            mergeGap(),
        ],
        factory: { settings, context in
            .audio(
                DropoutDetector(
                    streamIndex: context.streamIndex, quietDecibels: settings["level"],
                    activeDecibels: settings["active-level"], minLength: settings["min-length"],
                    maxLength: settings["max-length"], guardTime: settings["guard"], mergeGap: settings["merge-gap"],
                    minEdgeJump: settings["min-edge-jump"]))
        })

    public static let channelSilent = DetectorDescriptor(
        id: ChannelSilenceDetector.id, kinds: [.audio],
        summary: "one channel of a multichannel stream silent while others play",
        parameters: [
            ParameterSpec(
                name: "level", unit: .decibels, defaultValue: -80, range: -200...0,
                help: "a channel below this (dBFS) is silent"),
            minDuration("channel-silent"),
            ParameterSpec(
                name: "include-lfe", unit: .boolean, defaultValue: 0, range: 0...1,
                help: "also watch the LFE channel (often silent in real mixes)"),
        ],
        factory: { settings, context in
            .audio(
                ChannelSilenceDetector(
                    streamIndex: context.streamIndex, levelDecibels: settings["level"],
                    minDuration: settings["min-duration"], includeLFE: settings["include-lfe"] != 0))
        })

    public static let phaseInversion = DetectorDescriptor(
        id: PhaseInversionDetector.id, kinds: [.audio],
        summary: "a stereo pair in opposite phase (cancels when played in mono)",
        parameters: [
            ParameterSpec(
                name: "threshold", unit: .ratio, defaultValue: -0.3, range: -1...1,
                help: "correlation (smoothed over 200 ms) at or below which the pair is inverted"),
            minDuration("phase-inversion"),
            mergeGap(),
        ],
        factory: { settings, context in
            .audio(
                PhaseInversionDetector(
                    streamIndex: context.streamIndex, threshold: settings["threshold"],
                    minDuration: settings["min-duration"], mergeGap: settings["merge-gap"]))
        })

    public static let streamAlignment = DetectorDescriptor(
        id: StreamAlignmentDetector.id, kinds: [.video, .audio],
        summary: "audio starting or ending away from video (from timestamps)",
        parameters: [
            ParameterSpec(
                name: "max-start-offset", unit: .seconds, defaultValue: 0.1, range: 0...maxSeconds,
                help: "largest difference between the first audio and video start"),
            ParameterSpec(
                name: "max-end-offset", unit: .seconds, defaultValue: 0.5, range: 0...maxSeconds,
                help: "largest difference between their ends"),
        ],
        isFileLevel: true,
        factory: { settings, _ in
            .file(
                StreamAlignmentDetector(
                    maxStartOffset: settings["max-start-offset"], maxEndOffset: settings["max-end-offset"]))
        })

    public static let avSync = DetectorDescriptor(
        id: AVSyncDetector.id, kinds: [.video, .audio],
        summary: "audio/video offset and drift measured from flash-and-beep sync patterns",
        parameters: [
            ParameterSpec(
                name: "max-lead", unit: .seconds, defaultValue: 0.040, range: 0...maxSeconds,
                help: "largest audio lead allowed (EBU R37: 40 ms)"),
            ParameterSpec(
                name: "max-lag", unit: .seconds, defaultValue: 0.060, range: 0...maxSeconds,
                help: "largest audio lag allowed (EBU R37: 60 ms)"),
            ParameterSpec(
                name: "min-events", unit: .count, defaultValue: 3, range: 2...1_000_000,
                help: "paired flash/beep events needed to call it a pattern"),
            ParameterSpec(
                name: "max-drift", unit: .ratio, defaultValue: .nan, range: 0...1_000_000,
                help: "largest drift allowed, in ms per minute (none: drift is measured, not gated)", allowsNone: true),
            ParameterSpec(
                name: "require-pattern", unit: .boolean, defaultValue: 0, range: 0...1,
                help: "a file in which no pattern can be measured is a defect (for CI gates on sync references)"),
        ],
        isFileLevel: true,
        factory: { settings, _ in
            .file(
                AVSyncDetector(
                    maxLead: settings["max-lead"], maxLag: settings["max-lag"], minEvents: Int(settings["min-events"]),
                    maxDrift: settings["max-drift"].isNaN ? nil : settings["max-drift"],
                    requirePattern: settings["require-pattern"] != 0))
        })

    /// All detectors, in report order.
    public static let all: [DetectorDescriptor] = [
        black, freeze, silence, blockiness, decodeError, truncation, timestampGap, formatChange, loudness, clipping,
        dropout, channelSilent, phaseInversion, streamAlignment, avSync,
    ]

    /// The detector with this id.
    public static func descriptor(id: String) -> DetectorDescriptor? {
        all.first { $0.id == id }
    }
}
