import AVQCModel
import Foundation
import Testing

/// The audio detectors on signals with defects at known samples, within 10 ms,
/// and quiet on clean music-like and speech-like signals.
@Suite struct AudioDetectorTests {
    func analyze(_ source: String, _ output: [String], name: String = "a.wav", detectors: String? = nil) throws
        -> RunReport
    {
        let dir = try temporaryDirectory("audio")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent(name)
        try ffmpeg(["-f", "lavfi", "-i", source] + output + [file.path])
        return try avqcJSON((detectors.map { ["--detectors", $0] } ?? []) + [file.path]).1
    }

    /// A 440 Hz sine driven to 1.5× full scale from 2.0 to 2.1 s, 0.5 elsewhere.
    static let overdrivenSine = "if(between(t,2,2.1),1.5,0.5)*sin(2*PI*440*t)"

    /// Integer PCM clips at the extreme code; float PCM is clipped at ±1.0
    /// here; lossy decoders (MP3, Opus) give the overdriven peaks back above
    /// full scale. (FFmpeg 5.1's own AAC encoder keeps decoded peaks at 0.95
    /// for this input, measured, so it cannot make such a fixture.)
    @Test(arguments: [
        ("s16.wav", ["-c:a", "pcm_s16le"]), ("s24.wav", ["-c:a", "pcm_s24le"]),
        ("f32.wav", ["-c:a", "pcm_f32le"]), ("mp3.mp3", ["-c:a", "libmp3lame", "-b:a", "192k"]),
        ("opus.ogg", ["-c:a", "libopus", "-b:a", "128k"]),
    ])
    func clippingAtKnownSamples(name: String, codec: [String]) throws {
        let expression = name.hasPrefix("f32") ? "clip(\(Self.overdrivenSine),-1,1)" : Self.overdrivenSine
        let report = try analyze("aevalsrc='\(expression)':s=48000:d=5", codec, name: name)
        let spans = report.defects("clipping")
        #expect(spans.count == 1, "\(spans)")
        let span = try #require(spans.first)
        // The first and last held peaks lie within a half period (1.1 ms) of the drive change.
        #expect(abs(span.start - 2.0) <= 0.01 && abs(span.end - 2.1) <= 0.01, "\(span)")
        if case .integer(let count) = span.details["clippedSamples"] {
            #expect(count > 100)
        } else {
            Issue.record("no count")
        }
        #expect(span.details["channels"] != nil)
    }

    @Test func transientsAndLoudUnclippedAudioAreNotClipping() throws {
        // Single-sample full-scale clicks every 0.5 s over a 0.95 sine: never held.
        let source = "aevalsrc='if(lt(mod(t*48000,24000),1),1,0.95*sin(2*PI*440*t))':s=48000:d=5"
        #expect(try analyze(source, ["-c:a", "pcm_s16le"]).defects("clipping").isEmpty)
    }

    @Test func dropoutAtAKnownSample() throws {
        // 20 ms of digital silence (samples 144000-144959) inside a 440 Hz tone.
        let source = "aevalsrc='0.5*sin(2*PI*440*t)*(1-between(n,144000,144959))':s=48000:d=6:c=stereo"
        let report = try analyze(source, ["-c:a", "pcm_s16le"])
        let spans = report.defects("audio-dropout")
        #expect(spans.count == 1, "\(spans)")
        let span = try #require(spans.first)
        #expect(abs(span.start - 3.0) <= 0.01 && abs(span.end - 3.02) <= 0.01, "\(span)")
        #expect(report.defects("silence").isEmpty)
    }

    @Test func regularGapsInATestPatternAreNotDropouts() throws {
        // 1 kHz bursts, 0.8 s on, 0.2 s of digital silence, for 10 s.
        let source = "aevalsrc='0.5*sin(2*PI*1000*t)*lt(mod(t,1),0.8)':s=48000:d=10"
        let report = try analyze(source, ["-c:a", "pcm_s16le"])
        #expect(report.defects("audio-dropout").isEmpty)
    }

