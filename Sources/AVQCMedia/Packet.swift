internal import CFFmpeg

/// Owns one `AVPacket`, reused for every read.
final class Packet {
    let pointer: UnsafeMutablePointer<AVPacket>

    init?() {
        guard let packet = av_packet_alloc() else { return nil }
        pointer = packet
    }

    deinit {
        var packet: UnsafeMutablePointer<AVPacket>? = pointer
        av_packet_free(&packet)
    }

    func unreference() { av_packet_unref(pointer) }
}
