import AVQCMedia

/// Where the screening pass (`--screen`) must decode a video stream in full:
/// the stretches that may hold black or frozen pictures, judged without
/// decoding them.
///
/// - Packet sizes: a frozen or black picture costs an encoder almost nothing
///   after the first one (skipped blocks), so such stretches are runs of
///   packets far smaller than the stream's typical inter packet. For
///   intra-only streams (every packet a keyframe), a run of packets whose
///   sizes repeat to within 0.5 % is suspect too (a still picture coded
///   again and again).
/// - Keyframes (decoded alone): a keyframe that looks dark makes the stretch
///   from the keyframe before it to the one after suspect, as do two
///   consecutive keyframes that look alike (a still picture across a group
///   of pictures, with noise that kept its packets from shrinking).
///
/// Runs too short to reach the detectors' minimum duration are dropped.
/// The planner errs towards decoding more: a suspect stretch costs time,
/// a missed one costs a span.
enum ScreenPlanner {
    /// A packet is small below this share of the typical (median) inter packet.
    static let smallShare = 0.25
    /// Intra-only packets within this share of the previous one's size repeat.
    static let repeatShare = 0.005
    /// Ordinary packets that may interrupt a run of small ones (a keyframe
    /// re-coding the still picture, a packet a little over the limit).
    static let bridge = 2
    /// Keyframes this alike (largest difference between their cell means,
    /// share of the range) may be one still picture.
    static let alikeKeyframes: Float = 0.03
    /// A keyframe whose sampled pixels are this dark (share) may be black.
    static let darkKeyframe = 0.8

    /// A stretch to decode in full, in seconds.
    struct Suspect: Equatable {
        var range: ClosedRange<Double>
        /// True when the stretch starts at a keyframe that begins a run of
        /// small packets after an ordinary one (a cut to black): decoding
        /// may start there, with no frame before it, since the ordinary
        /// packet before a run is taken as outside it.
        var anchored: Bool
    }

    /// Suspect stretches of one video stream, sorted and not overlapping.
    /// `packets` are the stream's packets in any order; `minimum` is the
    /// shortest span a requested detector reports.
    static func suspects(
        packets: [PacketRecord], keyframes: [KeyframeProbe.Keyframe], frameDuration: Double, minimum: Double,
        mergeWithin: Double
    ) -> [Suspect] {
        let frames = packets.sorted { $0.time < $1.time }
        guard !frames.isEmpty else { return [] }
        let step = frameDuration > 0 ? frameDuration : 0.04
        var ranges: [Suspect] = []

        // Packet sizes.
        let inter = frames.filter { !$0.key }.map(\.size).sorted()
        let intraOnly = inter.count < max(2, frames.count / 20)
        let pool = intraOnly ? frames.map(\.size).sorted() : inter
        let typical = Double(pool[pool.count / 2])
        var runStart: Int?
        var lastSuspect = -1
        func closeRun(at end: Int) {
            guard let start = runStart else { return }
            runStart = nil
            // The first picture of a still run is an ordinary packet: count one
            // before, unless the run opens with a keyframe.
            let anchored = frames[start].key && !intraOnly
            let first = anchored ? start : max(0, start - 1)
            let seconds = Double(end - first + 1) * step
            if seconds + 2 * step >= minimum {
                ranges.append(Suspect(range: frames[first].time...(frames[end].time + step), anchored: anchored))
            }
        }
        for (index, packet) in frames.enumerated() {
            var suspect = Double(packet.size) <= smallShare * typical
            if intraOnly, index > 0 {
                let previous = Double(frames[index - 1].size)
                suspect = suspect || abs(Double(packet.size) - previous) <= repeatShare * max(previous, 1)
            }
            if suspect {
                if runStart == nil { runStart = index }
                lastSuspect = index
            } else if runStart != nil, index - lastSuspect > bridge {
                closeRun(at: lastSuspect)
            }
        }
        if runStart != nil { closeRun(at: lastSuspect) }

        // Keyframes the packet sizes did not already make suspect.
        let sortedKeys = keyframes.sorted { $0.time < $1.time }
        let fileEnd = (frames.last?.time ?? 0) + step
        let bySize = ranges
        func covered(_ time: Double) -> Bool { bySize.contains { $0.range.contains(time) } }
        for (index, keyframe) in sortedKeys.enumerated() {
            let before = index > 0 ? sortedKeys[index - 1].time : 0
            let after = index + 1 < sortedKeys.count ? sortedKeys[index + 1].time : fileEnd
            if keyframe.darkShare >= darkKeyframe, !covered(keyframe.time) {
                ranges.append(Suspect(range: before...after, anchored: false))
            }
            if index + 1 < sortedKeys.count, keyframe.cells.count == sortedKeys[index + 1].cells.count,
                !keyframe.cells.isEmpty, !(covered(keyframe.time) && covered(after))
            {
                let next = sortedKeys[index + 1].cells
                var largest: Float = 0
                for (a, b) in zip(keyframe.cells, next) { largest = max(largest, abs(a - b)) }
                if largest <= alikeKeyframes {
                    ranges.append(Suspect(range: keyframe.time...after, anchored: false))
                }
            }
        }
        return merged(ranges, within: mergeWithin)
    }

    /// `suspects` sorted, with those that overlap or lie within `within`
    /// seconds of each other joined (anchored when the first of them is).
    static func merged(_ suspects: [Suspect], within: Double) -> [Suspect] {
        var result: [Suspect] = []
        let ordered = suspects.sorted {
            $0.range.lowerBound != $1.range.lowerBound
                ? $0.range.lowerBound < $1.range.lowerBound : !$0.anchored && $1.anchored
        }
        for suspect in ordered {
            if let last = result.last, suspect.range.lowerBound <= last.range.upperBound + within {
                result[result.count - 1].range =
                    last.range.lowerBound...max(last.range.upperBound, suspect.range.upperBound)
            } else {
                result.append(suspect)
            }
        }
        return result
    }
}
