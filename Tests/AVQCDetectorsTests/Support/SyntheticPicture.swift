import AVQCModel

/// A luma picture made in memory, for feeding detectors without a decoder.
/// Rows are padded (stride > width) to catch code that ignores the stride.
struct SyntheticPicture {
    var width: Int
    var height: Int
    var bitDepth: Int
    var range: ColorRange
    var samples: [UInt16]

    var stride: Int { width + 7 }

    init(width: Int = 64, height: Int = 36, bitDepth: Int = 8, range: ColorRange = .limited, value: Int) {
        self.width = width
        self.height = height
        self.bitDepth = bitDepth
        self.range = range
        // The padding holds a bright value that must never be read.
        self.samples = Array(repeating: UInt16((1 << bitDepth) - 1), count: (width + 7) * height)
        fill(value)
    }

    mutating func fill(_ value: Int) {
        for y in 0..<height {
            for x in 0..<width { samples[y * stride + x] = UInt16(value) }
        }
    }

    /// Sets the pixels of a rectangle to `value`.
    mutating func paint(x: Int, y: Int, width w: Int, height h: Int, value: Int) {
        for row in y..<min(height, y + h) {
            for column in x..<min(width, x + w) { samples[row * stride + column] = UInt16(value) }
        }
    }

    /// Sets the first `count` pixels in raster order to `value`.
    mutating func paint(first count: Int, value: Int) {
        var left = count
        for y in 0..<height {
            for x in 0..<width where left > 0 {
                samples[y * stride + x] = UInt16(value)
                left -= 1
            }
        }
    }

    /// Calls `body` with a frame viewing this picture.
    func withFrame<R>(index: Int, fps: Double = 25, _ body: (VideoFrame) -> R) -> R {
        if bitDepth > 8 {
            return samples.withUnsafeBytes { raw in
                let plane = LumaPlane(
                    base: raw.baseAddress!, stride: stride * 2, width: width, height: height, bitDepth: bitDepth,
                    range: range)
                return body(VideoFrame(luma: plane, index: index, time: Double(index) / fps, duration: 1 / fps))
            }
        }
        let bytes = samples.map { UInt8(truncatingIfNeeded: $0) }
        return bytes.withUnsafeBytes { raw in
            let plane = LumaPlane(
                base: raw.baseAddress!, stride: stride, width: width, height: height, bitDepth: bitDepth, range: range)
            return body(VideoFrame(luma: plane, index: index, time: Double(index) / fps, duration: 1 / fps))
        }
    }
}
