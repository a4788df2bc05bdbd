/// A read-only view of one decoded picture's luma plane, valid only for the
/// duration of the call it is handed to. The memory belongs to the decoder.
///
/// Samples are unsigned integers in native byte order: one byte each when
/// `bitDepth` is 8 or less, two bytes each (low bits used) otherwise.
public struct LumaPlane {
    /// First byte of the top row.
    public let base: UnsafeRawPointer
    /// Distance between rows, in bytes (never negative here).
    public let stride: Int
    /// Width in samples.
    public let width: Int
    /// Height in rows.
    public let height: Int
    /// Significant bits per sample, 8 to 16.
    public let bitDepth: Int
    /// Whether black is at code 0 or at 16 << (bitDepth − 8).
    public let range: ColorRange

    public init(base: UnsafeRawPointer, stride: Int, width: Int, height: Int, bitDepth: Int, range: ColorRange) {
        self.base = base
        self.stride = stride
        self.width = width
        self.height = height
        self.bitDepth = bitDepth
        self.range = range
    }

    /// True when each sample is stored in two bytes.
    public var isWide: Bool { bitDepth > 8 }

    /// Number of pixels in the picture.
    public var pixelCount: Int { width * height }

    /// The largest code a sample can hold: 2^bitDepth − 1.
    public var maximumCode: Int { (1 << bitDepth) - 1 }

    /// The nominal black code for this range and depth.
    public var blackCode: Double {
        range == .full ? 0 : Double(16 << (bitDepth - 8))
    }

    /// The nominal white code for this range and depth.
    public var whiteCode: Double {
        range == .full ? Double(maximumCode) : Double(235 << (bitDepth - 8))
    }

    /// The row at `y` as 8-bit samples. Only valid when `isWide` is false.
    @inline(__always)
    public func row8(_ y: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: (base + y * stride).assumingMemoryBound(to: UInt8.self), count: width)
    }

    /// The row at `y` as 16-bit samples. Only valid when `isWide` is true.
    @inline(__always)
    public func row16(_ y: Int) -> UnsafeBufferPointer<UInt16> {
        UnsafeBufferPointer(start: (base + y * stride).assumingMemoryBound(to: UInt16.self), count: width)
    }
}
