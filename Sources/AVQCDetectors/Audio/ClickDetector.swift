import AVQCModel
import Foundation

/// `clicks`: impulsive clicks and pops. See Docs/detectors.md.
///
/// Each channel is cut into 1024-sample frames. A frame is modelled by
/// linear prediction (order 16, from its Hann-windowed autocorrelation by
/// Levinson-Durbin, with a −60 dB noise floor), and its prediction residual
/// e[n] = x[n] − Σ a_k·x[n−1−k] is what the model cannot explain. The
/// residual goes through the time-reversed prediction-error filter, the
/// filter matched to the trace an impulse leaves in the residual: its
/// output at a click of size A is A·(1 + Σ a_k²). A sample is a click when
///
/// - that output exceeds `threshold` (13) times the local level: the
///   residual RMS of the segments (32 samples) within ±8 of its own,
///   leaving out its own and its two neighbours, at their 75th percentile
///   (so an onset from silence does not make its own level zero), scaled by
///   the filter's gain;
/// - the estimated size A is at least `min-level` (−35 dBFS);
/// - the output around it follows an impulse's trace (the filter's
///   autocorrelation) to `min-fit` (0.8): a natural transient, a drum or a
///   consonant, leaves another shape;
/// - the residual after it is within a factor of 4 of the residual before
///   it (an onset adds sound, a cut to silence removes it; a click leaves
///   the signal as it was);
/// - no sample within 16 of it is at 0.99 of full scale (clipping's).
///
/// Clicks less than 2 ms apart form one event, reported from its first
/// sample with its channel, strength and size. Frames are judged one frame
/// late, so every sample has context on both sides; the previous frame's
/// residual is continued into the next frame with its own predictor, so a
/// click near a frame's end is traced by one filter.
public final class ClickDetector: Detector {
    struct Evidence: SpanEvidence {
        var channel = ""
        /// Largest matched output over the local level (ratio), and that
        /// click's estimated size (full scale = 1).
        var strength = 0.0
        var residual = 0.0
        /// Time of the strongest sample, seconds.
        var peakTime = 0.0
        var samples = 0
        var events = 0

        static var empty: Evidence { Evidence() }
        mutating func absorb(_ other: Evidence) {
            if channel.isEmpty { channel = other.channel }
            if other.strength > strength {
                (strength, residual, peakTime) = (other.strength, other.residual, other.peakTime)
            }
            samples += other.samples
            events += other.events
        }
        var details: [String: DetailValue] {
            var details: [String: DetailValue] = [
                "channel": .string(channel), "strengthDB": .number(Decibels.from(amplitude: strength)),
                "levelDBFS": .number(Decibels.from(amplitude: residual)), "peakTime": .number(peakTime),
                "samples": .integer(samples),
            ]
            if events > 1 { details["events"] = .integer(events) }
            return details
        }
    }

    /// One channel's frames, residuals and open event (a class, so that its
    /// buffers are mutated in place, never copied).
    private final class Channel {
        var frame: [Float]
        /// The `order` samples before `frame`, oldest first.
        var history: [Float]
        /// The current frame's residual, and the previous frame's samples and
        /// residual, judged when the current frame is known.
        var residual: [Float]
        var previousResidual: [Float]
        var previousSamples: [Float]
        var previousStart = 0.0
        var previousCount = 0
        var hasPrevious = false
        /// True while the previous frame is the stream's first.
        var isFirstFrame = true
        /// True when the previous frame was digital silence throughout.
        var previousSilent = false
        /// Segment mean squares of the last three frames (older, previous, current), flat.
        var segments: [Double]
        var open: TrackedSpan<Evidence>?
        var lastFlag = -Double.infinity
        /// The previous frame's predictor a_1…a_p, and 1 + Σ a_k² (the
        /// prediction-error filter's energy).
        var previousPredictor: [Float]
        var previousGain: Float = 1
        /// The impulse's trace in the matched output, R(k)/R(0) for k = 0…order,
        /// R the autocorrelation of the prediction-error filter.
        var previousShape: [Float]
        /// The matched-filter output over the previous frame (scratch).
        var matched: [Float]
        /// The first `order` samples of the current frame through the previous
        /// frame's predictor: the previous frame's residual continued, so that
        /// a click near its end is traced by one filter.
        var tail: [Float]

