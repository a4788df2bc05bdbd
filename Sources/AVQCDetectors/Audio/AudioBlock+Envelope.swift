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

    /// Calls `body` with the block's envelope: the shared one when the
    /// pipeline computed it, else computed into `scratch` (grown once).
    func withEnvelope<R>(scratch: inout [Float], _ body: (UnsafeBufferPointer<Float>) -> R) -> R {
        if let shared = envelope, shared.count == frameCount { return body(shared) }
        let count = self.envelope(into: &scratch)
        return scratch.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[0..<count])) }
    }

    /// A copy of the block carrying `envelope`, computed into `buffer`, for `body`.
    public func sharingEnvelope(in buffer: inout [Float], _ body: (AudioBlock) -> Void) {
        let count = envelope(into: &buffer)
        buffer.withUnsafeBufferPointer { all in
            var shared = self
            shared.envelope = UnsafeBufferPointer(rebasing: all[0..<count])
            body(shared)
        }
    }
}
