import AVQCModel
import Foundation

/// The repository root, from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Runs a command and returns its exit status and combined output.
func shell(_ arguments: [String], input: Data? = nil) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// The JUnit schema: shared/junit beside the checkout when present, else the committed copy.
var junitSchemaPath: String {
    let shared = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/junit/JUnit.xsd").path
    if FileManager.default.fileExists(atPath: shared) { return shared }
    return repositoryRoot.appendingPathComponent("Tests/Schemas/JUnit.xsd").path
}

/// A report with every kind of entry and hostile strings in paths and messages.
func sampleReport() -> RunReport {
    let start = Date(timeIntervalSince1970: 1_790_000_000)
    let good = FileReport(
        path: "media/clean, \"quoted\" <&>'.mp4", durationSeconds: 10, container: "mov,mp4,m4a,3gp,3g2,mj2",
        streams: [
            StreamInfo(
                index: 0, type: .video, codec: "h264", width: 1920, height: 1080, frameRate: 25, pixelFormat: "yuv420p"),
            StreamInfo(index: 1, type: .audio, codec: "aac", sampleRate: 48_000, channels: 2, channelLayout: "stereo"),
        ],
        checks: [Check(detector: "black", streamIndex: 0), Check(detector: "silence", streamIndex: 1)],
        timing: .init(startedAt: start, elapsedSeconds: 1.5))
    let bad = FileReport(
        path: "média/ünïcode\u{1}ctl\nnewline.mkv", durationSeconds: 12.04, container: "matroska,webm",
        streams: [
            StreamInfo(
                index: 0, type: .video, codec: "vp9", width: 320, height: 180, frameRate: 25, pixelFormat: "yuv420p")
        ],
        checks: [Check(detector: "black", streamIndex: 0), Check(detector: "freeze", streamIndex: 0)],
        defects: [
            Defect(
                detector: "black", streamIndex: 0, start: 2.0000000001, end: 5, startFrame: 50, endFrame: 125,
                details: ["minBlackRatio": .number(0.991235)]),
            Defect(
                detector: "freeze", streamIndex: 0, start: 6, end: 9.04, startFrame: 150, endFrame: 226,
                details: ["maxDifferenceDB": .number(-80.5), "note": .string("a, \"b\"; <c>")]),
        ],
        measurements: [
            Measurement(
                detector: "loudness", streamIndex: 1,
                values: ["integratedLUFS": .number(-23.04), "events": .integer(3)])
        ],
        timing: .init(startedAt: start, elapsedSeconds: 2.25))
    let broken = FileReport.failed(
        path: "broken.mp4",
        error: FileError(
            kind: .notMedia,
            message: "broken.mp4: not a recognizable media file (Invalid data found when processing input)"),
        timing: .init(startedAt: start, elapsedSeconds: 0.01))
    var timed = FileReport(
        path: "=tc.mov", durationSeconds: 20, container: "mov,mp4,m4a,3gp,3g2,mj2",
        timecode: StartTimecode(start: "10:00:00:00", rateNumerator: 25, rateDenominator: 1, source: "stream 1"),
        streams: [StreamInfo(index: 0, type: .video, codec: "prores", width: 1920, height: 1080, frameRate: 25)],
        checks: [Check(detector: "freeze", streamIndex: 0, seconds: 0.125)],
        defects: [
            Defect(
                detector: "freeze", streamIndex: 0, start: 5, end: 17, startFrame: 125, endFrame: 425,
                severity: .warning, details: ["maxDifferenceDB": .number(-71.123456)])
        ],
        timing: .init(startedAt: start, elapsedSeconds: 0.75))
    timed.defects[0].rule = "profile streaming: detectors.freeze"
    let run = RunContext(
        ffmpeg: "libavformat 59.27.100", commandLine: ["--profile", "streaming", "media"], startedAt: start,
        wallSeconds: 4.5,
        profile: ProfileReference(name: "streaming", origin: "built-in", sha256: String(repeating: "ab", count: 32)),
        failOn: .error, settings: ["freeze": ["min-duration": "10 s"]],
        rules: ["freeze": DetectorRule(severity: .warning, origin: "profile streaming: detectors.freeze")])
    return RunReport(files: [good, bad, broken, timed], run: run)
}
