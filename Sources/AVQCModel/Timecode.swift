/// Formats seconds as `HH:MM:SS.mmm` (hours may exceed 99; negative times get a sign).
public enum Timecode {
    public static func string(fromSeconds seconds: Double) -> String {
        guard seconds.isFinite else { return "--:--:--.---" }
        let totalMillis = Int64(saturating: (abs(seconds) * 1000).rounded())
        let millis = totalMillis % 1000
        let totalSeconds = totalMillis / 1000
        let s = totalSeconds % 60
        let m = (totalSeconds / 60) % 60
        let h = totalSeconds / 3600
        let sign = seconds < 0 && totalMillis > 0 ? "-" : ""
        return sign + pad(h, 2) + ":" + pad(m, 2) + ":" + pad(s, 2) + "." + pad(millis, 3)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
