import Foundation
import VolumeKit

/// Saving and reloading a 512×512×300 label map with labelled blobs, in process, for the row
/// beside nibabel's `nib.save` and reload (Benchmarks/peers/nibabel_labelmap.py builds the same
/// blobs and checks it reads the same voxels from our file).
///
/// Usage: SlicemarkBench labelmap --out DIR [--repeats N]    prints one JSON object.
enum LabelMapSaveReload {
    static let size = (width: 512, height: 512, depth: 300)

    /// Twelve balls of labels 1…12, later ones painted over earlier ones, the formula the
    /// Python peer uses too.
    static func blobs() -> LabelMap {
        let geometry = VolumeGeometry(origin: [-179.3, -190.1, -412.5], spacing: [0.7, 0.7, 1])
        var map = LabelMap(width: size.width, height: size.height, depth: size.depth, geometry: geometry)
        for n in 0..<12 {
            let c = (60 + (n * 97) % 392, 60 + (n * 61) % 392, 30 + (n * 37) % 240)
            let r = 10 + (n * 7) % 30
            for k in max(0, c.2 - r)...min(size.depth - 1, c.2 + r) {
                for j in max(0, c.1 - r)...min(size.height - 1, c.1 + r) {
                    for i in max(0, c.0 - r)...min(size.width - 1, c.0 + r) {
                        let d = (i - c.0) * (i - c.0) + (j - c.1) * (j - c.1) + (k - c.2) * (k - c.2)
                        if d <= r * r { map[i, j, k] = UInt16(n + 1) }
                    }
                }
            }
        }
        return map
    }

    static func run(_ arguments: [String]) throws -> [String: Any] {
        var out = "Benchmarks/data/scratch", repeats = 7
        var i = 2
        while i < arguments.count {
            switch arguments[i] {
            case "--out" where i + 1 < arguments.count: out = arguments[i + 1]; i += 2
            case "--repeats" where i + 1 < arguments.count: repeats = Int(arguments[i + 1]) ?? repeats; i += 2
            default: throw BenchFailure("unknown argument \(arguments[i]); usage: SlicemarkBench labelmap --out DIR [--repeats N]")
            }
        }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let map = blobs()
        let path = (out as NSString).appendingPathComponent("ours.seg.nii.gz")

        // Wall and thread CPU time of each step; on a shared machine the CPU time is the steadier.
        var wall: [String: [Double]] = [:], cpu: [String: [Double]] = [:]
        func timed<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
            let (w, c) = (FrameTiming.now(), FrameTiming.threadCPU())
            let result = try body()
            wall[name, default: []].append(FrameTiming.now() - w)
            cpu[name, default: []].append(FrameTiming.threadCPU() - c)
            return result
        }
        for round in 0..<(repeats + 1) {  // the first round warms up
            if round == 1 { wall = [:]; cpu = [:] }
            _ = try timed("compress") { try LabelMapNIfTIWriter.gzippedBytes(map) }
            try timed("write") { try LabelMapNIfTIWriter.write(map, to: path) }
            let back = try timed("reload") { try LabelMapReader.read(path: path) }
            // Voxels only: the geometry comes back through float32.
            guard back.dimensions == map.dimensions, back.littleEndianBytes() == map.littleEndianBytes() else {
                throw BenchFailure("the reloaded label map holds other voxels than the one saved")
            }
        }
        let counts = map.counts()
        return [
            "voxels": map.voxelCount,
            "labelledVoxels": counts.values.reduce(0, +),
            "labels": counts.count,
            "fileBytes": (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0,
            "file": path,
            "compressMilliseconds": FrameTimes(wall["compress"] ?? []).median,
            "writeMilliseconds": FrameTimes(wall["write"] ?? []).median,
            "reloadMilliseconds": FrameTimes(wall["reload"] ?? []).median,
            "compressCPUMilliseconds": FrameTimes(cpu["compress"] ?? []).median,
            "writeCPUMilliseconds": FrameTimes(cpu["write"] ?? []).median,
            "reloadCPUMilliseconds": FrameTimes(cpu["reload"] ?? []).median,
            "repeats": repeats,
            "notes": ["write: gzip level 6 (libdeflate) + atomic write (temporary file, fsync, rename, folder fsync)",
                      "reload: LabelMapReader.read (inflate, check every value is a label, build the map)"],
        ]
    }
}