        init(length: Int, order: Int, segments: Int) {
            previousPredictor = [Float](repeating: 0, count: order)
            previousShape = [Float](repeating: 0, count: order + 1)
            matched = [Float](repeating: 0, count: length)
            tail = [Float](repeating: 0, count: order)
            frame = [Float](repeating: 0, count: length)
            history = [Float](repeating: 0, count: order)
            residual = frame
            previousResidual = frame
            previousSamples = frame
            self.segments = [Double](repeating: 0, count: 3 * segments)
        }

        /// Moves the segment ring on by one frame: older ← previous ← current.
        func shiftSegments(by count: Int) {
            segments.withUnsafeMutableBufferPointer { ring in
                for j in 0..<(2 * count) { ring[j] = ring[j + count] }
            }
        }
    }

    public static let id = "clicks"
    static let frameLength = 1024
    static let order = 16
    static let segmentLength = 32
    static var segmentsPerFrame: Int { frameLength / segmentLength }
    /// Segments on each side of a sample's own that give its local level.
    static let reach = 8

    /// Ratio of the matched output to the local level above which a sample is a click.
    public let threshold: Double
    /// Smallest click size reported, full scale = 1.
    private let floor: Double
    private var spans = BoundedSpanList<Evidence>()
    private let mergeGap: Double
    private var channels: [Channel] = []
    private var names: [String] = []
    private var sampleRate = 48_000.0
    private var filled = 0
    private var frameStart = 0.0
    private var configured = false
    /// Scratch, allocated once.
    private var windowed: [Float]
    private var hann: [Float]
    private var correlation = [Double](repeating: 0, count: ClickDetector.order + 1)
    private var coefficients = [Double](repeating: 0, count: ClickDetector.order + 1)
    private var previousCoefficients = [Double](repeating: 0, count: ClickDetector.order + 1)
    private var floats = [Float](repeating: 0, count: ClickDetector.order)  // the predictor a_1…a_p
    private var neighbours = [Double](repeating: 0, count: 2 * ClickDetector.reach + 1)
    /// Samples of a frame above their bar, and their local levels (scratch).
    private var candidates = [Int](repeating: 0, count: ClickDetector.frameLength)
    private var scales = [Double](repeating: 0, count: ClickDetector.frameLength)

    /// Smallest fit of the matched output to an impulse's trace.
    private let minFit: Double

    public init(threshold: Double = 13, minLevel: Double = -35, minFit: Double = 0.8, mergeGap: Double = 0) {
        self.threshold = threshold
        self.minFit = minFit
        self.floor = Decibels.amplitude(minLevel)
        self.mergeGap = mergeGap
        windowed = [Float](repeating: 0, count: Self.frameLength)
        hann = (0..<Self.frameLength).map {
            Float(0.5 - 0.5 * cos(2 * Double.pi * (Double($0) + 0.5) / Double(Self.frameLength)))
        }
    }

    public func process(_ block: AudioBlock) {
        if !configured || block.channelCount != channels.count { configure(block) }
        var i = 0
        while i < block.frameCount {
            if filled == 0 { frameStart = block.time(ofSample: i) }
            let n = min(block.frameCount - i, Self.frameLength - filled)
            for c in channels.indices {
                let source = block.channel(c)
                channels[c].frame.withUnsafeMutableBufferPointer { target in
                    guard let from = source.baseAddress, let to = target.baseAddress else { return }
                    (to + filled).update(from: from + i, count: n)
                }
            }
            filled += n
            i += n
            if filled == Self.frameLength { closeFrame(count: filled) }
        }
    }

    private func configure(_ block: AudioBlock) {
        configured = true
        sampleRate = Double(max(1, block.sampleRate))
        names = (0..<block.channelCount).map {
            block.format.channelNames.indices.contains($0) ? block.format.channelNames[$0] : "channel \($0)"
        }
        let n = Self.frameLength
        channels = (0..<block.channelCount).map { _ in
            Channel(length: n, order: Self.order, segments: Self.segmentsPerFrame)
        }
        filled = 0
    }

    /// Models the frame, computes its residual, then judges the previous frame.
    private func closeFrame(count: Int) {
        for c in channels.indices { predict(channel: c, count: count) }
        filled = 0
    }

