import Foundation

/// Media for the integrity detectors, made at test time with known defects.
enum IntegrityMedia {
    static func make(_ directory: URL, _ name: String, _ arguments: [String]) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try ffmpeg(arguments + [url.path])
        return url
    }

    /// Joins files with FFmpeg's concat demuxer, copying the streams.
    static func concat(_ directory: URL, _ name: String, _ parts: [URL]) throws -> URL {
        let list = directory.appendingPathComponent(name + ".txt")
        try parts.map { "file '\($0.path)'" }.joined(separator: "\n").write(to: list, atomically: true, encoding: .utf8)
        return try make(directory, name, ["-f", "concat", "-safe", "0", "-i", list.path, "-c", "copy"])
    }

    /// A packet as ffprobe lists it.
    struct Packet {
        var stream: Int
        var time: Double
        var position: Int
        var size: Int
    }

    static func packets(_ url: URL) throws -> [Packet] {
        let run = try execute(
            "ffprobe",
            ["-v", "error", "-show_entries", "packet=stream_index,pts_time,pos,size", "-of", "json", url.path])
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let list = object?["packets"] as? [[String: Any]] ?? []
        return list.compactMap { entry in
            guard let stream = entry["stream_index"] as? Int,
                let time = (entry["pts_time"] as? String).flatMap(Double.init),
                let position = (entry["pos"] as? String).flatMap(Int.init),
                let size = (entry["size"] as? String).flatMap(Int.init)
            else { return nil }
            return Packet(stream: stream, time: time, position: position, size: size)
        }
    }

    /// Overwrites 48 bytes inside the first packet of each (stream, time) at or
    /// after that time, and returns the damaged packets' times by stream.
    static func damage(_ source: URL, into destination: URL, at targets: [(stream: Int, time: Double)]) throws -> [Int:
        Double]
    {
        let packets = try packets(source)
        var data = try Data(contentsOf: source)
        var generator = SplitMix(seed: 7)
        var hit: [Int: Double] = [:]
        for target in targets {
            guard
                let packet = packets.filter({ $0.stream == target.stream && $0.time >= target.time && $0.size >= 100 })
                    .min(by: { $0.time < $1.time })
            else { throw MediaMakingError(message: "no packet to damage in stream \(target.stream)") }
            let start = packet.position + packet.size / 3
            for i in 0..<min(48, packet.size / 2) { data[start + i] = UInt8(truncatingIfNeeded: generator.next()) }
            hit[target.stream] = packet.time
        }
        try data.write(to: destination)
        return hit
    }
}

/// A small deterministic generator, so damaged files are the same every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
