import Foundation

/// Spans that FFmpeg's blackdetect, freezedetect and silencedetect print for a
/// file, with the same thresholds as avqc's defaults (or those given).
struct FFmpegSpans {
    var black: [ClosedRange<Double>] = []
    var freeze: [ClosedRange<Double>] = []
    var silence: [ClosedRange<Double>] = []

    static func measure(
        _ file: URL, video: Bool, audio: Bool, blackFilter: String = "blackdetect=d=2:pic_th=0.98:pix_th=0.1"
    ) throws -> FFmpegSpans {
        var arguments = ["-hide_banner", "-nostdin", "-i", file.path]
        if video { arguments += ["-vf", "\(blackFilter),freezedetect=n=-60dB:d=2"] } else { arguments += ["-vn"] }
        if audio { arguments += ["-af", "silencedetect=n=-60dB:d=2"] } else { arguments += ["-an"] }
        arguments += ["-f", "null", "-"]
        let run = try execute("ffmpeg", arguments)
        return parse(run.stderr)
    }

    static func parse(_ log: String) -> FFmpegSpans {
        var spans = FFmpegSpans()
        var freezeStart: Double?
        var silenceStart: Double?
        for line in log.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let text = String(line)
            if let start = value(after: "black_start:", in: text), let end = value(after: "black_end:", in: text) {
                spans.black.append(start...end)
            }
            if let start = value(after: "freeze_start: ", in: text) { freezeStart = start }
            if let end = value(after: "freeze_end: ", in: text), let start = freezeStart {
                spans.freeze.append(start...end)
                freezeStart = nil
            }
            if let start = value(after: "silence_start: ", in: text) { silenceStart = start }
            if let end = value(after: "silence_end: ", in: text), let start = silenceStart {
                spans.silence.append(start...end)
                silenceStart = nil
            }
        }
        return spans
    }

    private static func value(after key: String, in text: String) -> Double? {
        guard let range = text.range(of: key) else { return nil }
        let rest = text[range.upperBound...].prefix { $0.isNumber || $0 == "." || $0 == "-" || $0 == "e" }
        return Double(rest)
    }
}
