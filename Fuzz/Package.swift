// swift-tools-version:6.0
// libFuzzer targets for every parser and decoder of slicemark. A package of its own, so the
// normal `swift build` and `swift test` never build them. Built and run by scripts/fuzz.sh:
//   swift build --package-path Fuzz -Xswiftc -sanitize=fuzzer,address
// (debug, so `@testable import` reaches the internal decoders).
import PackageDescription

let targets: [(name: String, uses: [String])] = [
    ("FuzzDICOM", ["VolumeKit"]),
    ("FuzzRLE", ["VolumeKit"]),
    ("FuzzJPEGLossless", ["VolumeKit"]),
    ("FuzzJPEG12", ["VolumeKit"]),
    ("FuzzLibJPEG", ["VolumeKit"]),
    ("FuzzOpenJPEG", ["VolumeKit"]),
    ("FuzzCharLS", ["VolumeKit"]),
    ("FuzzNIfTIHeader", ["VolumeKit"]),
    ("FuzzNIfTI", ["VolumeKit"]),
    ("FuzzGzip", ["VolumeKit"]),
    ("FuzzLabelMap", ["VolumeKit"]),
    ("FuzzSidecar", ["Annotations"]),
    ("FuzzKeymap", ["TUI"]),
    ("FuzzLabelSet", ["Annotations"]),
    ("FuzzTemplate", ["Annotations"]),
    ("FuzzInputDecoder", ["TUI"]),
    ("FuzzTerminalSafeText", ["VolumeKit"]),
    ("FuzzVideo", ["VolumeKit"]),
]

let package = Package(
    name: "SlicemarkFuzz",
    dependencies: [.package(name: "slicemark", path: "..")],
    targets: [
        .target(name: "FuzzSupport", dependencies: [.product(name: "SlicemarkLibraries", package: "slicemark")]),
    ] + targets.map { target in
        .executableTarget(name: target.name, dependencies: [
            "FuzzSupport", .product(name: "SlicemarkLibraries", package: "slicemark"),
        ])
    }
)