    @Test func deadChannelInFivePointOne() throws {
        // 5.1(side): SL silent from 2 s to 5 s; LFE silent throughout (not a defect by default).
        let source =
            "aevalsrc='0.3*sin(2*PI*440*t)|0.3*sin(2*PI*550*t)|0.3*sin(2*PI*660*t)|0|"
            + "0.2*sin(2*PI*770*t)*(1-between(t,2,5))|0.2*sin(2*PI*880*t)':s=48000:d=8:channel_layout=5.1(side)"
        let report = try analyze(source, ["-c:a", "pcm_s16le"])
        let spans = report.defects("channel-silent")
        #expect(spans.count == 1, "\(spans)")
        let span = try #require(spans.first)
        #expect(span.details["channel"] == .string("SL"))
        #expect(abs(span.start - 2) <= 0.01 && abs(span.end - 5) <= 0.01, "\(span)")
        // With the LFE included, its silence is reported too.
        let dir = try temporaryDirectory("lfe")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("51.wav")
        try ffmpeg(["-f", "lavfi", "-i", source, "-c:a", "pcm_s16le", file.path])
        let withLFE = try avqcJSON(["--set", "channel-silent.include-lfe=yes", file.path]).1.defects("channel-silent")
        #expect(withLFE.contains { $0.details["channel"] == .string("LFE") })
    }

    @Test func quietSurroundsAreNotDead() throws {
        // Surrounds at about -65 dBFS peak: quiet, not silent.
        let source =
            "aevalsrc='0.3*sin(2*PI*440*t)|0.3*sin(2*PI*550*t)|0.3*sin(2*PI*660*t)|0|"
            + "0.0005*sin(2*PI*770*t)|0.0005*sin(2*PI*880*t)':s=48000:d=6:channel_layout=5.1(side)"
        #expect(try analyze(source, ["-c:a", "pcm_s16le"]).defects("channel-silent").isEmpty)
    }

    @Test func invertedStereoPair() throws {
        // Pink noise, right channel inverted from 2 s to 5 s.
        let report = try analyze(
            "anoisesrc=d=8:c=pink:a=0.3:r=48000",
            ["-af", "aeval='val(0)|if(between(t,2,5),-val(0),val(0))':c=stereo", "-c:a", "pcm_s16le"])
        let spans = report.defects("phase-inversion")
        #expect(spans.count == 1, "\(spans)")
        let span = try #require(spans.first)
        // The 210 ms centred window crosses -0.3 three to six 10 ms sub-blocks inside each step,
        // depending on how the noise's energy falls (12 seeds: start +20…+60 ms, end −20…−40 ms).
        #expect(abs(span.start - 2) <= 0.07 && abs(span.end - 5) <= 0.07, "\(span)")
    }

    @Test(arguments: [
        // Music-like: tones with a slow swing and pink noise.
        "aevalsrc='0.2*sin(2*PI*220*t)*(0.6+0.4*sin(2*PI*0.3*t))+0.05*sin(2*PI*1320*t)|0.2*sin(2*PI*330*t)':s=48000:d=10",
        // Speech-like: noise bursts of varying length with short pauses (not digital silence).
        "anoisesrc=d=10:c=brown:a=0.3:r=48000,volume='0.05+0.95*gt(sin(2*PI*2.3*t)+0.3*sin(2*PI*5.1*t),0)':eval=frame",
        // A chirp sweeping 100 Hz to 8 kHz.
        "aevalsrc='0.4*sin(2*PI*(100*t+395*t*t))|0.4*sin(2*PI*(100*t+395*t*t))':s=48000:d=10",
    ])
    func cleanSignalsRaiseNoAudioDefect(source: String) throws {
        let report = try analyze(source, ["-c:a", "pcm_s16le"])
        let file = try #require(report.files.first)
        #expect(file.defects.isEmpty, "\(file.defects)")
        #expect(file.measurements.contains { $0.detector == "loudness" })
    }

