/// Vectorized loops over float samples that several audio detectors share.
enum SampleKernels {
    /// The largest absolute value in `samples` (0 for none). NaN samples are ignored.
    static func peak(_ samples: UnsafeBufferPointer<Float>) -> Float {
        guard let base = samples.baseAddress else { return 0 }
        let count = samples.count
        let mask = SIMD16<UInt32>(repeating: 0x7FFF_FFFF)
        var lanes = SIMD16<UInt32>(repeating: 0)
        var i = 0
        // For non-negative IEEE floats, the bit patterns order like the values,
        // so an integer max of |x|'s bits is the peak; NaNs (above +inf) are masked out below.
        UnsafeRawPointer(base).withMemoryRebound(to: UInt32.self, capacity: count) { bits in
            while i + 16 <= count {
                let v = UnsafeRawPointer(bits + i).loadUnaligned(as: SIMD16<UInt32>.self) & mask
                let finite = v .<= SIMD16<UInt32>(repeating: 0x7F80_0000)
                lanes = pointwiseMax(lanes, v.replacing(with: 0, where: .!finite))
                i += 16
            }
        }
        var peak = Float(bitPattern: lanes.max())
        while i < count {
            let magnitude = abs(base[i])
            if magnitude > peak { peak = magnitude }
            i += 1
        }
        return peak
    }

    /// True when every sample is exactly 0 (either sign): digital silence.
    static func isZero(_ samples: UnsafeBufferPointer<Float>) -> Bool {
        guard let base = samples.baseAddress else { return true }
        let count = samples.count
        let mask = SIMD16<UInt32>(repeating: 0x7FFF_FFFF)
        var any = SIMD16<UInt32>(repeating: 0)
        var i = 0
        UnsafeRawPointer(base).withMemoryRebound(to: UInt32.self, capacity: count) { bits in
            while i + 16 <= count {
                any |= UnsafeRawPointer(bits + i).loadUnaligned(as: SIMD16<UInt32>.self) & mask
                i += 16
            }
        }
        guard any == SIMD16<UInt32>(repeating: 0) else { return false }
        while i < count {
            if base[i] != 0 { return false }
            i += 1
        }
        return true
    }

    /// The sum of `samples`, sixteen lanes at a time (a float sum in one
    /// chain runs at one add per four cycles).
    static func sum(_ samples: UnsafeBufferPointer<Float>) -> Float {
        guard let base = samples.baseAddress else { return 0 }
        var lanes = SIMD16<Float>.zero
        var i = 0
        while i + 16 <= samples.count {
            lanes += UnsafeRawPointer(base + i).loadUnaligned(as: SIMD16<Float>.self)
            i += 16
        }
        var total = lanes.sum()
        while i < samples.count {
            total += base[i]
            i += 1
        }
        return total
    }

    /// The sum of the squares of `samples`, sixteen lanes at a time.
    static func sumOfSquares(_ samples: UnsafeBufferPointer<Float>) -> Float {
        guard let base = samples.baseAddress else { return 0 }
        var lanes = SIMD16<Float>.zero
        var i = 0
        while i + 16 <= samples.count {
            let v = UnsafeRawPointer(base + i).loadUnaligned(as: SIMD16<Float>.self)
            lanes += v * v
            i += 16
        }
        var total = lanes.sum()
        while i < samples.count {
            total += base[i] * base[i]
            i += 1
        }
        return total
    }
}
