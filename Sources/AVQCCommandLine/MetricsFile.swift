import AVQCModel
import AVQCReports
import Foundation
import Synchronization

/// The `--metrics FILE` export: every frame's and block's metrics, written
/// as they arrive (batches from each file, files interleaved when `-j` runs
/// several at once; each row names its file), so memory stays flat.
/// CSV (RFC 4180) or JSON Lines, by the file's extension.
final class MetricsFile: Sendable {
    enum Format: Sendable {
        case csv, jsonLines
    }

    static let columns = "path,stream,kind,frame,time,luma_mean,luma_min,luma_max,peak_dbfs,rms_dbfs"

    private let format: Format
    private let state: Mutex<State>

    private struct State {
        var handle: FileHandle?
        var failure: String?
    }

    /// The format `path`'s extension names (`.csv`, `.jsonl`), if any.
    static func format(of path: String) -> Format? {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "csv": return .csv
        case "jsonl": return .jsonLines
        default: return nil
        }
    }

    /// Creates or empties `path`; nil when it cannot be written.
    init?(path: String, format: Format) {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { return nil }
        self.format = format
        self.state = Mutex(State(handle: handle))
        if format == .csv { write(Self.columns + "\r\n") }
    }

    func append(path: String, rows: [MetricRow]) {
        var text = ""
        switch format {
        case .csv:
            let cell = CSVField.escape(CSVField.neutralize(path))
            for row in rows {
                text +=
                    [
                        cell, String(row.stream), row.kind.rawValue, row.frame.map(String.init) ?? "",
                        Rounding.text(row.time), Self.number(row.lumaMean), Self.number(row.lumaMin),
                        Self.number(row.lumaMax), Self.number(row.peakDBFS), Self.number(row.rmsDBFS),
                    ].joined(separator: ",") + "\r\n"
            }
        case .jsonLines:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            let name = (try? encoder.encode(path)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
            for row in rows {
                var fields = [
                    "\"path\":\(name)", "\"stream\":\(row.stream)", "\"kind\":\"\(row.kind.rawValue)\"",
                ]
                if let frame = row.frame { fields.append("\"frame\":\(frame)") }
                fields.append("\"time\":\(Rounding.text(row.time))")
                for (key, value) in [
                    ("lumaMean", row.lumaMean), ("lumaMin", row.lumaMin), ("lumaMax", row.lumaMax),
                    ("peakDBFS", row.peakDBFS), ("rmsDBFS", row.rmsDBFS),
                ] {
                    if let value, value.isFinite { fields.append("\"\(key)\":\(Self.number(value))") }
                }
                text += "{" + fields.joined(separator: ",") + "}\n"
            }
        }
        write(text)
    }

    private func write(_ text: String) {
        state.withLock { state in
            guard let handle = state.handle else { return }
            do {
                try handle.write(contentsOf: Data(text.utf8))
            } catch {
                state.failure = String(describing: error)
                state.handle = nil
            }
        }
    }

    /// Closes the file; the reason writing failed, if it did.
    func close() -> String? {
        state.withLock { state in
            try? state.handle?.close()
            state.handle = nil
            return state.failure
        }
    }

    /// Three decimals, trailing zeros dropped; empty for none.
    private static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        return Rounding.text((value * 1000).rounded() / 1000)
    }
}
