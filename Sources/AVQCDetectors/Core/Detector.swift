import AVQCModel

/// What every detector is: it is fed one stream's frames or audio blocks in
/// presentation order, then asked once for what it found.
///
/// A detector instance belongs to one stream of one file and is used from one
/// thread. `process` must not keep the input (its memory is the decoder's)
/// and should allocate nothing in the steady state.
public protocol Detector<Input>: AnyObject {
    associatedtype Input
    /// Examines one frame (video) or one block of samples (audio).
    func process(_ input: Input)
    /// Closes the stream. `end` says where it stopped (the end time of the
    /// last frame or sample and, for video, the number of frames seen), where
    /// the container says it should have, and whether reading failed.
    func finish(at end: StreamEnd) -> DetectorResult
}
