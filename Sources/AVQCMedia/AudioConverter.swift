import AVQCModel
internal import CFFmpeg

/// Gives detectors float planar samples for a decoded audio frame at the
/// stream's own rate. Float planar input is read in place; every other
/// sample format (8/16/32/64-bit integer, float, double; packed or planar)
/// is converted here into planes that are reused and grown only when a
/// larger frame or more channels arrive. The conversion is a plain scale
/// (no resampling, no remixing), so any channel count works: libswresample
/// stops at 64 channels, which is why it is not used.
final class AudioConverter {
    private var channelPointers: UnsafeMutableBufferPointer<UnsafePointer<Float>>?
    private var outputPlanes: [UnsafeMutablePointer<Float>] = []
    private var outputCapacity = 0

    deinit {
        channelPointers?.deallocate()
        for plane in outputPlanes { plane.deallocate() }
    }

    /// Calls `body` with the frame's samples as an `AudioBlock` starting at `time` seconds.
    /// Returns false when the frame cannot be converted.
    func withBlock(
        of frame: UnsafeMutablePointer<AVFrame>, time: Double, format: AudioFormat, damage: FrameDamage,
        jump: TimelineJump?, _ body: (AudioBlock) -> Void
    ) -> Bool {
        let channels = Int(frame.pointee.ch_layout.nb_channels)
        let count = Int(frame.pointee.nb_samples)
        let rate = Int(frame.pointee.sample_rate)
        guard channels > 0, count >= 0, rate > 0, let extended = frame.pointee.extended_data else { return false }
        let pointers = pointerTable(channels: channels)
        let sampleFormat = AVSampleFormat(frame.pointee.format)

        if sampleFormat == AV_SAMPLE_FMT_FLTP {
            for c in 0..<channels {
                guard let plane = extended[c] else { return false }
                pointers[c] = UnsafeRawPointer(plane).assumingMemoryBound(to: Float.self)
            }
        } else {
            let planar = av_sample_fmt_is_planar(sampleFormat) != 0
            let planes = planar ? channels : 1
            for p in 0..<planes where extended[p] == nil { return false }
            ensureOutput(channels: channels, capacity: count)
            for c in 0..<channels {
                guard let source = extended[planar ? c : 0] else { return false }
                let raw = UnsafeRawPointer(source)
                // Packed: channel c's samples are every `channels`-th value, starting at c.
                let (start, step) = planar ? (0, 1) : (c, channels)
                let target = outputPlanes[c]
                switch sampleFormat.packed {
                case AV_SAMPLE_FMT_U8:
                    Self.convert(raw, UInt8.self, start, step, count, into: target) { (Float($0) - 128) / 128 }
                case AV_SAMPLE_FMT_S16:
                    Self.convert(raw, Int16.self, start, step, count, into: target) { Float($0) / 32768 }
                case AV_SAMPLE_FMT_S32:
                    Self.convert(raw, Int32.self, start, step, count, into: target) { Float($0) / 2_147_483_648 }
                case AV_SAMPLE_FMT_S64:
                    Self.convert(raw, Int64.self, start, step, count, into: target) {
                        Float(Double($0) / 9_223_372_036_854_775_808)
                    }
                case AV_SAMPLE_FMT_FLT:
                    Self.convert(raw, Float.self, start, step, count, into: target) { $0 }
                case AV_SAMPLE_FMT_DBL:
                    Self.convert(raw, Double.self, start, step, count, into: target) { Float($0) }
                default:
                    return false
                }
                pointers[c] = UnsafePointer(target)
            }
        }
        body(
            AudioBlock(
                channelData: UnsafeBufferPointer(pointers), frameCount: count, sampleRate: rate, time: time,
                format: format, damage: damage, timelineJump: jump))
        return true
    }

    /// Converts `count` samples of type `T`, read from `source` at `start`,
    /// `start + step`, …, into `target` through `scale`.
    @inline(__always)
    private static func convert<T>(
        _ source: UnsafeRawPointer, _ type: T.Type, _ start: Int, _ step: Int, _ count: Int,
        into target: UnsafeMutablePointer<Float>, _ scale: (T) -> Float
    ) {
        let samples = source.assumingMemoryBound(to: T.self)
        if step == 1 {
            for i in 0..<count { target[i] = scale(samples[i]) }
        } else {
            var index = start
            for i in 0..<count {
                target[i] = scale(samples[index])
                index &+= step
            }
        }
    }

    private func pointerTable(channels: Int) -> UnsafeMutableBufferPointer<UnsafePointer<Float>> {
        if let table = channelPointers, table.count == channels { return table }
        channelPointers?.deallocate()
        let table = UnsafeMutableBufferPointer<UnsafePointer<Float>>.allocate(capacity: channels)
        channelPointers = table
        return table
    }

    private func ensureOutput(channels: Int, capacity: Int) {
        guard outputPlanes.count != channels || outputCapacity < capacity else { return }
        for plane in outputPlanes { plane.deallocate() }
        let size = max(capacity, outputCapacity, 4096)
        outputPlanes = (0..<channels).map { _ in
            let plane = UnsafeMutablePointer<Float>.allocate(capacity: size)
            plane.initialize(repeating: 0, count: size)
            return plane
        }
        outputCapacity = size
    }
}

extension AVSampleFormat {
    /// The packed format with the same sample type (S16P → S16).
    fileprivate var packed: AVSampleFormat { av_get_packed_sample_fmt(self) }
}
