import AVQCModel
internal import CFFmpeg

/// Gives detectors a `LumaPlane` for a decoded picture.
///
/// Planar and semi-planar YUV and gray formats (8 to 16 bits, native byte
/// order, luma in the low bits of plane 0) are read in place. Everything else
/// (RGB, packed YUV such as YUYV, MSB-aligned formats such as P010,
/// big-endian, palette, float) is converted once per frame with libswscale
/// into a reused gray buffer (full range, BT.601 luma weights for RGB).
final class LumaExtractor {
    private enum Plan {
        case direct(bitDepth: Int, defaultRange: ColorRange)
        case convert(target: AVPixelFormat, bitDepth: Int)
    }

    private var planFormat: Int32 = -1
    private var plan: Plan = .direct(bitDepth: 8, defaultRange: .limited)
    private var scaler: OpaquePointer?
    private var buffer: UnsafeMutableRawPointer?
    private var bufferCapacity = 0
    /// sws_scale's destination plane pointers and strides, kept to avoid per-frame arrays.
    private var destination: [UnsafeMutablePointer<UInt8>?] = [nil, nil, nil, nil]
    private var destinationStrides: [Int32] = [0, 0, 0, 0]

    deinit {
        sws_freeContext(scaler)
        buffer?.deallocate()
    }

    /// The luma of `frame`, or nil when the picture has no size or cannot be converted.
    func luma(of frame: UnsafeMutablePointer<AVFrame>) -> LumaPlane? {
        let width = Int(frame.pointee.width)
        let height = Int(frame.pointee.height)
        guard width > 0, height > 0 else { return nil }
        if frame.pointee.format != planFormat {
            planFormat = frame.pointee.format
            guard let newPlan = Self.plan(for: AVPixelFormat(frame.pointee.format)) else { return nil }
            plan = newPlan
        }
        switch plan {
        case .direct(let bitDepth, let defaultRange):
            guard let base = frame.pointee.data.0 else { return nil }
            let range: ColorRange =
                switch frame.pointee.color_range {
                case AVCOL_RANGE_JPEG: .full
                case AVCOL_RANGE_MPEG: .limited
                default: defaultRange
                }
            return LumaPlane(
                base: UnsafeRawPointer(base), stride: Int(frame.pointee.linesize.0), width: width, height: height,
                bitDepth: bitDepth, range: range)
        case .convert(let target, let bitDepth):
            return convert(frame, width: width, height: height, target: target, bitDepth: bitDepth)
        }
    }

    private static func plan(for format: AVPixelFormat) -> Plan? {
        guard let descriptor = av_pix_fmt_desc_get(format) else { return nil }
        let d = descriptor.pointee
        let component = d.comp.0
        let depth = Int(component.depth)
        let unusable =
            AVQC_PIX_FMT_FLAG_RGB | AVQC_PIX_FMT_FLAG_PAL | AVQC_PIX_FMT_FLAG_BITSTREAM
            | AVQC_PIX_FMT_FLAG_HWACCEL | AVQC_PIX_FMT_FLAG_FLOAT | AVQC_PIX_FMT_FLAG_BE
        if d.flags & unusable == 0, d.nb_components >= 1, (8...16).contains(depth), component.plane == 0,
            component.shift == 0, component.offset == 0, Int(component.step) == (depth > 8 ? 2 : 1)
        {
            let name = String(cString: d.name)
            // yuvj formats are full range by definition; FFmpeg (libswscale)
            // treats gray formats as full range too. Other YUV is limited
            // unless the frame's color_range says otherwise.
            let isGray = d.nb_components <= 2
            let fullByFormat = name.hasPrefix("yuvj") || isGray
            return .direct(bitDepth: depth, defaultRange: fullByFormat ? .full : .limited)
        }
        if d.flags & AVQC_PIX_FMT_FLAG_HWACCEL != 0 { return nil }
        return depth > 8
            ? .convert(target: AV_PIX_FMT_GRAY16LE, bitDepth: 16) : .convert(target: AV_PIX_FMT_GRAY8, bitDepth: 8)
    }

    private func convert(
        _ frame: UnsafeMutablePointer<AVFrame>, width: Int, height: Int, target: AVPixelFormat, bitDepth: Int
    ) -> LumaPlane? {
        let source = AVPixelFormat(frame.pointee.format)
        scaler = sws_getCachedContext(
            scaler, Int32(width), Int32(height), source, Int32(width), Int32(height), target, SWS_POINT, nil, nil, nil)
        guard let scaler else { return nil }
        let fullSource: Int32 = frame.pointee.color_range == AVCOL_RANGE_JPEG ? 1 : 0
        let coefficients = sws_getCoefficients(SWS_CS_DEFAULT)
        // Not every conversion supports colorspace details (it returns -1);
        // the default BT.601 coefficients then stand, which is what is wanted.
        _ = sws_setColorspaceDetails(scaler, coefficients, fullSource, coefficients, 1, 0, 1 << 16, 1 << 16)

        let rowBytes = (width * (bitDepth > 8 ? 2 : 1) + 63) & ~63
        let needed = rowBytes * height
        if needed > bufferCapacity || buffer == nil {
            buffer?.deallocate()
            buffer = UnsafeMutableRawPointer.allocate(byteCount: needed, alignment: 64)
            bufferCapacity = needed
        }
        guard let buffer else { return nil }
        destination[0] = buffer.assumingMemoryBound(to: UInt8.self)
        destinationStrides[0] = Int32(rowBytes)
        let rows = withUnsafePointer(to: &frame.pointee.data) { data in
            data.withMemoryRebound(to: UnsafePointer<UInt8>?.self, capacity: 8) { sourcePlanes in
                withUnsafePointer(to: &frame.pointee.linesize) { strides in
                    strides.withMemoryRebound(to: Int32.self, capacity: 8) { sourceStrides in
                        sws_scale(
                            scaler, sourcePlanes, sourceStrides, 0, Int32(height), &destination, &destinationStrides)
                    }
                }
            }
        }
        guard rows > 0 else { return nil }
        return LumaPlane(
            base: UnsafeRawPointer(buffer), stride: rowBytes, width: width, height: height, bitDepth: bitDepth,
            range: .full)
    }
}
