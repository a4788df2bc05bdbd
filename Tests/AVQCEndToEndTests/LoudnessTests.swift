import AVQCModel
import Foundation
import Testing

/// Loudness against the EBU Tech 3341 and 3342 test signals, synthesized
/// with lavfi `aevalsrc` exactly as the documents define them (1 kHz sines at
/// given dBFS levels and durations; quarter-rate sines for true peak), at
/// 44.1, 48 and 96 kHz, and against FFmpeg's ebur128 on real encodes.
@Suite struct LoudnessTests {
    static let rates = [44_100, 48_000, 96_000]

    /// `dB` dBFS as a linear amplitude, for aevalsrc expressions.
    static func amplitude(_ dB: Double) -> String { String(format: "%.9f", pow(10, dB / 20)) }

    /// A 1 kHz sine whose level steps through `segments` (dBFS, seconds), on `channels` channels.
    static func sequence(_ segments: [(Double, Double)], channels: Int = 2) -> (expression: String, duration: Double) {
        var expression = amplitude(segments[segments.count - 1].0)
        var boundaries: [Double] = []
        var elapsed = 0.0
        for segment in segments {
            elapsed += segment.1
            boundaries.append(elapsed)
        }
        for index in stride(from: segments.count - 2, through: 0, by: -1) {
            expression = "if(lt(t,\(boundaries[index])),\(amplitude(segments[index].0)),\(expression))"
        }
        let one = "(\(expression))*sin(2*PI*1000*t)"
        return (Array(repeating: one, count: channels).joined(separator: "|"), segments.reduce(0) { $0 + $1.1 })
    }

    func measure(_ expression: String, rate: Int, duration: Double, layout: String? = nil, extra: [String] = [])
        throws -> [String: DetailValue]
    {
        let dir = try temporaryDirectory("loud")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("signal.wav")
        var source = "aevalsrc='\(expression)':s=\(rate):d=\(duration)"
        if let layout { source += ":channel_layout=\(layout)" }
        try ffmpeg(["-f", "lavfi", "-i", source, "-c:a", "pcm_f32le", file.path])
        let (_, report) = try avqcJSON(["--detectors", "loudness"] + extra + [file.path])
        return report.files.first?.measurements.first?.values ?? [:]
    }

    func number(_ value: DetailValue?) -> Double? {
        switch value {
        case .number(let x): return x
        case .integer(let x): return Double(x)
        default: return nil
        }
    }

    /// EBU Tech 3341 cases 1-6 (minimum requirements): integrated loudness -23.0 ±0.1 LUFS
    /// (cases 1 and 2 also check momentary and short-term).
    @Test(arguments: rates)
    func tech3341(rate: Int) throws {
        let cases: [(name: String, segments: [(Double, Double)], expected: Double)] = [
            ("1: -23 dBFS 20 s", [(-23, 20)], -23),
            ("2: -33 dBFS 20 s", [(-33, 20)], -33),
            ("3: -36/-23/-36", [(-36, 10), (-23, 60), (-36, 10)], -23),
            ("4: -72/-36/-23/-36/-72", [(-72, 10), (-36, 10), (-23, 60), (-36, 10), (-72, 10)], -23),
            ("5: -26/-20/-26", [(-26, 20), (-20, 20.1), (-26, 20)], -23),
        ]
        for test in cases {
            let signal = Self.sequence(test.segments)
            let values = try measure(signal.expression, rate: rate, duration: signal.duration)
            let integrated = try #require(number(values["integratedLUFS"]), "\(test.name)")
            #expect(abs(integrated - test.expected) <= 0.1, "case \(test.name) at \(rate) Hz: \(integrated)")
            if test.segments.count == 1 {
                #expect(abs((number(values["maxMomentaryLUFS"]) ?? 0) - test.expected) <= 0.1)
                #expect(abs((number(values["maxShortTermLUFS"]) ?? 0) - test.expected) <= 0.1)
            }
        }
        // Case 6: 5.0 channels, L and R at -28, C at -24, Ls and Rs at -30 dBFS (surrounds weighted +1.5 dB).
        let levels = [-28.0, -28, -24, -30, -30].map { "\(Self.amplitude($0))*sin(2*PI*1000*t)" }
        let values = try measure(levels.joined(separator: "|"), rate: rate, duration: 20, layout: "5.0(side)")
        let integrated = try #require(number(values["integratedLUFS"]))
        #expect(abs(integrated + 23) <= 0.1, "case 6 at \(rate) Hz: \(integrated)")
    }

    /// 5.1: the LFE channel does not count.
    @Test func lfeIsExcluded() throws {
        let with = try measure(
            "0.1*sin(2*PI*1000*t)|0.1*sin(2*PI*1000*t)|0|0.9*sin(2*PI*60*t)|0|0", rate: 48_000, duration: 10,
            layout: "5.1(side)")
        let without = try measure("0.1*sin(2*PI*1000*t)|0.1*sin(2*PI*1000*t)", rate: 48_000, duration: 10)
        #expect(abs((number(with["integratedLUFS"]) ?? 0) - (number(without["integratedLUFS"]) ?? 1)) < 0.01)
    }