    private func predict(channel c: Int, count: Int) {
        let p = Self.order
        // Digital silence after digital silence: no click in either frame,
        // nothing to model (24 hours of silence cost nothing).
        let current = channels[c]
        let silent = current.frame.withUnsafeBufferPointer {
            SampleKernels.isZero(UnsafeBufferPointer(rebasing: $0[0..<count]))
        }
        if silent, current.previousSilent, current.hasPrevious {
            current.shiftSegments(by: Self.segmentsPerFrame)
            for j in 0..<Self.segmentsPerFrame { current.segments[2 * Self.segmentsPerFrame + j] = 0 }
            for k in 0..<p { current.history[k] = 0 }
            current.previousStart = frameStart
            current.previousCount = count
            current.isFirstFrame = false
            return
        }
        defer { current.previousSilent = silent }
        // Windowed autocorrelation, lags 0...p.
        channels[c].frame.withUnsafeBufferPointer { x in
            windowed.withUnsafeMutableBufferPointer { w in
                for k in 0..<count { w[k] = x[k] * hann[k] }
                for k in count..<Self.frameLength { w[k] = 0 }
            }
        }
        windowed.withUnsafeBufferPointer { w in
            for lag in 0...p {
                var sum = SIMD8<Float>.zero
                var k = 0
                let end = Self.frameLength - lag
                while k + 8 <= end {
                    sum +=
                        UnsafeRawPointer(w.baseAddress! + k).loadUnaligned(as: SIMD8<Float>.self)
                        * UnsafeRawPointer(w.baseAddress! + k + lag).loadUnaligned(as: SIMD8<Float>.self)
                    k += 8
                }
                var total = Double(sum.sum())
                while k < end {
                    total += Double(w[k]) * Double(w[k + lag])
                    k += 1
                }
                correlation[lag] = total
            }
        }
        let predictable = levinson()
        let perFrame = Self.segmentsPerFrame
        current.shiftSegments(by: perFrame)
        for k in 0..<p { floats[k] = Float(predictable ? coefficients[k + 1] : 0) }
        // Residual over the frame, with the history before it.
        current.frame.withUnsafeBufferPointer { x in
            current.history.withUnsafeBufferPointer { h in
                current.residual.withUnsafeMutableBufferPointer { e in
                    floats.withUnsafeBufferPointer { a in
                        Self.residual(of: x, after: h, predictor: a, into: e, count: min(p, count))
                        if count > p, let xb = x.baseAddress, let eb = e.baseAddress {
                            // Eight outputs at a time: e[n…n+7] = x[n…n+7] − Σ a_k·x[n−1−k…n+6−k].
                            var n = p
                            while n + 8 <= count {
                                var acc = UnsafeRawPointer(xb + n).loadUnaligned(as: SIMD8<Float>.self)
                                for k in 0..<p {
                                    acc -= a[k] * UnsafeRawPointer(xb + n - 1 - k).loadUnaligned(as: SIMD8<Float>.self)
                                }
                                UnsafeMutableRawPointer(eb + n).storeBytes(of: acc, as: SIMD8<Float>.self)
                                n += 8
                            }
                            while n < count {
                                var prediction: Float = 0
                                for k in 0..<p { prediction += a[k] * x[n - 1 - k] }
                                e[n] = x[n] - prediction
                                n += 1
                            }
                        }
                        for n in count..<Self.frameLength { e[n] = 0 }
                    }
                }
            }
        }
        current.residual.withUnsafeBufferPointer { e in
            for j in 0..<perFrame {
                var sum: Float = 0
                let base = j * Self.segmentLength
                for k in base..<max(base, min(count, base + Self.segmentLength)) { sum += e[k] * e[k] }
                current.segments[2 * perFrame + j] = Double(sum) / Double(Self.segmentLength)
            }
        }
        // Judge the previous frame, now that its right-hand context is known.
        if current.hasPrevious { judge(current, channel: c) }
        var gain: Float = 1
        for k in 0..<p {
            current.previousPredictor[k] = floats[k]
            gain += floats[k] * floats[k]
        }
        current.previousGain = gain
        // R(k) = Σ c_i·c_{i+k} with c = (1, −a_1, …, −a_p).
        for lag in 0...p {
            var sum: Float = 0
            for i in 0...(p - lag) {
                let ci: Float = i == 0 ? 1 : -floats[i - 1]
                let cj: Float = i + lag == 0 ? 1 : -floats[i + lag - 1]
                sum += ci * cj
            }
            current.previousShape[lag] = sum / gain
        }
        // The current frame becomes the previous one.
        swap(&current.previousResidual, &current.residual)
        current.frame.withUnsafeBufferPointer { frame in
            current.previousSamples.withUnsafeMutableBufferPointer { copy in
                for k in 0..<count { copy[k] = frame[k] }
            }
        }
        current.previousStart = frameStart
        current.previousCount = count
        current.isFirstFrame = !current.hasPrevious
        current.hasPrevious = true
        if count >= p {
            for k in 0..<p { current.history[k] = current.frame[count - p + k] }
        }
    }

