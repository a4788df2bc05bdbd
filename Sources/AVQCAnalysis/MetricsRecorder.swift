import AVQCDetectors
import AVQCModel

/// Collects one file's per-frame and per-block metrics and hands them on
/// in batches (to the metrics file, or from a worker to avqc), so nothing
/// is held beyond one batch whatever the file's length.
final class MetricsRecorder {
    static let batch = 512

    private let deliver: ([MetricRow]) -> Void
    private var rows: [MetricRow] = []

    init(deliver: @escaping ([MetricRow]) -> Void) {
        self.deliver = deliver
        rows.reserveCapacity(Self.batch)
    }

    func video(_ frame: VideoFrame, stream: Int) {
        let luma = PictureCollector.lumaStatistics(frame.luma)
        append(
            MetricRow(
                stream: stream, kind: .video, frame: frame.index, time: frame.time, lumaMean: luma.mean,
                lumaMin: luma.min, lumaMax: luma.max))
    }

    func audio(_ block: AudioBlock, stream: Int) {
        let levels = BlockLevels.of(block)
        append(MetricRow(stream: stream, kind: .audio, time: block.time, peakDBFS: levels.peak, rmsDBFS: levels.rms))
    }

    private func append(_ row: MetricRow) {
        rows.append(row)
        if rows.count >= Self.batch { flush() }
    }

    /// Hands on what is left (called at the end of the file).
    func flush() {
        guard !rows.isEmpty else { return }
        deliver(rows)
        rows.removeAll(keepingCapacity: true)
    }
}
