import AVQCModel

/// `broadcast-range`: luma and R′G′B′ gamut outside the broadcast range
/// (EBU R103). See Docs/detectors.md.
///
/// Per frame, the share of pixels whose Y′ lies outside the range, and the
/// share whose R′, G′ or B′ does, are measured. Levels are fractions of the
/// nominal range (black 0, white 1), so depth and range (limited or full,
/// from the tag) are honoured: the tolerant range is −5 % to 105 % (8-bit
/// 5 to 246, 10-bit 20 to 984), the strict one 0 to 100 % (16 to 235).
/// R′G′B′ is computed with the frame's matrix at chroma resolution, from
/// the mean of the luma samples each chroma sample covers: the low-pass
/// filter R103 asks for before the gamut is judged.
public final class BroadcastRangeDetector: SpanDetector {
    /// Evidence kept per span.
    public struct Evidence: SpanEvidence {
        /// Frame with the largest share outside, and that share (0…1).
        public var worstFrame: Int?
        public var worstShare: Double
        /// Lowest and highest level seen outside the range (fractions of the nominal range).
        public var lowest: Double
        public var highest: Double
        /// Which signals were outside: `luma`, `rgb`.
        public var signals: Set<String>

        public static var empty: Evidence {
            Evidence(worstFrame: nil, worstShare: 0, lowest: .infinity, highest: -.infinity, signals: [])
        }
        public mutating func absorb(_ other: Evidence) {
            if other.worstShare > worstShare {
                worstShare = other.worstShare
                worstFrame = other.worstFrame
            }
            lowest = min(lowest, other.lowest)
            highest = max(highest, other.highest)
            signals.formUnion(other.signals)
        }
        public var details: [String: DetailValue] {
            var details: [String: DetailValue] = [
                "worstShare": .number(worstShare), "signals": .string(signals.sorted().joined(separator: "+")),
            ]
            if let worstFrame { details["worstFrame"] = .integer(worstFrame) }
            if lowest.isFinite { details["lowestPercent"] = .number(lowest * 100) }
            if highest.isFinite { details["highestPercent"] = .number(highest * 100) }
            return details
        }
    }

    /// What one frame measured.
    struct FrameLevels {
        var lumaOutside = 0
        var gamutOutside = 0
        var pixels = 0
        var lowest = Double.infinity
        var highest = -Double.infinity
    }

    public static let id = "broadcast-range"

    /// The allowed levels as fractions of the nominal range.
    public let low: Double
    public let high: Double
    /// Largest share (0…1) of the picture allowed outside.
    public let maxShare: Double
    public var tracker: SpanTracker<Evidence>

    public init(strict: Bool = false, maxShare: Double = 0.01, minDuration: Double = 0, mergeGap: Double = 0.5) {
        (low, high) = strict ? (0, 1) : (-0.05, 1.05)
        self.maxShare = maxShare
        self.tracker = SpanTracker(minDuration: minDuration, mergeGap: mergeGap)
    }

    public func process(_ frame: VideoFrame) {
        let position = StreamPosition(time: frame.time, frame: frame.index)
        let levels = measure(frame)
        guard levels.pixels > 0 else {
            tracker.observe(defective: false, at: position)
            return
        }
        let lumaShare = Double(levels.lumaOutside) / Double(levels.pixels)
        let gamutShare = Double(levels.gamutOutside) / Double(levels.pixels)
        var signals: Set<String> = []
        if lumaShare > maxShare { signals.insert("luma") }
        if gamutShare > maxShare { signals.insert("rgb") }
        guard !signals.isEmpty else {
            tracker.observe(defective: false, at: position)
            return
        }
        let evidence = Evidence(
            worstFrame: frame.index, worstShare: max(lumaShare, gamutShare), lowest: levels.lowest,
            highest: levels.highest, signals: signals)
        tracker.observe(defective: true, at: position, evidence: evidence)
    }