    /// EBU Tech 3342 cases 1-4: loudness range ±1 LU.
    @Test(arguments: rates)
    func tech3342(rate: Int) throws {
        let cases: [(segments: [(Double, Double)], expected: Double)] = [
            ([(-20, 20), (-30, 20)], 10),
            ([(-20, 20), (-15, 20)], 5),
            ([(-40, 20), (-20, 20)], 20),
            ([(-50, 20), (-35, 20), (-20, 20), (-35, 20), (-50, 20)], 15),
        ]
        for test in cases {
            let signal = Self.sequence(test.segments)
            let values = try measure(signal.expression, rate: rate, duration: signal.duration)
            let range = try #require(number(values["loudnessRangeLU"]))
            #expect(abs(range - test.expected) <= 1, "LRA \(test.segments) at \(rate) Hz: \(range)")
        }
    }

    /// EBU Tech 3341 true-peak cases: a quarter-rate sine at -6 dBFS amplitude
    /// and phases 0°, 45°, 60°, 67.5°, 88.2° reads -6.0 dBTP, +0.2/-0.4 dB.
    @Test(arguments: rates)
    func truePeak(rate: Int) throws {
        for degrees in [0.0, 45, 60, 67.5, 88.2] {
            let phase = degrees * Double.pi / 180
            let tone = "\(Self.amplitude(-6))*sin(2*PI*\(rate / 4)*t+\(phase))"
            let values = try measure("\(tone)|\(tone)", rate: rate, duration: 2)
            let peak = try #require(number(values["truePeakDBTP"]))
            #expect(peak <= -6 + 0.2 && peak >= -6 - 0.4, "\(degrees)° at \(rate) Hz: \(peak) dBTP")
            let sample = try #require(number(values["samplePeakDBFS"]))
            #expect(sample <= peak + 1e-6)
        }
    }

    /// Integrated loudness agrees with FFmpeg's ebur128 within 0.1 LU on real encodes.
    @Test(arguments: [
        ("aac.m4a", ["-c:a", "aac", "-b:a", "128k"]), ("opus.ogg", ["-c:a", "libopus", "-b:a", "96k"]),
        ("mp3.mp3", ["-c:a", "libmp3lame", "-b:a", "192k"]), ("flac.flac", ["-c:a", "flac"]),
        ("pcm.wav", ["-c:a", "pcm_s16le"]),
    ])
    func matchesFFmpegEBUR128(name: String, codec: [String]) throws {
        let dir = try temporaryDirectory("ebur128")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent(name)
        // Music-like: pink noise with a slow level swing plus two tones.
        try ffmpeg(
            [
                "-f", "lavfi", "-i", "anoisesrc=d=20:c=pink:a=0.2:r=48000", "-f", "lavfi",
                "-i", "aevalsrc='0.1*sin(2*PI*220*t)*(0.6+0.4*sin(2*PI*0.2*t))|0.1*sin(2*PI*330*t)':s=48000:d=20",
                "-filter_complex", "[0][1]amerge=inputs=2,pan=stereo|c0=c0+c1|c1=c0+c2",
            ] + codec + [file.path])
        let (_, report) = try avqcJSON(["--detectors", "loudness", file.path])
        let ours = try #require(number(report.files.first?.measurements.first?.values["integratedLUFS"]))
        let log = try execute(
            "ffmpeg", ["-hide_banner", "-nostats", "-nostdin", "-i", file.path, "-af", "ebur128", "-f", "null", "-"]
        ).stderr
        let summary = try #require(log.range(of: "Integrated loudness:"))
        let line = log[summary.upperBound...].split(separator: "\n").first { $0.contains("I:") } ?? ""
        let theirs = try #require(Double(line.split(separator: " ").dropFirst().first ?? ""), "\(line)")
        // ebur128 prints one decimal: allow its rounding on top of 0.1 LU.
        #expect(abs(ours - theirs) <= 0.1 + 0.05, "\(name): avqc \(ours) vs ebur128 \(theirs)")
    }

    @Test func complianceThroughBothStandardsAndExplicitTargets() throws {
        let dir = try temporaryDirectory("comply")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("minus23.wav")
        let tone = "\(Self.amplitude(-23))*sin(2*PI*1000*t)"
        try ffmpeg(["-f", "lavfi", "-i", "aevalsrc='\(tone)|\(tone)':s=48000:d=10", "-c:a", "pcm_s16le", file.path])
        func loudnessDefects(_ settings: [String]) throws -> [Defect] {
            try avqcJSON(["--detectors", "loudness"] + settings.flatMap { ["--set", $0] } + [file.path]).1.defects(
                "loudness")
        }
        #expect(try loudnessDefects([]).isEmpty)  // a measurement is not a defect
        #expect(try loudnessDefects(["loudness.standard=ebu-r128"]).isEmpty)  // -23 LUFS, -23 dBTP
        #expect(try loudnessDefects(["loudness.standard=atsc-a85"]).isEmpty)  // within -24 ±2
        let off = try loudnessDefects(["loudness.standard=atsc-a85", "loudness.tolerance=0.5"])
        #expect(off.count == 1)
        let defect = try #require(off.first)
        #expect(defect.details["standard"] == .string("atsc-a85") && number(defect.details["targetLUFS"]) == -24)
        #expect(defect.start == 0 && abs(defect.end - 10) < 0.01)
        #expect(try loudnessDefects(["loudness.target=-16"]).count == 1)
        let peak = try #require(try loudnessDefects(["loudness.max-true-peak=-25dBTP"]).first)
        #expect(String(describing: peak.details["reason"]).contains("true peak"))
    }

