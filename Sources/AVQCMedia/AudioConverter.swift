import AVQCModel
import CFFmpeg

/// Gives detectors float planar samples for a decoded audio frame at the
/// stream's own rate. Float planar input is read in place; anything else goes
/// through libswresample into buffers that are reused and grown only when a
/// larger frame or more channels arrive.
final class AudioConverter {
    private var resampler: OpaquePointer?
    private var configuredFormat: Int32 = -1
    private var configuredRate: Int32 = 0
    private var configuredLayout = AVChannelLayout()
    private var channelPointers: UnsafeMutableBufferPointer<UnsafePointer<Float>>?
    private var outputPlanes: [UnsafeMutablePointer<Float>] = []
    /// The same planes as `outputPlanes`, as the byte-pointer table swr_convert writes through.
    private var outputTable = UnsafeMutableBufferPointer<UnsafeMutablePointer<UInt8>?>.allocate(capacity: 0)
    private var outputCapacity = 0

    deinit {
        swr_free(&resampler)
        av_channel_layout_uninit(&configuredLayout)
        channelPointers?.deallocate()
        for plane in outputPlanes { plane.deallocate() }
        outputTable.deallocate()
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

        if frame.pointee.format == AV_SAMPLE_FMT_FLTP.rawValue {
            for c in 0..<channels {
                guard let plane = extended[c] else { return false }
                pointers[c] = UnsafeRawPointer(plane).assumingMemoryBound(to: Float.self)
            }
            body(
                AudioBlock(
                    channelData: UnsafeBufferPointer(pointers), frameCount: count, sampleRate: rate, time: time,
                    format: format, damage: damage, timelineJump: jump))
            return true
        }

        guard configure(for: frame), let resampler else { return false }
        ensureOutput(channels: channels, capacity: count + 64)
        let input = UnsafeMutableRawPointer(extended).assumingMemoryBound(to: UnsafePointer<UInt8>?.self)
        let converted = swr_convert(resampler, outputTable.baseAddress, Int32(outputCapacity), input, Int32(count))
        guard converted >= 0 else { return false }
        for c in 0..<channels { pointers[c] = UnsafePointer(outputPlanes[c]) }
        body(
            AudioBlock(
                channelData: UnsafeBufferPointer(pointers), frameCount: Int(converted), sampleRate: rate, time: time,
                format: format, damage: damage, timelineJump: jump))
        return true
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
        outputTable.deallocate()
        outputTable = .allocate(capacity: channels)
        for c in 0..<channels {
            outputTable[c] = UnsafeMutableRawPointer(outputPlanes[c]).assumingMemoryBound(to: UInt8.self)
        }
        outputCapacity = size
    }

    /// (Re)creates the resampler when the input format, rate or layout changes.
    private func configure(for frame: UnsafeMutablePointer<AVFrame>) -> Bool {
        let sameLayout = withUnsafePointer(to: &frame.pointee.ch_layout) {
            av_channel_layout_compare($0, &configuredLayout) == 0
        }
        if resampler != nil, configuredFormat == frame.pointee.format, configuredRate == frame.pointee.sample_rate,
            sameLayout
        {
            return true
        }
        swr_free(&resampler)
        av_channel_layout_uninit(&configuredLayout)
        guard withUnsafePointer(to: &frame.pointee.ch_layout, { av_channel_layout_copy(&configuredLayout, $0) }) >= 0
        else {
            return false
        }
        configuredFormat = frame.pointee.format
        configuredRate = frame.pointee.sample_rate
        var context: OpaquePointer?
        let format = AVSampleFormat(configuredFormat)
        let rate = configuredRate
        var layoutCopy = configuredLayout
        let status = withUnsafeMutablePointer(to: &layoutCopy) { layout in
            swr_alloc_set_opts2(&context, layout, AV_SAMPLE_FMT_FLTP, rate, layout, format, rate, 0, nil)
        }
        guard status >= 0, let context else { return false }
        guard swr_init(context) >= 0 else {
            var doomed: OpaquePointer? = context
            swr_free(&doomed)
            return false
        }
        resampler = context
        return true
    }
}