    /// Counts the pixels outside the range in `frame`.
    func measure(_ frame: VideoFrame) -> FrameLevels {
        let luma = frame.luma
        var levels = FrameLevels()
        levels.pixels = luma.pixelCount
        let black = luma.blackCode
        let scale = luma.whiteCode - black
        guard scale > 0 else { return levels }
        // The limits as codes, rounded as R103 states them (8-bit −5 % is
        // 5.05: 5 is allowed; 105 % is 245.95: 246 is; 10-bit 20 and 984).
        let lowCode = (black + low * scale).rounded()
        let highCode = (black + high * scale).rounded()
        // Luma, per pixel.
        let below = Int(lowCode) - 1  // codes <= below are outside
        let above = Int(highCode) + 1  // codes >= above are outside
        var minCode = Int.max
        var maxCode = Int.min
        for y in 0..<luma.height {
            let (outside, rowMin, rowMax) =
                luma.isWide
                ? Self.countOutside(luma.row16(y), below: below, above: above)
                : Self.countOutside(luma.row8(y), below: below, above: above)
            levels.lumaOutside += outside
            minCode = min(minCode, rowMin)
            maxCode = max(maxCode, rowMax)
        }
        if levels.lumaOutside > 0 {
            levels.lowest = min(levels.lowest, (Double(minCode) - black) / scale)
            levels.highest = max(levels.highest, (Double(maxCode) - black) / scale)
        }
        guard let chroma = frame.chroma else { return levels }
        // R′G′B′ per chroma sample, from the mean of the luma it covers.
        let (kr, kb) = frame.matrix.weights
        let kg = 1 - kr - kb
        let chromaScale = luma.range == .full ? scale : scale * 224 / 219
        let neutral = chroma.neutralCode
        let rFromCr = Float(2 * (1 - kr) * scale / chromaScale)
        let bFromCb = Float(2 * (1 - kb) * scale / chromaScale)
        let gFromCb = Float(2 * kb * (1 - kb) / kg * scale / chromaScale)
        let gFromCr = Float(2 * kr * (1 - kr) / kg * scale / chromaScale)
        // R′G′B′ is continuous: half a code either side of the allowed codes.
        let lo = Float(lowCode - 0.5)
        let hi = Float(highCode + 0.5)
        let sx = chroma.shiftX
        let sy = chroma.shiftY
        var lowestRGB = Float.infinity
        var highestRGB = -Float.infinity
        let coefficients = GamutCoefficients(
            rFromCr: rFromCr, bFromCb: bFromCb, gFromCb: gFromCb, gFromCr: gFromCr, neutral: Float(neutral), lo: lo,
            hi: hi)
        for cy in 0..<chroma.cb.height {
            let y0 = cy << sy
            let y1 = min(luma.height, (cy + 1) << sy)
            guard y0 < y1 else { continue }
            let result: (count: Int, lowest: Float, highest: Float)
            if !luma.isWide, sx == 1, sy == 1, y1 - y0 == 2 {
                result = Self.gamutRow420(
                    luma.row8(y0), luma.row8(y0 + 1), chroma.cb.row8(cy), chroma.cr.row8(cy), coefficients)
            } else {
                result = Self.gamutRow(luma, chroma, cy: cy, y0: y0, y1: y1, coefficients)
            }
            levels.gamutOutside += result.count
            lowestRGB = min(lowestRGB, result.lowest)
            highestRGB = max(highestRGB, result.highest)
        }
        if levels.gamutOutside > 0 {
            if lowestRGB < lo { levels.lowest = min(levels.lowest, (Double(lowestRGB) - black) / scale) }
            if highestRGB > hi { levels.highest = max(levels.highest, (Double(highestRGB) - black) / scale) }
        }
        return levels
    }

    /// The constants of Y′CbCr → R′G′B′ in code units, and the allowed codes.
    struct GamutCoefficients {
        var rFromCr: Float
        var bFromCb: Float
        var gFromCb: Float
        var gFromCr: Float
        var neutral: Float
        var lo: Float
        var hi: Float

        /// The smallest and largest of R′, G′, B′ for luma `y` and chroma
        /// codes `cb`, `cr` (neutral not yet subtracted).
        @inline(__always)
        func extremes(y: Float, cb: Float, cr: Float) -> (Float, Float) {
            let cb = cb - neutral
            let cr = cr - neutral
            let r = y + rFromCr * cr
            let g = y - gFromCb * cb - gFromCr * cr
            let b = y + bFromCb * cb
            return (min(r, min(g, b)), max(r, max(g, b)))
        }
    }

