import AVQCModel
import Foundation

/// Renderings of defects and streams shared by the text, CSV and JUnit
/// reports. Frame ranges follow one convention everywhere: the start frame
/// is the first defective frame and the end frame the first good frame
/// after the span, so `frames [50, 125)` holds frames 50 to 124, as JSON's
/// `startFrame` 50 and `endFrame` 125 do.
public enum DefectText {
    /// e.g. `00:00:02.000 → 00:00:05.000  3.000 s  frames [50, 125)  minBlackRatio=1`,
    /// with SMPTE timecodes for in and out when the file has a timecode.
    public static func line(_ defect: Defect, timecode: StartTimecode? = nil) -> String {
        var parts = [span(defect, timecode: timecode), duration(defect.duration)]
        if let frames = frames(defect) { parts.append(frames) }
        let evidence = evidence(defect.details)
        if !evidence.isEmpty { parts.append(evidence) }
        return parts.joined(separator: "  ")
    }

    /// In and out: SMPTE (`10:00:02:00 → 10:00:05:00`) when the file has a
    /// timecode, else elapsed time (`00:00:02.000 → 00:00:05.000`).
    public static func span(_ defect: Defect, timecode: StartTimecode?) -> String {
        if let timecode {
            return timecode.string(atSeconds: defect.start) + " → " + timecode.string(atSeconds: defect.end)
        }
        return Timecode.string(fromSeconds: defect.start) + " → " + Timecode.string(fromSeconds: defect.end)
    }

    /// Seconds to the millisecond, e.g. `3.000 s`.
    public static func duration(_ seconds: Double) -> String {
        String(format: "%.3f s", seconds.isFinite ? seconds : 0)
    }

    /// `frames [50, 125)`, or `before frame 50` for an empty span (a
    /// timestamp jump, a truncation); nil for audio.
    public static func frames(_ defect: Defect) -> String? {
        guard let first = defect.startFrame, let end = defect.endFrame else { return nil }
        return end > first ? "frames [\(first), \(end))" : "before frame \(first)"
    }

    /// `key=value` pairs, the verdict first (`reason`, `missing`), then in
    /// key order; numbers with sensible precision.
    public static func evidence(_ details: [String: DetailValue]) -> String {
        let first = ["reason", "missing"].filter { details[$0] != nil }
        let keys = first + details.keys.filter { !first.contains($0) }.sorted()
        return keys.map { "\($0)=\(value(details[$0]))" }.joined(separator: " ")
    }

    /// A detail for reading: at most 3 significant decimals (`-80.42`,
    /// `0.00123`), whole numbers as such, series as their size and range.
    public static func value(_ detail: DetailValue?) -> String {
        switch detail {
        case .number(let value): return number(value)
        case .numbers(let values):
            guard let low = values.min(), let high = values.max() else { return "0 values" }
            return "\(values.count) values, \(number(low)) to \(number(high))"
        case .some(let other): return other.description
        case nil: return ""
        }
    }

    /// e.g. 1 → `1`, 80.419722 → `80.42`, 0.0012345 → `0.00123`, 123.456 → `123.5`.
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return Rounding.text(value) }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        let magnitude = abs(value)
        let text: String
        if magnitude >= 100 {
            text = String(format: "%.1f", value)
        } else if magnitude >= 1 {
            text = String(format: "%.2f", value)
        } else {
            text = String(format: "%.3g", value)
        }
        guard text.contains("."), !text.contains("e") else { return text }
        var trimmed = text
        while trimmed.hasSuffix("0") { trimmed.removeLast() }
        if trimmed.hasSuffix(".") { trimmed.removeLast() }
        return trimmed
    }

    /// e.g. `#0 video h264 1920x1080 25 fps yuv420p eng "Main"`
    public static func stream(_ stream: StreamInfo) -> String {
        var parts = ["#\(stream.index)", stream.type.rawValue, stream.codec]
        if let width = stream.width, let height = stream.height { parts.append("\(width)x\(height)") }
        if let rate = stream.frameRate { parts.append("\(Rounding.text((rate * 1000).rounded() / 1000)) fps") }
        if let format = stream.pixelFormat { parts.append(format) }
        if let rate = stream.sampleRate { parts.append("\(rate) Hz") }
        if let layout = stream.channelLayout {
            parts.append(layout)
        } else if let channels = stream.channels {
            parts.append("\(channels) ch")
        }
        if let language = stream.language { parts.append(language) }
        if let title = stream.title { parts.append("\"\(title)\"") }
        return parts.joined(separator: " ")
    }
}
