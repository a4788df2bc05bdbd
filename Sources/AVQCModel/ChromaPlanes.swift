/// Read-only views of a decoded picture's Cb and Cr planes, valid only for
/// the call they are handed to (the memory is the decoder's).
///
/// Each plane is described with `LumaPlane`'s sample layout (same depth and
/// range as the luma; its black and white codes do not apply to chroma,
/// whose neutral value is 128 << (bitDepth − 8)). The planes are the picture
/// size shifted right by `shiftX` and `shiftY` (4:2:0 is 1 and 1), rounded up.
public struct ChromaPlanes {
    public let cb: LumaPlane
    public let cr: LumaPlane
    /// log2 of the horizontal subsampling (0 for 4:4:4, 1 for 4:2:2 and 4:2:0).
    public let shiftX: Int
    /// log2 of the vertical subsampling (1 for 4:2:0).
    public let shiftY: Int

    public init(cb: LumaPlane, cr: LumaPlane, shiftX: Int, shiftY: Int) {
        self.cb = cb
        self.cr = cr
        self.shiftX = shiftX
        self.shiftY = shiftY
    }

    /// The neutral (zero) chroma code at this depth.
    public var neutralCode: Double { Double(128 << (cb.bitDepth - 8)) }
}
