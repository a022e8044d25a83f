// swift-tools-version:6.0
import PackageDescription

// The pipeline, one module a stage boundary:
//   CJPEG, CPNG, CFFmpeg   system libraries (pkg-config, apt providers)
//   CAliveShims            the few C functions Swift cannot express (setjmp around libjpeg)
//   AliveMedia             the only Swift module that imports C: decode photos, encode video
//   AliveCore              pure Swift: frame buffers, resampling, the warp kernel, camera moves
//   AliveProvenance        pure Swift: C2PA manifest, signing, verification
//   AliveProbe             pure Swift: measures motion in frames (phase correlation) for tests and benchmarks
//   AliveFaces             pure Swift: a TensorFlow Lite interpreter and MediaPipe's face models: faces, landmarks, people
//   AlivePipeline          Load -> Direct -> Animate -> Encode -> Prove, streaming, temp files
//   alive                  the thin command: flags -> options -> pipeline
let package = Package(
    name: "alive",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "alive", targets: ["alive"]),
        .library(name: "AlivePipeline", targets: ["AlivePipeline"]),
        .library(name: "AliveCore", targets: ["AliveCore"]),
        .library(name: "AliveProbe", targets: ["AliveProbe"]),
        .library(name: "AliveFaces", targets: ["AliveFaces"]),
        .library(name: "AliveMedia", targets: ["AliveMedia"]),
        // For the fuzz targets (Fuzz/), which import it with @testable.
        .library(name: "AliveProvenance", targets: ["AliveProvenance"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
    ],
    targets: [
        .systemLibrary(
            name: "CJPEG", pkgConfig: "libjpeg",
            providers: [.apt(["libjpeg-dev"])]),
        .systemLibrary(
            name: "CPNG", pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"])]),
        .systemLibrary(
            name: "CFFmpeg", pkgConfig: "libavformat libavcodec libavutil libswscale libswresample",
            providers: [.apt(["libavcodec-dev", "libavformat-dev", "libswscale-dev", "libswresample-dev"])]),
        .target(
            name: "CAliveShims",
            dependencies: ["CJPEG"]),
        .target(
            name: "AliveCore",
            path: "Sources/AliveCore"),
        .target(
            name: "AliveMedia",
            dependencies: ["AliveCore", "CJPEG", "CPNG", "CFFmpeg", "CAliveShims"]),
        .target(
            name: "AliveProvenance",
            dependencies: [
                "AliveCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]),
        .target(name: "AliveProbe"),
        .target(
            name: "AliveFaces",
            dependencies: ["AliveCore"],
            exclude: ["Models/LICENSE", "Models/NOTICE", "Models/README.md"]),
        .target(
            name: "AlivePipeline",
            dependencies: ["AliveCore", "AliveMedia", "AliveFaces", "AliveProvenance",
                           .product(name: "Crypto", package: "swift-crypto")]),
        .executableTarget(
            name: "alive",
            dependencies: [
                "AlivePipeline",
                "AliveProvenance",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(name: "AliveCoreTests", dependencies: ["AliveCore", "AliveProbe"]),
        .testTarget(
            name: "AliveMediaTests", dependencies: ["AliveMedia", "AliveCore"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "AliveProvenanceTests", dependencies: ["AliveProvenance"],
            exclude: ["Examples"]),
        .testTarget(name: "AliveCLITests", dependencies: ["AliveCore", "AliveProbe"]),
        .testTarget(name: "AlivePipelineTests", dependencies: ["AlivePipeline", "AliveCore", "AliveProbe"]),
        .testTarget(
            name: "AliveFacesTests",
            dependencies: ["AliveFaces", "AliveCore", "AliveMedia", .product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("Fixtures")]),
    ]
)