    /// Levinson-Durbin on `correlation` into `coefficients[1...order]`; false if the frame is silent.
    private func levinson() -> Bool {
        let p = Self.order
        guard correlation[0] > 1e-12 else { return false }
        correlation[0] *= 1 + 1e-6  // a −60 dB noise floor keeps tones and silence stable
        correlation.withUnsafeBufferPointer { r in
            coefficients.withUnsafeMutableBufferPointer { a in
                previousCoefficients.withUnsafeMutableBufferPointer { before in
                    for k in 0...p { a[k] = 0 }
                    a[0] = 1
                    var error = r[0]
                    for i in 1...p {
                        var acc = r[i]
                        for j in 1..<i { acc -= a[j] * r[i - j] }
                        let reflection = acc / error
                        guard reflection.isFinite, abs(reflection) < 1 else { break }
                        for j in 1..<i { before[j] = a[j] }
                        a[i] = reflection
                        for j in 1..<i { a[j] = before[j] - reflection * before[i - j] }
                        error *= 1 - reflection * reflection
                        guard error > 0 else { break }
                    }
                }
            }
        }
        return true
    }

    /// Flags the previous frame's impulsive samples and groups them into events.
    /// `last`: the stream's last frame, whose final `order` samples have no
    /// samples after them to be judged by.
    private func judge(_ channel: Channel, channel c: Int, last: Bool = false) {
        let valid = last ? max(0, channel.previousCount - Self.order) : channel.previousCount
        continueResidual(channel)
        matchedFilter(channel)
        let perFrame = Self.segmentsPerFrame
        let bridge = 0.002
        let limit = threshold * threshold
        let gain = Double(channel.previousGain)
        let floorSquared = floor * floor * gain * gain
        // Pass 1, over every sample: the samples above their segment's bar.
        var found = 0
        channel.segments.withUnsafeBufferPointer { segments in
            channel.matched.withUnsafeBufferPointer { matched in
                neighbours.withUnsafeMutableBufferPointer { sorted in
                    candidates.withUnsafeMutableBufferPointer { picked in
                        for j in 0..<perFrame {
                            let own = perFrame + j
                            // An onset (a drum, a sound starting from silence) leaves more
                            // residual after it than before, a sound that stops (a dropout's
                            // edge) less; a click leaves the signal as it was.
                            var before = 0.0
                            var after = 0.0
                            for k in 3...6 {
                                before += segments[max(0, own - k)]
                                after += segments[min(3 * perFrame - 1, own + k)]
                            }
                            guard after <= 4 * before, before <= 4 * after else { continue }
                            // Nothing here reaches the smallest click: no need for its level.
                            guard
                                largest(matched, from: j * Self.segmentLength, count: Self.segmentLength)
                                    > Float(floorSquared)
                            else { continue }
                            var count = 0
                            for g in (own - Self.reach)...(own + Self.reach) where abs(g - own) > 1 {
                                guard g >= 0, g < 3 * perFrame else { continue }
                                // Insertion into the sorted scratch.
                                var k = count
                                let value = segments[g]
                                while k > 0, sorted[k - 1] > value {
                                    sorted[k] = sorted[k - 1]
                                    k -= 1
                                }
                                sorted[k] = value
                                count += 1
                            }
                            guard count > 0 else { continue }
                            // The matched output's noise is the residual's times the filter's gain.
                            let local = sorted[(3 * count) / 4] * gain
                            let bar = Float(max(limit * local, floorSquared))
                            let base = j * Self.segmentLength
                            guard largest(matched, from: base, count: Self.segmentLength) > bar else { continue }
                            for n in base..<max(base, min(valid, base + Self.segmentLength))
                            where matched[n] * matched[n] > bar {
                                picked[found] = n
                                scales[found] = local
                                found += 1
                            }
                        }
                    }
                }
            }
        }
        // Pass 2, over the few samples found.
        for index in 0..<found {
            let n = candidates[index]
            let local = scales[index]
            let e = Double(channel.matched[n])
            // Distortion at full scale is clipping's, not a click; the
            // stream's first samples have no past to be predicted from.
            if nearFullScale(channel, around: n, valid: valid) { continue }
            if channel.isFirstFrame, n < Self.order { continue }
            // A click leaves the impulse's own trace around the peak of the
            // matched output; a natural transient leaves another shape.
            guard fit(channel, at: n, valid: valid) >= minFit else { continue }
            let time = channel.previousStart + Double(n) / sampleRate
            let strength = local > 0 ? abs(e) / local.squareRoot() : 1e6
            var evidence = Evidence()
            evidence.channel = names[c]
            // The click's own size: the matched output is A·(1 + Σa²) for an impulse of A.
            let size = abs(e) / Double(channel.previousGain)
            (evidence.strength, evidence.residual, evidence.peakTime) = (strength, size, time)
            evidence.samples = 1
            if var open = channel.open, time - channel.lastFlag <= bridge + 1e-9 {
                open.evidence.absorb(evidence)
                open.end = StreamPosition(time: time + 1 / sampleRate)
                channel.open = open
            } else {
                if let open = channel.open { spans.append(open) }
                evidence.events = 1
                channel.open = TrackedSpan(
                    start: StreamPosition(time: time), end: StreamPosition(time: time + 1 / sampleRate),
                    evidence: evidence)
            }
            channel.lastFlag = time
        }
    }

