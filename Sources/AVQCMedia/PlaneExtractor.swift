import AVQCModel
internal import CFFmpeg

/// Gives detectors the planes of a decoded picture: its luma and, for
/// colour pictures, its Cb and Cr.
///
/// Planar and semi-planar YUV and gray formats (8 to 16 bits, native byte
/// order, luma in the low bits of plane 0) are read in place; their chroma
/// too when it is planar (planes 1 and 2, same layout; NV12's interleaved
/// chroma is not read). Everything else
/// (RGB, packed YUV such as YUYV, MSB-aligned formats such as P010, big-endian, palette, float) is converted
/// once per frame with libswscale into a reused 4:4:4 buffer (full range,
/// BT.601 matrix), or a gray one for gray sources.
final class PlaneExtractor {
    private enum Plan {
        case direct(bitDepth: Int, defaultRange: ColorRange, chroma: (shiftX: Int, shiftY: Int)?)
        case convert(target: AVPixelFormat, bitDepth: Int, chroma: Bool)
    }

    private var planFormat: Int32 = -1
    private var plan: Plan = .direct(bitDepth: 8, defaultRange: .limited, chroma: nil)
    private var scaler: OpaquePointer?
    private var buffer: UnsafeMutableRawPointer?
    private var bufferCapacity = 0
    /// sws_scale's destination plane pointers and strides, kept to avoid per-frame arrays.
    private var destination: [UnsafeMutablePointer<UInt8>?] = [nil, nil, nil, nil]
    private var destinationStrides: [Int32] = [0, 0, 0, 0]

    /// True when the current pictures are converted (4:4:4 full range, BT.601 matrix).
    var isConverting: Bool {
        if case .convert = plan { return true }
        return false
    }

    deinit {
        sws_freeContext(scaler)
        buffer?.deallocate()
    }

    /// The planes of `frame`, or nil when the picture has no size or cannot be converted.
    func planes(of frame: UnsafeMutablePointer<AVFrame>) -> (luma: LumaPlane, chroma: ChromaPlanes?)? {
        let width = Int(frame.pointee.width)
        let height = Int(frame.pointee.height)
        guard width > 0, height > 0 else { return nil }
        if frame.pointee.format != planFormat {
            planFormat = frame.pointee.format
            guard let newPlan = Self.plan(for: AVPixelFormat(frame.pointee.format)) else { return nil }
            plan = newPlan
        }
        switch plan {
        case .direct(let bitDepth, let defaultRange, let subsampling):
            guard let base = frame.pointee.data.0, frame.pointee.linesize.0 > 0 else { return nil }
            let range: ColorRange =
                switch frame.pointee.color_range {
                case AVCOL_RANGE_JPEG: .full
                case AVCOL_RANGE_MPEG: .limited
                default: defaultRange
                }
            let luma = LumaPlane(
                base: UnsafeRawPointer(base), stride: Int(frame.pointee.linesize.0), width: width, height: height,
                bitDepth: bitDepth, range: range)
            guard let subsampling, let cb = frame.pointee.data.1, let cr = frame.pointee.data.2,
                frame.pointee.linesize.1 > 0, frame.pointee.linesize.2 > 0
            else { return (luma, nil) }
            let chromaWidth = -((-width) >> subsampling.shiftX)
            let chromaHeight = -((-height) >> subsampling.shiftY)
            func plane(_ base: UnsafeMutablePointer<UInt8>, _ stride: Int32) -> LumaPlane {
                LumaPlane(
                    base: UnsafeRawPointer(base), stride: Int(stride), width: chromaWidth, height: chromaHeight,
                    bitDepth: bitDepth, range: range)
            }
            return (
                luma,
                ChromaPlanes(
                    cb: plane(cb, frame.pointee.linesize.1), cr: plane(cr, frame.pointee.linesize.2),
                    shiftX: subsampling.shiftX, shiftY: subsampling.shiftY)
            )
        case .convert(let target, let bitDepth, let chroma):
            return convert(frame, width: width, height: height, target: target, bitDepth: bitDepth, chroma: chroma)
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
            let cb = d.comp.1
            let cr = d.comp.2
            let planarChroma =
                d.nb_components >= 3 && cb.plane == 1 && cr.plane == 2 && cb.depth == component.depth
                && cr.depth == component.depth && cb.shift == 0 && cr.shift == 0 && cb.offset == 0 && cr.offset == 0
                && cb.step == component.step && cr.step == component.step
            // Semi-planar chroma (NV12) is not read: its luma still is, in place.
            return .direct(
                bitDepth: depth, defaultRange: fullByFormat ? .full : .limited,
                chroma: planarChroma ? (Int(d.log2_chroma_w), Int(d.log2_chroma_h)) : nil)
        }
        if d.flags & AVQC_PIX_FMT_FLAG_HWACCEL != 0 { return nil }
        let gray = d.nb_components <= 2 && d.flags & (AVQC_PIX_FMT_FLAG_RGB | AVQC_PIX_FMT_FLAG_PAL) == 0
        switch (depth > 8, gray) {
        case (true, true): return .convert(target: AV_PIX_FMT_GRAY16LE, bitDepth: 16, chroma: false)
        case (false, true): return .convert(target: AV_PIX_FMT_GRAY8, bitDepth: 8, chroma: false)
        case (true, false): return .convert(target: AV_PIX_FMT_YUV444P16LE, bitDepth: 16, chroma: true)
        case (false, false): return .convert(target: AV_PIX_FMT_YUV444P, bitDepth: 8, chroma: true)
        }
    }

    private func convert(
        _ frame: UnsafeMutablePointer<AVFrame>, width: Int, height: Int, target: AVPixelFormat, bitDepth: Int,
        chroma: Bool
    ) -> (luma: LumaPlane, chroma: ChromaPlanes?)? {
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
        let planeBytes = rowBytes * height
        let planeCount = chroma ? 3 : 1
        let needed = planeBytes * planeCount
        if needed > bufferCapacity || buffer == nil {
            buffer?.deallocate()
            buffer = UnsafeMutableRawPointer.allocate(byteCount: needed, alignment: 64)
            bufferCapacity = needed
        }
        guard let buffer else { return nil }
        for plane in 0..<planeCount {
            destination[plane] = (buffer + plane * planeBytes).assumingMemoryBound(to: UInt8.self)
            destinationStrides[plane] = Int32(rowBytes)
        }
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
        func plane(_ index: Int) -> LumaPlane {
            LumaPlane(
                base: UnsafeRawPointer(buffer + index * planeBytes), stride: rowBytes, width: width, height: height,
                bitDepth: bitDepth, range: .full)
        }
        return (plane(0), chroma ? ChromaPlanes(cb: plane(1), cr: plane(2), shiftX: 0, shiftY: 0) : nil)
    }
}
