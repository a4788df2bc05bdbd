import AVQCModel

extension AudioBlock {
    /// Writes each sample instant's largest absolute value over all channels
    /// into `envelope`, growing it (once) when the block is longer. Returns
    /// the number of values written (`frameCount`).
    @discardableResult
    func envelope(into envelope: inout [Float]) -> Int {
        let count = frameCount
        guard count > 0, channelCount > 0 else { return 0 }
        if envelope.count < count { envelope = [Float](repeating: 0, count: count) }
        envelope.withUnsafeMutableBufferPointer { env in
            let first = channel(0)
            for i in 0..<count { env[i] = abs(first[i]) }
            for c in 1..<channelCount {
                let samples = channel(c)
                for i in 0..<count { env[i] = max(env[i], abs(samples[i])) }
            }
        }
        return count
    }
}
