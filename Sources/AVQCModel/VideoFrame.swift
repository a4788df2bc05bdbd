/// One decoded video frame as detectors see it. Valid only during the call.
public struct VideoFrame {
    /// The picture's luma.
    public let luma: LumaPlane
    /// Index of the frame within its stream, from 0 in decode output order.
    public let index: Int
    /// Presentation time in seconds from the start of the file.
    public let time: Double
    /// Display duration in seconds (from the stream, or 1 / frame rate).
    public let duration: Double
    /// Size and pixel format of the decoded picture (before any conversion for `luma`).
    public let format: VideoFormat
    /// Damage reported for this frame or since the previous one.
    public let damage: FrameDamage
    /// The quantizer the frame was coded with, where the decoder exports it.
    public let quantizer: CodingQuantizer?
    /// The picture's Cb and Cr planes; nil for gray pictures.
    public let chroma: ChromaPlanes?
    /// The Y′CbCr matrix: the frame's tag, or `ColorMatrix.assumed` when untagged.
    public let matrix: ColorMatrix
    /// The frame's interlace flags.
    public let scan: FieldScan
    /// Width / height of one pixel as displayed (1 for square pixels).
    public let sampleAspect: Double
    /// Per-cell means shared by the detector bank when two or more detectors
    /// read them (see `GridReader`); nil otherwise.
    public var grid: PictureGrid?

    public init(
        luma: LumaPlane, index: Int, time: Double, duration: Double, format: VideoFormat? = nil,
        damage: FrameDamage = .none, quantizer: CodingQuantizer? = nil, chroma: ChromaPlanes? = nil,
        matrix: ColorMatrix? = nil, scan: FieldScan = .progressive, sampleAspect: Double = 1
    ) {
        self.luma = luma
        self.index = index
        self.time = time
        self.duration = duration
        self.format = format ?? VideoFormat(width: luma.width, height: luma.height, pixelFormat: "unknown")
        self.damage = damage
        self.quantizer = quantizer
        self.chroma = chroma
        self.matrix = matrix ?? ColorMatrix.assumed(forHeight: luma.height)
        self.scan = scan
        self.sampleAspect = sampleAspect.isFinite && sampleAspect > 0 ? sampleAspect : 1
        self.grid = nil
    }
}