    /// One chroma row of 8-bit 4:2:0: pixels out of gamut (4 per chroma
    /// sample), and the lowest and highest R′G′B′ code of those samples.
    @inline(__always)
    static func gamutRow420(
        _ top: UnsafeBufferPointer<UInt8>, _ bottom: UnsafeBufferPointer<UInt8>, _ cbRow: UnsafeBufferPointer<UInt8>,
        _ crRow: UnsafeBufferPointer<UInt8>, _ k: GamutCoefficients
    ) -> (count: Int, lowest: Float, highest: Float) {
        let width = min(cbRow.count, crRow.count, top.count / 2, bottom.count / 2)
        var outside = 0
        var lowest = Float.infinity
        var highest = -Float.infinity
        for cx in 0..<width {
            let x = 2 * cx
            let sum = Int(top[x]) + Int(top[x + 1]) + Int(bottom[x]) + Int(bottom[x + 1])
            let (smallest, largest) = k.extremes(
                y: Float(sum) * 0.25, cb: Float(cbRow[cx]), cr: Float(crRow[cx]))
            let out = smallest < k.lo || largest > k.hi
            outside += out ? 4 : 0
            lowest = min(lowest, out ? smallest : .infinity)
            highest = max(highest, out ? largest : -.infinity)
        }
        return (outside, lowest, highest)
    }

    /// One chroma row of any layout and depth (the general, slower path).
    static func gamutRow(
        _ luma: LumaPlane, _ chroma: ChromaPlanes, cy: Int, y0: Int, y1: Int, _ k: GamutCoefficients
    ) -> (count: Int, lowest: Float, highest: Float) {
        var outside = 0
        var lowest = Float.infinity
        var highest = -Float.infinity
        for cx in 0..<chroma.cb.width {
            let x0 = cx << chroma.shiftX
            let x1 = min(luma.width, (cx + 1) << chroma.shiftX)
            guard x0 < x1 else { continue }
            var sum = 0
            for y in y0..<y1 {
                if luma.isWide {
                    let row = luma.row16(y)
                    for x in x0..<x1 { sum += Int(row[x]) }
                } else {
                    let row = luma.row8(y)
                    for x in x0..<x1 { sum += Int(row[x]) }
                }
            }
            let count = (y1 - y0) * (x1 - x0)
            let cb = chroma.cb.isWide ? Float(chroma.cb.row16(cy)[cx]) : Float(chroma.cb.row8(cy)[cx])
            let cr = chroma.cr.isWide ? Float(chroma.cr.row16(cy)[cx]) : Float(chroma.cr.row8(cy)[cx])
            let (smallest, largest) = k.extremes(y: Float(sum) / Float(count), cb: cb, cr: cr)
            if smallest < k.lo || largest > k.hi {
                outside += count
                lowest = min(lowest, smallest)
                highest = max(highest, largest)
            }
        }
        return (outside, lowest, highest)
    }

    /// Samples `<= below` or `>= above`, and the row's smallest and largest.
    @inline(__always)
    static func countOutside<T: FixedWidthInteger & UnsignedInteger>(
        _ row: UnsafeBufferPointer<T>, below: Int, above: Int
    ) -> (count: Int, min: Int, max: Int) {
        var smallest = T.max
        var largest = T.min
        for value in row {
            smallest = min(smallest, value)
            largest = max(largest, value)
        }
        guard Int(smallest) <= below || Int(largest) >= above else { return (0, Int(smallest), Int(largest)) }
        var count = 0
        for value in row where Int(value) <= below || Int(value) >= above { count += 1 }
        return (count, Int(smallest), Int(largest))
    }
}

extension DetectorDescriptor {
    /// `broadcast-range`: see Docs/detectors.md.
    public static let broadcastRange = DetectorDescriptor(
        id: BroadcastRangeDetector.id,
        summary: "luma and R'G'B' outside the EBU R103 range on more than 1% of the picture (off by default)",
        parameters: [Knobs.strict.spec, Knobs.maxShare.spec, Knobs.minDuration.spec, Knobs.mergeGap.spec],
        enabledByDefault: false,
        factory: .video { settings, _ in
            BroadcastRangeDetector(
                strict: settings[Knobs.strict], maxShare: settings[Knobs.maxShare],
                minDuration: settings[Knobs.minDuration], mergeGap: settings[Knobs.mergeGap])
        })
}

private enum Knobs {
    static let strict = Parameter(
        flag: "strict", default: false,
        help: "0-100% (8-bit 16-235) instead of the tolerant -5% to 105% (8-bit 5-246)")
    static let maxShare = Parameter(
        "max-share", .ratio, default: 0.01, range: 0...1,
        help: "largest share of the picture allowed outside the range")
    static let minDuration = Parameter.minDuration(of: "broadcast-range", default: 0)
    static let mergeGap = Parameter.mergeGap(default: 0.5)
}
