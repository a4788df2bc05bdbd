extension Int {
    /// `value` rounded toward zero, clamped to `Int`'s range; NaN gives 0.
    /// For conversions fed by file data (timestamps, levels, rates), which
    /// `Int(_:)` would trap on when they are huge or not a number.
    public init(saturating value: Double) {
        if value.isNaN {
            self = 0
        } else if value >= Double(Int.max) {
            self = .max
        } else if value <= Double(Int.min) {
            self = .min
        } else {
            self = Int(value)
        }
    }
}

extension Int64 {
    /// `value` rounded toward zero, clamped to `Int64`'s range; NaN gives 0.
    public init(saturating value: Double) {
        self = Int64(Int(saturating: value))
    }
}
