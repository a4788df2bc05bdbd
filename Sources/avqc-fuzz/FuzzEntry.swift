import AVQCAnalysis
import AVQCModel
import AVQCReports

// libFuzzer's entry point: the whole path, demux → decode → every detector →
// every report format, on bytes handed over in memory (a custom AVIOContext).
// Built only by `make fuzz` (AVQC_FUZZ=1 adds this target to the package,
// compiled with -sanitize=fuzzer,address).

private let analyzer: FileAnalyzer = {
    AnalysisEnvironment.prepare()
    var options = AnalysisOptions(decoderThreads: 1)
    // Keep each input cheap: libFuzzer's own -timeout catches hangs beyond this.
    options.timeLimit = 10
    options.maxPixels = 4096 * 4096
    return FileAnalyzer(options: options)
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let report = RunReport(files: [analyzer.analyze(bytes: bytes, name: "fuzz-input")])
    for format in ReportFormat.allCases {
        _ = format.writer(hostname: "fuzz").render(report)
    }
    return 0
}

// SwiftPM links an executable target's entry point as `<module>_main`; hand
// control to libFuzzer's driver from there.
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

@_cdecl("avqc_fuzz_main")
public func fuzzMain(
    _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
    var count = argc
    var vector = argv
    return withUnsafeMutablePointer(to: &vector) { vectorPointer in
        vectorPointer.withMemoryRebound(
            to: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?.self, capacity: 1
        ) { runFuzzerDriver(&count, $0, { fuzzOne($0, $1) }) }
    }
}