    /// The largest square of `count` values from `start` (a multiple of 8 long).
    @inline(__always)
    private func largest(_ values: UnsafeBufferPointer<Float>, from start: Int, count: Int) -> Float {
        guard let base = values.baseAddress else { return 0 }
        var top = SIMD8<Float>.zero
        var k = start
        while k + 8 <= start + count {
            let v = UnsafeRawPointer(base + k).loadUnaligned(as: SIMD8<Float>.self)
            let square = v * v
            top.replace(with: square, where: square .> top)
            k += 8
        }
        return top.max()
    }

    /// How well the matched output around sample `n` follows an impulse's
    /// trace scaled to its value at `n`: 1 − (misfit energy / energy), over
    /// ±order samples within the frame.
    private func fit(_ channel: Channel, at n: Int, valid: Int) -> Double {
        let p = Self.order
        let peak = channel.matched[n]
        var misfit: Float = 0
        var energy: Float = 0
        for k in -p...p {
            let j = n + k
            guard j >= 0, j < valid else { continue }
            let value = channel.matched[j]
            let expected = peak * channel.previousShape[abs(k)]
            misfit += (value - expected) * (value - expected)
            energy += value * value
        }
        return energy > 0 ? 1 - Double(misfit / energy) : 0
    }

    /// True when a sample within `order` of sample `n` of the previous frame
    /// is at 0.99 of full scale or more (a limiter or clipping at work).
    private func nearFullScale(_ channel: Channel, around n: Int, valid: Int) -> Bool {
        let low = max(0, n - Self.order)
        let high = min(valid, n + Self.order + 1)
        guard low < high else { return false }
        for k in low..<high where abs(channel.previousSamples[k]) >= 0.99 { return true }
        return false
    }

    /// The residual of the first `count` samples of `x` (count ≤ order),
    /// predicted by `a` from the samples before them: earlier ones of `x`,
    /// then the end of `before` (zero past its start).
    private static func residual(
        of x: UnsafeBufferPointer<Float>, after before: UnsafeBufferPointer<Float>,
        predictor a: UnsafeBufferPointer<Float>, into out: UnsafeMutableBufferPointer<Float>, count: Int
    ) {
        let p = a.count
        for n in 0..<count {
            var prediction: Float = 0
            for k in 0..<p {
                let m = n - 1 - k
                let j = before.count + m
                prediction += a[k] * (m >= 0 ? x[m] : (j >= 0 ? before[j] : 0))
            }
            out[n] = x[n] - prediction
        }
    }

