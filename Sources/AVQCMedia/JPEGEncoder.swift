import AVQCModel
internal import CFFmpeg
import Foundation

/// Encodes small pictures as baseline JPEG with libavcodec's MJPEG encoder
/// (no `ffmpeg` binary). One encoder per picture size; owns its codec
/// context, frame and packet.
public final class JPEGEncoder {
    public let width: Int
    public let height: Int
    private let context: UnsafeMutablePointer<AVCodecContext>
    private let frame: UnsafeMutablePointer<AVFrame>
    private let packet: UnsafeMutablePointer<AVPacket>
    /// Encoders want rising timestamps, even for still pictures.
    private var pts: Int64 = 0

    /// JPEG quality as MJPEG's quantizer scale: 2 (best) to 31; 5 keeps a
    /// 160-pixel thumbnail near 3 KB.
    public static let quantizer: Int32 = 5

    /// Nil when the encoder is missing or refuses the size.
    public init?(width: Int, height: Int) {
        guard width >= 2, height >= 2, width <= 4096, height <= 4096,
            let codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG),
            let context = avcodec_alloc_context3(codec)
        else { return nil }
        guard let frame = av_frame_alloc(), let packet = av_packet_alloc() else {
            var doomed: UnsafeMutablePointer<AVCodecContext>? = context
            avcodec_free_context(&doomed)
            return nil
        }
        self.width = width
        self.height = height
        self.context = context
        self.frame = frame
        self.packet = packet
        context.pointee.width = Int32(width)
        context.pointee.height = Int32(height)
        context.pointee.time_base = AVRational(num: 1, den: 25)
        context.pointee.pix_fmt = AV_PIX_FMT_YUVJ420P
        context.pointee.flags |= AV_CODEC_FLAG_QSCALE
        context.pointee.global_quality = Int32(FF_QP2LAMBDA) * Self.quantizer
        guard avcodec_open2(context, codec, nil) >= 0 else { return nil }
    }

    deinit {
        var doomedContext: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&doomedContext)
        var doomedFrame: UnsafeMutablePointer<AVFrame>? = frame
        av_frame_free(&doomedFrame)
        var doomedPacket: UnsafeMutablePointer<AVPacket>? = packet
        av_packet_free(&doomedPacket)
    }

    /// The JPEG file for `picture`, or nil when it is another size or encoding fails.
    public func encode(_ picture: SmallPicture) -> Data? {
        guard picture.width == width, picture.height == height else { return nil }
        var y = picture.y
        var cb = picture.cb
        var cr = picture.cr
        return y.withUnsafeMutableBufferPointer { yPlane in
            cb.withUnsafeMutableBufferPointer { cbPlane in
                cr.withUnsafeMutableBufferPointer { crPlane -> Data? in
                    frame.pointee.width = Int32(width)
                    frame.pointee.height = Int32(height)
                    frame.pointee.format = AV_PIX_FMT_YUVJ420P.rawValue
                    frame.pointee.quality = Int32(FF_QP2LAMBDA) * Self.quantizer
                    frame.pointee.pts = pts
                    pts += 1
                    frame.pointee.data.0 = yPlane.baseAddress
                    frame.pointee.data.1 = cbPlane.baseAddress
                    frame.pointee.data.2 = crPlane.baseAddress
                    frame.pointee.linesize.0 = Int32(width)
                    frame.pointee.linesize.1 = Int32(width / 2)
                    frame.pointee.linesize.2 = Int32(width / 2)
                    defer {
                        frame.pointee.data.0 = nil
                        frame.pointee.data.1 = nil
                        frame.pointee.data.2 = nil
                    }
                    let sent = avcodec_send_frame(context, frame)
                    let received = sent >= 0 ? avcodec_receive_packet(context, packet) : sent
                    guard received >= 0, let bytes = packet.pointee.data else { return nil }
                    defer { av_packet_unref(packet) }
                    return Data(bytes: bytes, count: Int(packet.pointee.size))
                }
            }
        }
    }
}
