// swift-tools-version:6.0
import PackageDescription

// Benchmarks live apart so the main build stays fast: `make bench` runs them.
let package = Package(
    name: "alive-benchmarks",
    dependencies: [.package(name: "alive", path: "..")],
    targets: [
        // The peer for the warp kernel: a plain C bilinear warp, same data layout and map.
        .target(name: "CWarpPeer", cSettings: [.unsafeFlags(["-O3"])]),
        .executableTarget(
            name: "alive-bench",
            dependencies: [
                "CWarpPeer",
                .product(name: "AliveCore", package: "alive"),
                .product(name: "AliveProbe", package: "alive"),
                .product(name: "AliveFaces", package: "alive"),
                .product(name: "AliveMedia", package: "alive"),
            ]),
    ]
)
