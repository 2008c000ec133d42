import Annotations
import Foundation
import VolumeKit

/// Exporting a folder of annotated images: the time per image of `slicemark export`'s work
/// (find the image, read it and its sidecar, hash, select, write), in process, per format.
///
/// Builds `--images N` NIfTI files of 256×256×64 int16 (a ramp plus the image's number, so
/// every file has its own hash), each with a sidecar made by an `AnnotationSession` (ten
/// landmarks, two rectangles, an ellipse, a label) and a label map with two labels, then runs
/// each format `--repeats` times into a fresh folder and reports the median.
///
/// Usage: SlicemarkBench export --out DIR [--images N] [--repeats N]    prints one JSON object.
enum ExportBench {
    static let size = (width: 256, height: 256, depth: 64)

    static func makeImages(in folder: String, count: Int) throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var paths: [String] = []
        for n in 0..<count {
            let (w, h, d) = size
            let buffer = VoxelBuffer(zeroedByteCount: w * h * d * 2)
            let samples = buffer.mutableBytes.bindMemory(to: Int16.self, capacity: w * h * d)
            for k in 0..<d { for j in 0..<h { for i in 0..<w { samples[(k * h + j) * w + i] = Int16((i + j + 4 * k + n) % 2000 - 1000) } } }
            let path = (folder as NSString).appendingPathComponent("case\(n).nii.gz")
            let geometry = VolumeGeometry(origin: [-90, -100, -40], spacing: [0.8, 0.8, 2.5])
            let volume = Volume(width: w, height: h, depth: d, voxelType: .int16, geometry: geometry, buffer: buffer,
                                metadata: VolumeMetadata(format: .nifti, sourceFiles: [path], datatypeName: "int16"))
            try Data(NIfTIWriter.gzippedBytes(volume)).write(to: URL(fileURLWithPath: path))
            try annotate(path)
            paths.append(path)
        }
        return paths
    }

    static func annotate(_ path: String) throws {
        let volume = try VolumeLoader.load(path: path)
        let store = try AnnotationStore(volume: volume)
        let set = LabelSet(name: "qa", labels: [.init(name: "pass", color: "#00ff00")])
        var session = AnnotationSession(document: try store.load().document, annotator: "bench", ids: RecordIDs(seed: 1),
                                        now: Timestamp(millisecondsSince1970: 1_764_000_000_000), labelSet: set)
        let k = size.depth / 2
        for n in 0..<10 { _ = session.placeLandmark(at: [20 + 20 * n, 30 + 15 * n, k], plane: .axial, volume: volume) }
        for (a, b) in [((10, 10), (60, 40)), ((100, 120), (180, 200))] {
            _ = session.click(.rectangle, at: [a.0, a.1, k], plane: .axial, volume: volume)
            _ = session.click(.rectangle, at: [b.0, b.1, k], plane: .axial, volume: volume)
        }
        _ = session.click(.ellipse, at: [50, 150, k], plane: .axial, volume: volume)
        _ = session.click(.ellipse, at: [90, 210, k], plane: .axial, volume: volume)
        _ = session.toggleLabel(number: 1, at: [0, 0, k])
        var map = LabelMap(grid: volume)
        for kk in (k - 5)...(k + 5) { for j in 80..<140 { for i in 80..<150 { map[i, j, kk] = kk < k ? 1 : 2 } } }
        let bytes = try LabelMapNIfTIWriter.gzippedBytes(map)
        let mapPath = SidecarLocation.labelMapPath(forSidecar: store.sidecarPath, annotator: "bench")
        let id = session.recordLabelMapChange(file: (mapPath as NSString).lastPathComponent,
                                              segments: [.init(value: 1, name: "a", color: "#ff0000"), .init(value: 2, name: "b", color: "#0000ff")],
                                              summary: "bench")
        _ = try store.save(session.document.withLabelMapHash(ContentHash.hex(of: bytes), of: id), audit: session.takeAuditEvents(),
                           companions: [.init(path: mapPath, bytes: bytes)])
    }

    static func run(_ arguments: [String]) throws -> [String: Any] {
        var out = "Benchmarks/data/scratch/export", images = 20, repeats = 3
        var i = 2
        while i < arguments.count {
            switch arguments[i] {
            case "--out" where i + 1 < arguments.count: out = arguments[i + 1]; i += 2
            case "--images" where i + 1 < arguments.count: images = Int(arguments[i + 1]) ?? images; i += 2
            case "--repeats" where i + 1 < arguments.count: repeats = Int(arguments[i + 1]) ?? repeats; i += 2
            default: throw BenchFailure("unknown argument \(arguments[i]); usage: SlicemarkBench export --out DIR [--images N] [--repeats N]")
            }
        }
        let input = (out as NSString).appendingPathComponent("images")
        try? FileManager.default.removeItem(atPath: out)
        _ = try makeImages(in: input, count: images)
        var result: [String: Any] = ["images": images, "repeats": repeats,
                                     "grid": [size.width, size.height, size.depth], "voxelType": "int16"]
        for format in ExportFormat.allCases {
            var times: [Double] = []
            var files = 0
            for r in 0..<repeats {
                let target = (out as NSString).appendingPathComponent("\(format.rawValue)-\(r)")
                let start = FrameTiming.now()
                let exporter = Exporter(ExportRequest(format: format, out: target, version: "bench"))
                for source in try ExportInput.sources([input]) {
                    guard case .image(let image) = ExportInput.open(source, sidecarDirectory: nil) else {
                        throw BenchFailure("\(source): no sidecar")
                    }
                    try exporter.add(image)
                }
                try exporter.finish()
                times.append(FrameTiming.now() - start)
                files = exporter.writer.written.count
                try? FileManager.default.removeItem(atPath: target)
            }
            let median = FrameTimes(times).median
            result[format.rawValue] = ["totalMilliseconds": median, "millisecondsPerImage": median / Double(images), "files": files]
        }
        try? FileManager.default.removeItem(atPath: out)
        return result
    }
}
