import AVQCModel

/// One-line renderings of a defect shared by the text and JUnit reports.
public enum DefectText {
    /// e.g. `00:00:02.000  2 s → 5 s (3 s)  frames 50–125  minBlackRatio=1`
    public static func line(_ defect: Defect) -> String {
        var parts = [
            defect.startTimecode,
            "\(Rounding.text(defect.start)) s → \(Rounding.text(defect.end)) s (\(Rounding.text(defect.duration)) s)",
        ]
        if let first = defect.startFrame, let end = defect.endFrame {
            // An empty span (a timestamp jump, a truncation) sits before frame `first`.
            parts.append(end > first ? "frames \(first)–\(end - 1)" : "before frame \(first)")
        }
        let details = defect.details.keys.sorted().map { "\($0)=\(defect.details[$0]?.description ?? "")" }
        if !details.isEmpty { parts.append(details.joined(separator: " ")) }
        return parts.joined(separator: "  ")
    }

    /// e.g. `#0 video h264 1920x1080 25 fps yuv420p`
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
        return parts.joined(separator: " ")
    }
}
