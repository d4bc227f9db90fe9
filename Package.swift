// swift-tools-version:6.0
// Pulse: a self-hosted real-time social-media analytics hub. No Swift package dependencies.
import PackageDescription

let package = Package(
    name: "Pulse",
    products: [
        .executable(name: "pulse", targets: ["pulse"]),
    ],
    targets: [
        .systemLibrary(
            name: "CLibWebSockets",
            path: "Sources/CLibWebSockets",
            pkgConfig: "libwebsockets",
            providers: [.apt(["libwebsockets-dev"])]
        ),
        .systemLibrary(
            name: "CCrypto",
            path: "Sources/CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CHiredis",
            path: "Sources/CHiredis",
            pkgConfig: "hiredis",
            providers: [.apt(["libhiredis-dev"])]
        ),
        .target(name: "PulseAnalytics"),
        .target(name: "PulseStore", dependencies: ["PulseAnalytics"]),
        .target(name: "PulseHub", dependencies: ["CCrypto", "PulseStore", "PulseAnalytics"]),
        .target(name: "PulseLWS", dependencies: ["CLibWebSockets", "PulseHub", "PulseAnalytics"]),
        .target(name: "PulseCluster", dependencies: ["CHiredis", "PulseAnalytics"]),
        .target(name: "PulseClusterNode", dependencies: ["PulseCluster", "PulseHub", "PulseStore", "PulseAnalytics"]),
        .target(name: "PulseService",
                dependencies: ["PulseLWS", "PulseHub", "PulseStore", "PulseAnalytics", "PulseCluster", "PulseClusterNode"]),
        .target(name: "PulseTesting", dependencies: ["PulseService", "PulseLWS", "PulseHub", "PulseAnalytics"]),
        .executableTarget(
            name: "pulse",
            dependencies: ["PulseService", "PulseLWS", "PulseHub", "PulseStore", "PulseAnalytics"]
        ),
        .executableTarget(
            name: "pulse-loadgen",
            dependencies: ["PulseTesting", "PulseHub"],
            path: "Benchmarks/LoadGen"
        ),
        // The libFuzzer targets of `make fuzz`; the ordinary build only replays corpus files.
        .executableTarget(
            name: "pulse-fuzz",
            dependencies: ["PulseHub", "PulseAnalytics"],
            path: "Tests/Fuzz/Targets"
        ),
        .testTarget(name: "PulseAnalyticsTests", dependencies: ["PulseAnalytics"]),
        .testTarget(name: "PulseStoreTests", dependencies: ["PulseStore", "PulseAnalytics"]),
        .testTarget(name: "PulseHubTests", dependencies: ["PulseHub", "PulseStore", "PulseAnalytics"]),
        .testTarget(name: "PulseServiceTests", dependencies: ["PulseService", "PulseHub"]),
        .testTarget(
            name: "PulseLiveTests",
            dependencies: ["PulseTesting", "PulseLWS", "PulseHub", "PulseStore", "PulseAnalytics"]
        ),
        .testTarget(name: "PulseClusterTests", dependencies: ["PulseCluster", "PulseTesting"]),
    ],
    swiftLanguageModes: [.v6]
)
