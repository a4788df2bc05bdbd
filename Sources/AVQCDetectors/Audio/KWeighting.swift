import Foundation

/// The K-weighting of ITU-R BS.1770-4: a high-shelf "pre-filter" (+4 dB
/// above about 1.5 kHz, the head's acoustic effect) followed by the RLB
/// high-pass. The two sections are designed for the actual sample rate from
/// their analog prototypes (bilinear transform, as libebur128 does), so the
/// response is right at 44.1, 96 or 192 kHz, not only at 48 kHz where they
/// reproduce the coefficients printed in BS.1770.
///
/// Below about 3.7 kHz the shelf's corner (1.68 kHz) lies above the Nyquist
/// frequency, where the bilinear design is unstable; each corner is then
/// placed at 0.45 of the sample rate. BS.1770 defines no weighting there,
/// so loudness of such audio is approximate (and reported, not trapped on).
enum KWeighting {
    static func filters(sampleRate: Double) -> (shelf: Biquad, highPass: Biquad) {
        let ceiling = 0.45 * sampleRate
        // Pre-filter: high shelf.
        var f0 = min(1681.974450955533, ceiling)
        let gain = 3.999843853973347
        var q = 0.7071752369554196
        var k = tan(Double.pi * f0 / sampleRate)
        let vh = pow(10, gain / 20)
        let vb = pow(vh, 0.4996667741545416)
        var a0 = 1 + k / q + k * k
        let shelf = Biquad(
            b0: (vh + vb * k / q + k * k) / a0, b1: 2 * (k * k - vh) / a0, b2: (vh - vb * k / q + k * k) / a0,
            a1: 2 * (k * k - 1) / a0, a2: (1 - k / q + k * k) / a0)
        // RLB weighting: second-order high-pass.
        f0 = min(38.13547087602444, ceiling)
        q = 0.5003270373238773
        k = tan(Double.pi * f0 / sampleRate)
        a0 = 1 + k / q + k * k
        let highPass = Biquad(b0: 1, b1: -2, b2: 1, a1: 2 * (k * k - 1) / a0, a2: (1 - k / q + k * k) / a0)
        return (shelf, highPass)
    }
}
