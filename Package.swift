// swift-tools-version:6.0
import Foundation
import PackageDescription

// Module graph (each arrow is a dependency the compiler enforces):
//   CFFmpeg ← AVQCMedia ← AVQCAnalysis ← AVQCCommandLine ← avqc
//   AVQCModel ← AVQCDetectors, AVQCReports (neither sees FFmpeg)
//   AVQCDetectors + Yams ← AVQCProfiles ← AVQCCommandLine (YAML profiles)
let package = Package(
    name: "avqc",
    products: [
        .executable(name: "avqc", targets: ["avqc"])
    ],
    dependencies: [
        // YAML profiles (`--profile`): a well-kept parser rather than one of our own.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // SHA-256 of media files (HTML identity) and profiles: BoringSSL's, at memory speed.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(
            name: "CFFmpeg",
            pkgConfig: "libavformat",
            providers: [
                .apt(["libavformat-dev", "libavcodec-dev", "libavutil-dev", "libswresample-dev", "libswscale-dev"])
            ]
        ),
        .target(name: "AVQCModel"),
        .target(name: "AVQCMedia", dependencies: ["CFFmpeg", "AVQCModel"]),
        .target(name: "AVQCDetectors", dependencies: ["AVQCModel"]),
        .target(name: "AVQCReports", dependencies: ["AVQCModel"]),
        .target(
            name: "AVQCProfiles",
            dependencies: [
                "AVQCDetectors", "AVQCModel", .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .target(
            name: "AVQCAnalysis",
            dependencies: ["AVQCMedia", "AVQCDetectors", "AVQCModel", .product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "AVQCCommandLine",
            dependencies: ["AVQCAnalysis", "AVQCDetectors", "AVQCProfiles", "AVQCReports", "AVQCModel"]
        ),
        .executableTarget(name: "avqc", dependencies: ["AVQCCommandLine"]),
        .testTarget(name: "AVQCDetectorsTests", dependencies: ["AVQCDetectors", "AVQCModel"]),
        .testTarget(name: "AVQCReportsTests", dependencies: ["AVQCReports", "AVQCModel"]),
        .testTarget(
            name: "AVQCCommandLineTests",
            dependencies: [
                "AVQCCommandLine", "AVQCAnalysis", "AVQCMedia", "AVQCDetectors", "AVQCProfiles", "AVQCModel",
            ]),
        .testTarget(name: "AVQCEndToEndTests", dependencies: ["avqc", "AVQCDetectors", "AVQCModel", "AVQCReports"]),
    ],
    swiftLanguageModes: [.v6]
)

// `make fuzz` sets AVQC_FUZZ=1 to add the libFuzzer target. It has no `main`
// of its own (libFuzzer supplies it), so it exists only in that build.
if ProcessInfo.processInfo.environment["AVQC_FUZZ"] == "1" {
    package.products.append(.executable(name: "avqc-fuzz", targets: ["avqc-fuzz"]))
    package.targets.append(
        .executableTarget(
            name: "avqc-fuzz", dependencies: ["AVQCAnalysis", "AVQCReports", "AVQCModel"],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]))
}
