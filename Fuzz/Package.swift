// swift-tools-version:6.0
import PackageDescription

// Coverage-guided fuzz targets (libFuzzer) for every parser that reads a hostile file.
// Built apart from the product, in its own scratch path, with
//   swift build --package-path Fuzz --scratch-path .build-fuzz -c release \
//     -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing
// (`make fuzz` does that, then runs each target on its seed corpus in Fuzz/Corpus).
// Linux only: Swift's libFuzzer runtime ships with the Linux toolchain.
let flags: [SwiftSetting] = []

let package = Package(
    name: "alive-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "alive", path: "..")],
    targets: [
        .target(name: "CFuzzDriver", path: "Sources/CFuzzDriver"),
        .executableTarget(name: "fuzz-photo", dependencies: ["CFuzzDriver", .product(name: "AliveMedia", package: "alive")],
                          path: "Sources/FuzzPhoto", swiftSettings: flags),
        .executableTarget(name: "fuzz-bmff", dependencies: ["CFuzzDriver", .product(name: "AliveProvenance", package: "alive")],
                          path: "Sources/FuzzBMFF", swiftSettings: flags),
        .executableTarget(name: "fuzz-cbor", dependencies: ["CFuzzDriver", .product(name: "AliveProvenance", package: "alive")],
                          path: "Sources/FuzzCBOR", swiftSettings: flags),
        .executableTarget(name: "fuzz-audio", dependencies: ["CFuzzDriver", .product(name: "AliveMedia", package: "alive")],
                          path: "Sources/FuzzAudio", swiftSettings: flags),
        .executableTarget(name: "fuzz-prompt", dependencies: ["CFuzzDriver", .product(name: "AlivePipeline", package: "alive"),
                                                               .product(name: "AliveCore", package: "alive")],
                          path: "Sources/FuzzPrompt", swiftSettings: flags),
    ]
)
