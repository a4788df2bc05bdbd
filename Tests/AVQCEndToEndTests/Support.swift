import AVQCModel
import AVQCReports
import Foundation
import Testing

/// The repository root, from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The avqc binary under test: $AVQC_BIN (make test passes the release build), else the debug build.
let avqcBinary: String = {
    if let path = ProcessInfo.processInfo.environment["AVQC_BIN"], !path.isEmpty { return path }
    return repositoryRoot.appendingPathComponent(".build/debug/avqc").path
}()

/// The JUnit schema: shared/junit beside the checkout when present, else the committed copy.
var junitSchemaPath: String {
    let shared = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/junit/JUnit.xsd").path
    return FileManager.default.fileExists(atPath: shared)
        ? shared : repositoryRoot.appendingPathComponent("Tests/Schemas/JUnit.xsd").path
}

struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `executable` with `arguments`; `input` is piped to standard input.
@discardableResult
/// The child's environment is the test's without any array scheduler's
/// variables (a CI job running in parallel must not shard every avqc the
/// tests start), plus `environment`.
func execute(
    _ executable: String, _ arguments: [String], input: URL? = nil, in directory: URL? = nil,
    environment: [String: String] = [:]
) throws -> Run {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable.hasPrefix("/") ? executable : "/usr/bin/env")
    process.arguments = executable.hasPrefix("/") ? arguments : [executable] + arguments
    if let directory { process.currentDirectoryURL = directory }
    var childEnvironment = ProcessInfo.processInfo.environment.filter { !schedulerVariables.contains($0.key) }
    childEnvironment.merge(environment) { $1 }
    process.environment = childEnvironment
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    if let input {
        process.standardInput = try FileHandle(forReadingFrom: input)
    } else {
        process.standardInput = FileHandle.nullDevice
    }
    try process.run()
    // Read both pipes concurrently so neither fills up and blocks the child.
    let errData = LockedData()
    let reader = Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }
    reader.start()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !errData.isSet { usleep(1000) }
    return Run(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData.value, as: UTF8.self))
}

final class LockedData: @unchecked Sendable {
    // Guarded by `lock`; shared between the reader thread and the caller.
    private let lock = NSLock()
    private var data = Data()
    private var done = false
    func set(_ value: Data) {
        lock.lock()
        data = value
        done = true
        lock.unlock()
    }
    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return done
    }
    var value: Data {
        lock.lock()
        defer { lock.unlock() }
        return data
    }
}

/// Every variable avqc reads to pick a shard (`SchedulerShard`).
let schedulerVariables: Set<String> = [
    "JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN",
    "SLURM_ARRAY_TASK_MAX", "SLURM_ARRAY_TASK_STEP", "AWS_BATCH_JOB_ARRAY_INDEX", "AWS_BATCH_JOB_ARRAY_SIZE",
    "CI_NODE_INDEX", "CI_NODE_TOTAL",
]

func avqc(
    _ arguments: [String], input: URL? = nil, in directory: URL? = nil, environment: [String: String] = [:]
) throws -> Run {
    try execute(avqcBinary, arguments, input: input, in: directory, environment: environment)
}

/// Runs avqc with `-f json` and parses the report.
func avqcJSON(_ arguments: [String]) throws -> (Run, RunReport) {
    let run = try avqc(["-f", "json"] + arguments)
    let report = try JSONReportWriter.parse(Data(run.stdout.utf8))
    return (run, report)
}

func ffmpeg(_ arguments: [String]) throws {
    let run = try execute("ffmpeg", ["-hide_banner", "-loglevel", "error", "-nostdin", "-y"] + arguments)
    if run.status != 0 { throw MediaMakingError(message: "ffmpeg \(arguments.joined(separator: " ")): \(run.stderr)") }
}

struct MediaMakingError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// A fresh temporary directory, removed by the caller.
func temporaryDirectory(_ label: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("avqc-\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A JSON report without its `run` object (command line, start time and
/// wall time differ between runs that must otherwise be identical).
func reportWithoutRun(_ json: String) -> NSDictionary? {
    guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return nil }
    return object.filter { $0.key != "run" } as NSDictionary
}

extension RunReport {
    func defects(_ detector: String) -> [Defect] { files.flatMap(\.defects).filter { $0.detector == detector } }
}