    /// Fills `tail`: the current frame's first samples predicted with the
    /// previous frame's predictor from the samples before them.
    private func continueResidual(_ channel: Channel) {
        let p = Self.order
        let count = channel.previousCount
        channel.frame.withUnsafeBufferPointer { x in
            channel.previousSamples.withUnsafeBufferPointer { before in
                channel.previousPredictor.withUnsafeBufferPointer { a in
                    channel.tail.withUnsafeMutableBufferPointer { out in
                        Self.residual(
                            of: x, after: UnsafeBufferPointer(rebasing: before[0..<count]), predictor: a, into: out,
                            count: p)
                    }
                }
            }
        }
    }

    /// The residual of the previous frame through the time-reversed
    /// prediction-error filter: m[n] = e[n] − Σ a_k·e[n+k], the output
    /// matched to an impulse's trace in the residual (the next frame's
    /// residual supplies the samples past the end).
    private func matchedFilter(_ channel: Channel) {
        let p = Self.order
        let length = Self.frameLength
        channel.previousResidual.withUnsafeBufferPointer { e in
            channel.tail.withUnsafeBufferPointer { next in
                channel.previousPredictor.withUnsafeBufferPointer { a in
                    channel.matched.withUnsafeMutableBufferPointer { m in
                        guard let eb = e.baseAddress, let mb = m.baseAddress else { return }
                        // Eight outputs at a time where the frame holds every tap.
                        var n = 0
                        while n + 8 + p <= length {
                            var acc = UnsafeRawPointer(eb + n).loadUnaligned(as: SIMD8<Float>.self)
                            for k in 0..<p {
                                acc -= a[k] * UnsafeRawPointer(eb + n + 1 + k).loadUnaligned(as: SIMD8<Float>.self)
                            }
                            UnsafeMutableRawPointer(mb + n).storeBytes(of: acc, as: SIMD8<Float>.self)
                            n += 8
                        }
                        while n < length {
                            var sum = e[n]
                            for k in 0..<p {
                                let j = n + 1 + k
                                sum -= a[k] * (j < length ? e[j] : next[j - length])
                            }
                            m[n] = sum
                            n += 1
                        }
                    }
                }
            }
        }
    }

    public func finish(at end: StreamEnd) -> DetectorResult {
        if filled > 0 {
            let count = filled
            for c in channels.indices {
                for k in count..<Self.frameLength { channels[c].frame[k] = 0 }
            }
            closeFrame(count: count)
        }
        // The last frame, judged with no right-hand context.
        let perFrame = Self.segmentsPerFrame
        for (c, channel) in channels.enumerated() {
            // Its right-hand context: its own segments again.
            channel.shiftSegments(by: perFrame)
            for j in 0..<perFrame { channel.segments[2 * perFrame + j] = channel.segments[perFrame + j] }
            if channel.hasPrevious { judge(channel, channel: c, last: true) }
            if let open = channel.open { spans.append(open) }
            channel.open = nil
        }
        var tracker = SpanTracker<Evidence>(minDuration: 0, mergeGap: mergeGap)
        for span in spans.spans.sorted(by: { $0.start.time < $1.start.time }) { tracker.add(span) }
        return DetectorResult(
            findings: tracker.finish(at: end.position).map { $0.finding() },
            measurements: channels.isEmpty
                ? [] : [DetectorResult.Measured(values: ["clicks": .integer(spans.spans.count)])])
    }
}

extension DetectorDescriptor {
    /// `clicks`: see Docs/detectors.md.
    public static let clicks = DetectorDescriptor(
        id: ClickDetector.id,
        summary: "impulsive clicks and pops: samples far above the local linear-prediction residual",
        parameters: [Knobs.threshold.spec, Knobs.minLevel.spec, Knobs.minFit.spec, Knobs.mergeGap.spec],
        factory: .audio { settings, _ in
            ClickDetector(
                threshold: settings[Knobs.threshold], minLevel: settings[Knobs.minLevel],
                minFit: settings[Knobs.minFit], mergeGap: settings[Knobs.mergeGap])
        })
}

private enum Knobs {
    static let threshold = Parameter(
        "threshold", .ratio, default: 13, range: 2...10_000,
        help: "a sample whose matched prediction residual is this many times the local level is a click")
    static let minLevel = Parameter(
        "min-level", .decibels, default: -35, range: -120...0,
        help: "smallest click reported (its estimated size), dBFS")
    static let minFit = Parameter(
        "min-fit", .ratio, default: 0.8, range: -100...1,
        help: "how closely the residual around a click must follow an impulse's trace (1: exactly)")
    static let mergeGap = Parameter.mergeGap()
}
