// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "slicemark",
    products: [
        .executable(name: "slicemark", targets: ["slicemark"]),
        .executable(name: "SlicemarkBench", targets: ["SlicemarkBench"]),
        // For the fuzz targets in Fuzz/ (a package of its own, never part of `swift build` here).
        .library(name: "SlicemarkLibraries", targets: ["VolumeKit", "Annotations", "Rendering", "TUI", "Dataset"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
    ],
    targets: [
        // C libraries the field already trusts; each is a [system] module with a shim header.
        .systemLibrary(name: "CNcursesw", providers: [.apt(["libncursesw5-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CLibdeflate", pkgConfig: "libdeflate", providers: [.apt(["libdeflate-dev"])]),
        .systemLibrary(name: "CJPEG", pkgConfig: "libjpeg", providers: [.apt(["libjpeg62-turbo-dev"])]),
        .systemLibrary(name: "COpenJPEG", pkgConfig: "libopenjp2", providers: [.apt(["libopenjp2-7-dev"])]),
        .systemLibrary(name: "CCharLS", pkgConfig: "charls", providers: [.apt(["libcharls-dev"])]),

        // libjpeg reports errors by longjmp, which Swift cannot catch, and OpenJPEG asserts on some
        // damaged frames: a little C turns both into return codes.
        .target(name: "CCodecShims", dependencies: ["CJPEG"],
                linkerSettings: [.linkedLibrary("jpeg"), .linkedLibrary("openjp2")]),

        // MPEG-2, H.264 and HEVC video through libavcodec (parser, decoder) and libswscale (to RGB).
        .target(name: "CVideoShim",
                linkerSettings: [.linkedLibrary("avcodec"), .linkedLibrary("avutil"), .linkedLibrary("swscale")]),

        .target(
            name: "VolumeKit",
            dependencies: ["CZlib", "CLibdeflate", "CJPEG", "COpenJPEG", "CCharLS", "CCodecShims", "CVideoShim"]
        ),
        .target(name: "Annotations", dependencies: ["VolumeKit", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "Rendering", dependencies: ["VolumeKit"]),
        // What spans many images: dataset checks, de-identification, the cache of per-file facts.
        .target(name: "Dataset", dependencies: [
            "VolumeKit", "Annotations",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "TUI", dependencies: ["VolumeKit", "Annotations", "Rendering", "CNcursesw"]),
        .executableTarget(
            name: "slicemark",
            dependencies: [
                "VolumeKit", "Annotations", "Rendering", "TUI", "Dataset",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ]
        ),

        // A second process for the annotation store's concurrency and kill tests.
        .executableTarget(name: "sidecar-stress", dependencies: ["Annotations", "VolumeKit"]),

        // The in-process half of the benchmark suite (scripts/bench.sh); not a test.
        .executableTarget(name: "SlicemarkBench", dependencies: ["VolumeKit", "Rendering", "Annotations"],
                          path: "Benchmarks/SlicemarkBench"),

        .target(name: "TestSupport", dependencies: ["VolumeKit"], path: "Tests/TestSupport"),
        .testTarget(name: "VolumeKitTests", dependencies: ["VolumeKit", "TestSupport"]),
        .testTarget(name: "AnnotationsTests", dependencies: ["Annotations", "TestSupport"]),
        .testTarget(name: "RenderingTests", dependencies: ["Rendering", "TestSupport"]),
        .testTarget(name: "SlicemarkCLITests", dependencies: ["TestSupport", "VolumeKit", "Annotations"]),
        .testTarget(name: "TUITests", dependencies: ["TUI", "TestSupport"]),
        .testTarget(name: "DatasetTests", dependencies: ["Dataset", "TestSupport", "VolumeKit", "Annotations"]),
    ]
)