    /// Stereo 1 kHz at -40 dBFS with -6 dBFS from 10 s to 20 s: -40 and -6 LUFS
    /// (Tech 3341's calibration: -23 dBFS is -23 LUFS). A window of length W
    /// ending at t holds x seconds of the loud part, and its loudness passes
    /// a limit L when x > W (10^((L+6)/10) - 10^(-3.4)) / (1 - 10^(-3.4)):
    /// the spans are known to the millisecond, and found within 10 ms.
    @Test func shortTermAndMomentarySpansAtKnownTimes() throws {
        let dir = try temporaryDirectory("excess")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("loud.wav")
        let (expression, duration) = Self.sequence([(-40, 10), (-6, 10), (-40, 10)])
        try ffmpeg([
            "-f", "lavfi", "-i", "aevalsrc='\(expression)':s=48000:d=\(duration)", "-c:a", "pcm_f32le", file.path,
        ])
        func entry(window: Double, limit: Double) -> Double {
            let quiet = pow(10, -3.4)
            return window * (pow(10, (limit + 6) / 10) - quiet) / (1 - quiet)
        }
        let report = try avqcJSON([
            "--detectors", "loudness", "--set", "loudness.max-short-term=-26", "--set", "loudness.max-momentary=-16",
            file.path,
        ]).1
        let spans = report.defects("loudness")
        #expect(spans.count == 2, "\(spans)")
        let shortTerm = try #require(spans.first { $0.details["measure"] == .string("short-term") })
        let x = entry(window: 3, limit: -26)  // 0.0288 s
        #expect(abs(shortTerm.start - (10 + x)) <= 0.01 && abs(shortTerm.end - (23 - x)) <= 0.01, "\(shortTerm)")
        #expect(abs((number(shortTerm.details["peakLUFS"]) ?? 0) + 6) < 0.1)
        let momentary = try #require(spans.first { $0.details["measure"] == .string("momentary") })
        let m = entry(window: 0.4, limit: -16)  // 0.0399 s
        #expect(abs(momentary.start - (10 + m)) <= 0.01 && abs(momentary.end - (20.4 - m)) <= 0.01, "\(momentary)")

        // EBU R128 s1 (short-term at most -18 LUFS) and a loudness-range limit.
        let s1 = try avqcJSON(["--detectors", "loudness", "--set", "loudness.standard=ebu-r128-s1", file.path]).1
            .defects("loudness")
        let stream = try #require(s1.first { $0.details["measure"] == nil })
        #expect(String(describing: stream.details["reason"]).contains("integrated loudness"))
        let excess = try #require(s1.first { $0.details["measure"] == .string("short-term") })
        #expect(abs(excess.start - (10 + entry(window: 3, limit: -18))) <= 0.01, "\(excess)")
        let range = try avqcJSON(["--detectors", "loudness", "--set", "loudness.max-range=5", file.path]).1
            .defects("loudness")
        #expect(range.count == 1 && String(describing: range.first?.details["reason"]).contains("loudness range"))
        #expect(
            try avqcJSON(["--detectors", "loudness", "--set", "loudness.max-range=40", file.path]).1
                .defects("loudness").isEmpty)
    }

    /// The series and the gating label, as measurements.
    @Test func seriesAndGatingAsMeasurements() throws {
        let (expression, duration) = Self.sequence([(-40, 10), (-6, 10), (-40, 10)])
        let plain = try measure(expression, rate: 48_000, duration: duration)
        #expect(plain["gating"] == .string("programme (BS.1770-4); dialogue gating not measured"))
        #expect(plain["shortTermSeries"] == nil)
        let values = try measure(
            expression, rate: 48_000, duration: duration, extra: ["--set", "loudness.series=yes"])
        guard case .numbers(let shortTerm)? = values["shortTermSeries"],
            case .numbers(let momentary)? = values["momentarySeries"]
        else {
            Issue.record("no series: \(values)")
            return
        }
        // One point per 100 ms: 27 s of short-term values (from 3 s), 29.6 s of momentary ones.
        #expect(shortTerm.count == 270 && momentary.count == 296, "\(shortTerm.count) \(momentary.count)")
        #expect(number(values["shortTermSeriesStep"]) == 0.1 && number(values["shortTermSeriesStart"]) == 3)
        #expect(abs((shortTerm.max() ?? 0) - (number(values["maxShortTermLUFS"]) ?? 1)) < 0.01)
        #expect(abs((momentary.first ?? 0) + 40) < 0.1 && abs((momentary.max() ?? 0) + 6) < 0.1)
    }
}
