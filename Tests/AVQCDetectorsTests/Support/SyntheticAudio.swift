import AVQCModel
import Foundation

@testable import AVQCDetectors

// The one synthetic-audio helper the detector tests share: signals made in
// memory and fed in blocks, as the decoder would.

/// Feeds interleaved test signals to an audio detector in blocks of `blockSize`.
func feedResult(
    _ detector: some Detector<AudioBlock>, channels: [[Float]], sampleRate: Int = 48_000, blockSize: Int = 1024,
    format: AudioFormat? = nil
) -> DetectorResult {
    let count = channels[0].count
    var offset = 0
    while offset < count {
        let n = min(blockSize, count - offset)
        let slices = channels.map { Array($0[offset..<offset + n]) }
        var pointers: [UnsafeMutablePointer<Float>] = []
        for slice in slices {
            let p = UnsafeMutablePointer<Float>.allocate(capacity: n)
            p.initialize(from: slice, count: n)
            pointers.append(p)
        }
        let readOnly = pointers.map { UnsafePointer($0) }
        readOnly.withUnsafeBufferPointer { table in
            detector.process(
                AudioBlock(
                    channelData: table, frameCount: n, sampleRate: sampleRate,
                    time: Double(offset) / Double(sampleRate),
                    format: format))
        }
        for pointer in pointers { pointer.deallocate() }
        offset += n
    }
    return detector.finish(at: StreamEnd(position: StreamPosition(time: Double(count) / Double(sampleRate))))
}

/// Feeds interleaved test signals and returns the findings.
func feed(
    _ detector: some Detector<AudioBlock>, channels: [[Float]], sampleRate: Int = 48_000, blockSize: Int = 1024
) -> [Finding] {
    feedResult(detector, channels: channels, sampleRate: sampleRate, blockSize: blockSize).findings
}

func tone(_ count: Int, amplitude: Float = 0.5, frequency: Float = 440, rate: Float = 48_000) -> [Float] {
    (0..<count).map { amplitude * sin(2 * .pi * frequency * Float($0) / rate) + (($0 % 2 == 0) ? 0.01 : -0.01) }
}

/// A sine of `amplitude` (full scale = 1) at `frequency` Hz starting at `phase` radians, without dither.
func sine(_ count: Int, amplitude: Double, frequency: Double, rate: Double = 48_000, phase: Double = 0) -> [Float] {
    (0..<count).map { Float(amplitude * sin(2 * Double.pi * frequency * Double($0) / rate + phase)) }
}
/// Feeds mono float samples to `detector` in 1024-sample blocks from time 0.
func feedAudio(_ samples: [Float], rate: Int = 48_000, channels: Int = 1, into body: (AudioBlock) -> Void) {
    var start = 0
    while start < samples.count {
        let n = min(1024, samples.count - start)
        let slice = Array(samples[start..<(start + n)])
        slice.withUnsafeBufferPointer { buffer in
            Array(repeating: buffer.baseAddress!, count: channels).withUnsafeBufferPointer { table in
                body(
                    AudioBlock(channelData: table, frameCount: n, sampleRate: rate, time: Double(start) / Double(rate)))
            }
        }
        start += n
    }
}
