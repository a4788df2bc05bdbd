import AVQCModel
import Foundation

/// An audio block's peak and RMS over every channel, for the metrics export.
public enum BlockLevels {
    /// (peak, RMS) in dBFS; −200 for digital silence.
    public static func of(_ block: AudioBlock) -> (peak: Double, rms: Double) {
        var peak: Float = 0
        var squares: Float = 0
        for channel in 0..<block.channelCount {
            let samples = block.channel(channel)
            peak = max(peak, SampleKernels.peak(samples))
            squares += SampleKernels.sumOfSquares(samples)
        }
        let count = Float(max(1, block.frameCount * block.channelCount))
        func decibels(_ value: Float) -> Double { value > 0 ? Double(20 * log10(value)) : -200 }
        return (decibels(peak), decibels((squares / count).squareRoot()))
    }
}