    @Test func dcOffsetAtKnownSamplesInTwoChannels() throws {
        // 0.05 of full scale added to the left channel from sample 240000 to
        // 719999 (5 s to 15 s) of music-like tones, 24-bit WAV and FLAC.
        for (name, codec) in [("dc.wav", ["-c:a", "pcm_s24le"]), ("dc.flac", ["-c:a", "flac"])] {
            let source =
                "aevalsrc='0.3*sin(2*PI*440*t)*(0.6+0.4*sin(2*PI*0.3*t))+0.05*between(n,240000,719999)|0.3*sin(2*PI*330*t)':s=48000:d=20"
            let report = try analyze(source, codec, name: name, detectors: "dc-offset")
            let spans = report.defects("dc-offset")
            #expect(spans.count == 1, "\(name): \(spans)")
            let span = try #require(spans.first)
            #expect(abs(span.start - 5) <= 0.01 && abs(span.end - 15) <= 0.01, "\(span)")
            #expect(span.details["channel"] == .string("FL") || span.details["channel"] == .string("channel 0"))
        }
        // The same tones without the bias: nothing.
        let clean = try analyze(
            "aevalsrc='0.3*sin(2*PI*440*t)|0.3*sin(2*PI*330*t)':s=48000:d=12", ["-c:a", "flac"], name: "c.flac",
            detectors: "dc-offset")
        #expect(clean.defects("dc-offset").isEmpty)
    }

    @Test func dualMonoAtKnownSamplesAndInAJointStereoMP3() throws {
        // The right channel copies the left from sample 96000 to 335999 (2 s
        // to 7 s); elsewhere it carries a different tone. Lossless: within 10 ms.
        let source =
            "aevalsrc='0.3*sin(2*PI*440*t)*(0.6+0.4*sin(2*PI*0.3*t))|if(between(n,96000,335999),0.3*sin(2*PI*440*t)*(0.6+0.4*sin(2*PI*0.3*t)),0.3*sin(2*PI*330*t))':s=48000:d=10"
        let report = try analyze(source, ["-c:a", "flac"], name: "dual.flac", detectors: "dual-mono")
        let spans = report.defects("dual-mono")
        #expect(spans.count == 1, "\(spans)")
        let span = try #require(spans.first)
        #expect(abs(span.start - 2) <= 0.01 && abs(span.end - 7) <= 0.01, "\(span)")
        #expect(span.details["pair"] == .string("FL-FR"))
        // One signal in both channels, coded as joint stereo MP3: the whole stream.
        let mp3 = try analyze(
            "aevalsrc='0.3*sin(2*PI*440*t)*(0.6+0.4*sin(2*PI*0.3*t))':s=44100:d=6,pan=stereo|c0=c0|c1=c0",
            ["-c:a", "libmp3lame", "-q:a", "4"], name: "dual.mp3", detectors: "dual-mono")
        let whole = try #require(mp3.defects("dual-mono").first)
        #expect(whole.start <= 0.05 && whole.details["throughout"] == .string("yes"), "\(whole)")
    }

    /// A detail's number (JSON gives whole numbers back as integers); NaN when absent.
    static func value(_ detail: DetailValue?) -> Double {
        switch detail {
        case .number(let x): return x
        case .integer(let x): return Double(x)
        default: return .nan
        }
    }

