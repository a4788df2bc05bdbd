import AVQCMedia
import Foundation

/// The audio half of a screened file (`--screen`): its own demuxer feeding
/// the file's detector bank on a thread of its own, while the calling
/// thread screens the video from another demuxer.
///
/// `@unchecked Sendable`: the source and the bank's audio detectors are
/// used only by the started thread until `done` is signalled; the caller
/// touches the bank again only after `wait()` returns (the semaphore orders
/// the two), and the video half never calls the bank.
final class AudioSide: @unchecked Sendable {
    private let source: MediaSource
    private let bank: DetectorBank
    private let selected: Set<Int>
    private var result: Result<DecodeSummary, MediaError>?
    private let done = DispatchSemaphore(value: 0)
    /// Set by the calling thread once it has waited for `done`.
    private var joined = false

    init(source: MediaSource, bank: DetectorBank, selected: Set<Int>) {
        self.source = source
        self.bank = bank
        self.selected = selected
    }

    func start() {
        let thread = Thread { [self] in
            result = Result { () throws(MediaError) -> DecodeSummary in
                try source.decode(selected: selected, threads: 1, sink: bank)
            }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Waits for the thread (once; later calls return at once). The caller
    /// joins it on every path, errors included, so that no decode outlives
    /// the file's analysis.
    func join() {
        guard !joined else { return }
        done.wait()
        joined = true
    }

    /// The audio streams' decode summary, once the thread is done.
    func wait() throws(MediaError) -> DecodeSummary {
        join()
        switch result {
        case .success(let summary)?: return summary
        case .failure(let error)?: throw error
        case nil: throw .stopped(path: source.path, reason: .interrupted, timeLimit: 0)
        }
    }
}
