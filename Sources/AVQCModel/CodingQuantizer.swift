/// The quantizer a frame was coded with, as the decoder exports it
/// (`AV_FRAME_DATA_VIDEO_ENC_PARAMS`: H.264, MPEG-1/2, MPEG-4 Part 2 and VP9
/// in FFmpeg 5.1; not HEVC, AV1 or MJPEG):
/// the area-weighted mean over the frame's blocks, on the codec's own scale.
public struct CodingQuantizer: Sendable, Equatable {
    /// Which scale `mean` is on.
    public enum Scale: String, Sendable {
        /// H.264 QP, 0…51 (8-bit).
        case h264 = "h264-qp"
        /// MPEG-1/2 and MPEG-4 Part 2 quantiser_scale as FFmpeg exports it:
        /// twice the encoder's qscale, 2…62 (MPEG-2's non-linear table reaches 112; `level` caps at 1).
        case mpeg2 = "mpeg-quantiser-scale"
        /// VP9 base quantizer index, 0…255.
        case vp9 = "vp9-qindex"

        /// The largest value on the scale.
        public var maximum: Double {
            switch self {
            case .h264: return 51
            case .mpeg2: return 62
            case .vp9: return 255
            }
        }
    }

    public var scale: Scale
    /// Area-weighted mean quantizer of the frame, on `scale`.
    public var mean: Double

    public init(scale: Scale, mean: Double) {
        self.scale = scale
        self.mean = mean
    }

    /// `mean` as a share of the scale's maximum, 0…1: how coarsely the frame was coded.
    public var level: Double { min(1, max(0, mean / scale.maximum)) }
}