    @Test func lineUpToneToTheMillisecondWithItsPattern() throws {
        // -18 dBFS 1 kHz from sample 100000 to 400000 (2.0833 s to 8.3333 s) over
        // programme; EBU stereo ident (left interrupted 250 ms every 3 s) for 10 s.
        let tone = "0.125893*sin(2*PI*1000*(n-100000)/48000)"
        let programme = "0.3*sin(2*PI*220*t)*(0.6+0.4*sin(2*PI*0.3*t))+0.1*sin(2*PI*1320*t)"
        let report = try analyze(
            "aevalsrc='if(between(n,100000,399999),\(tone),\(programme))|if(between(n,100000,399999),\(tone),0.2*sin(2*PI*330*t))':s=48000:d=12",
            ["-c:a", "flac"], name: "tone.flac", detectors: "test-tone")
        let span = try #require(report.defects("test-tone").first)
        #expect(report.defects("test-tone").count == 1)
        #expect(abs(span.start - 100_000.0 / 48_000) <= 0.001 && abs(span.end - 400_000.0 / 48_000) <= 0.001, "\(span)")
        #expect(abs(Self.value(span.details["levelDBFS"]) + 18) < 0.05, "\(span.details)")
        #expect(abs(Self.value(span.details["frequencyHz"]) - 1_000) < 0.2, "\(span.details)")
        let ident = try analyze(
            "aevalsrc='0.125893*sin(2*PI*1000*t)*gte(mod(t,3),0.25)|0.125893*sin(2*PI*1000*t)':s=48000:d=10",
            ["-c:a", "pcm_s16le"], name: "ident.wav", detectors: "test-tone")
        #expect(ident.defects("test-tone").first?.details["pattern"] == .string("EBU stereo ident"))
    }

    @Test func toneInsideColourBarsJoinsTheBarsSpan() throws {
        let dir = try temporaryDirectory("bars")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bars.mkv")
        // Bars and tone for 4 s, then moving pictures and programme sound for 4 s.
        try ffmpeg([
            "-f", "lavfi", "-i", "smptebars=s=640x360:r=25:d=4", "-f", "lavfi", "-i", "testsrc2=s=640x360:r=25:d=4",
            "-f", "lavfi", "-i",
            "aevalsrc='if(lt(t,4),0.125893*sin(2*PI*1000*t),0.3*sin(2*PI*220*t)*(0.6+0.4*sin(2*PI*0.3*t)))':s=48000:d=8",
            "-filter_complex", "[0:v][1:v]concat=n=2:v=1:a=0[v]", "-map", "[v]", "-map", "2:a", "-c:v", "libx264",
            "-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p", "-c:a", "flac", file.path,
        ])
        let report = try avqcJSON(["--detectors", "color-bars,test-tone", file.path]).1
        #expect(report.defects("test-tone").isEmpty, "\(report.defects("test-tone"))")
        let bars = try #require(report.defects("color-bars").first)
        #expect(abs(Self.value(bars.details["test-tone.frequencyHz"]) - 1_000) < 0.2, "\(bars.details)")
        // Alone, the tone is its own span.
        let alone = try avqcJSON(["--detectors", "test-tone", file.path]).1
        #expect(alone.defects("test-tone").count == 1)
    }

    @Test func clicksToTheSampleInLosslessFiles() throws {
        // -20 dBFS single-sample clicks in programme: left at sample 123457, right at 345679 (48 kHz).
        let programme = "0.3*sin(2*PI*220*t)*(0.6+0.4*sin(2*PI*0.3*t))+0.1*sin(2*PI*1320*t)"
        let source =
            "aevalsrc='\(programme)-0.1*eq(n,123457)|0.8*(\(programme))+0.1*eq(n,345679)':s=48000:d=10"
        for (name, codec) in [("clicks.flac", ["-c:a", "flac"]), ("clicks.wav", ["-c:a", "pcm_s24le"])] {
            let report = try analyze(source, codec, name: name, detectors: "clicks")
            let spans = report.defects("clicks").sorted { $0.start < $1.start }
            #expect(spans.count == 2, "\(name): \(spans)")
            guard spans.count == 2 else { continue }
            #expect(abs(spans[0].start - 123_457.0 / 48_000) <= 0.001, "\(spans[0])")
            #expect(abs(spans[1].start - 345_679.0 / 48_000) <= 0.001, "\(spans[1])")
            #expect(spans[0].details["channel"] == .string("FL") && spans[1].details["channel"] == .string("FR"))
        }
        let clean = try analyze(
            "aevalsrc='\(programme)|0.8*(\(programme))':s=48000:d=10", ["-c:a", "flac"], name: "c.flac",
            detectors: "clicks")
        #expect(clean.defects("clicks").isEmpty)
    }
}
