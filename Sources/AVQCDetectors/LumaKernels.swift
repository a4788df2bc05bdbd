import AVQCModel

/// The per-pixel loops of the video detectors. Plain loops over unsafe rows
/// that the optimizer vectorizes; they read the decoder's memory in place and
/// allocate nothing. Each checks its early-exit condition every few rows.
enum LumaKernels {
    /// Rows between early-exit checks.
    static let rowsPerCheck = 8

    /// Counts samples `<= threshold`. Returns nil as soon as more than
    /// `maxAbove` samples are known to be above it (the caller's answer is
    /// then settled without reading the rest of the picture).
    static func countAtOrBelow(_ plane: LumaPlane, threshold: Int, maxAbove: Int) -> Int? {
        var below = 0
        var seen = 0
        if plane.isWide {
            let t = UInt16(clamping: threshold)
            for y in 0..<plane.height {
                below &+= countRow(plane.row16(y), t)
                seen &+= plane.width
                if y % rowsPerCheck == rowsPerCheck - 1, seen - below > maxAbove { return nil }
            }
        } else {
            let t = UInt8(clamping: threshold)
            for y in 0..<plane.height {
                below &+= countRow(plane.row8(y), t)
                seen &+= plane.width
                if y % rowsPerCheck == rowsPerCheck - 1, seen - below > maxAbove { return nil }
            }
        }
        return seen - below > maxAbove ? nil : below
    }

    @inline(__always)
    private static func countRow<T: FixedWidthInteger & UnsignedInteger>(_ row: UnsafeBufferPointer<T>, _ t: T) -> Int {
        var count: UInt32 = 0
        for value in row { count &+= value <= t ? 1 : 0 }
        return Int(count)
    }

    /// Sum of absolute differences between `plane` and `reference` (same size
    /// and depth). Stops early, returning a partial sum above `limit`, once
    /// the sum exceeds `limit`.
    static func sumOfAbsoluteDifferences(_ plane: LumaPlane, _ reference: LumaSnapshot, limit: UInt64) -> UInt64 {
        var total: UInt64 = 0
        if plane.isWide {
            for y in 0..<plane.height {
                total &+= sadRow(plane.row16(y), reference.row16(y))
                if y % rowsPerCheck == rowsPerCheck - 1, total > limit { return total }
            }
        } else {
            for y in 0..<plane.height {
                total &+= sadRow(plane.row8(y), reference.row8(y))
                if y % rowsPerCheck == rowsPerCheck - 1, total > limit { return total }
            }
        }
        return total
    }

    @inline(__always)
    private static func sadRow(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var sum: UInt32 = 0
        for x in 0..<a.count {
            let d = Int16(a[x]) &- Int16(b[x])
            sum &+= UInt32(truncatingIfNeeded: d < 0 ? 0 &- d : d)
        }
        return UInt64(sum)
    }

    @inline(__always)
    private static func sadRow(_ a: UnsafeBufferPointer<UInt16>, _ b: UnsafeBufferPointer<UInt16>) -> UInt64 {
        var sum: UInt64 = 0
        for x in 0..<a.count {
            let d = Int32(a[x]) &- Int32(b[x])
            sum &+= UInt64(truncatingIfNeeded: d < 0 ? 0 &- d : d)
        }
        return sum
    }
}
