/// A second-order IIR section (transposed direct form II), coefficients
/// normalized so that a0 = 1.
struct Biquad: Sendable {
    var b0: Double
    var b1: Double
    var b2: Double
    var a1: Double
    var a2: Double
}
