import Annotations
import Foundation
import VolumeKit

/// The audit chain at scale: a log of 100 000 lines (landmark moves, each with the record's
/// JSON before and after, as the viewer writes them), appended in batches through
/// `AnnotationStore.appendAudit` (the lock, the tail read, the chain, fsync, as every save);
/// then `AuditLog.verify` over the whole log, and single appends to a short and to the long
/// log: equal times show that an append reads only the tail.
///
/// Usage: SlicemarkBench audit --out DIR [--lines N]    prints one JSON object; leaves the long
/// log in DIR as `long.annotations.audit.jsonl`.
enum AuditChainBench {
    static func run(_ arguments: [String]) throws -> [String: Any] {
        var out = "Benchmarks/data/scratch", total = 100_000
        var i = 2
        while i < arguments.count {
            switch arguments[i] {
            case "--out" where i + 1 < arguments.count: out = arguments[i + 1]; i += 2
            case "--lines" where i + 1 < arguments.count: total = Int(arguments[i + 1]) ?? total; i += 2
            default: throw BenchFailure("unknown argument \(arguments[i]); usage: SlicemarkBench audit --out DIR [--lines N]")
            }
        }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let volume = Volume(width: 64, height: 64, depth: 16, voxelType: .int16,
                            geometry: VolumeGeometry(origin: [-10, 20, 5], spacing: [0.5, 0.5, 2]),
                            buffer: VoxelBuffer(zeroedByteCount: 64 * 64 * 16 * 2),
                            metadata: VolumeMetadata(format: .nifti, sourceFiles: [out + "/bench.nii"], datatypeName: "int16"))
        let image = SidecarImage(format: .nifti, files: [.init(name: "bench.nii", sha256: String(repeating: "0", count: 64))])
        func store(_ name: String) -> AnnotationStore {
            let path = (out as NSString).appendingPathComponent(name + ".annotations.json")
            unlink(SidecarLocation.auditPath(forSidecar: path))
            return AnnotationStore(sidecarPath: path, image: image, geometry: SidecarGeometry(volume: volume))
        }

        // Real events: a session places a landmark and moves it; the move is the template.
        var session = AnnotationSession(document: SidecarDocument(image: image, geometry: SidecarGeometry(volume: volume)),
                                        annotator: "bench", ids: RecordIDs(seed: 1), now: .now())
        _ = session.placeLandmark(at: [10, 10, 5], plane: .axial, volume: volume)
        _ = session.nudgeSelected(columns: 1, rows: 0, plane: .axial, volume: volume)
        let template = session.takeAuditEvents()[1]
        func batch(_ n: Int, from start: Int) -> [AuditEvent] {
            (0..<n).map { k in
                var e = template
                e.time = Timestamp(millisecondsSince1970: template.time.millisecondsSince1970 + Int64(start + k))
                e.revision = start + k + 2
                e.baseRevision = start + k + 1
                return e
            }
        }

        let long = store("long")
        let batchSize = 1000
        var batchTimes: [Double] = []
        var written = 0
        while written < total - 1 {  // the header is the first line
            let n = min(batchSize, total - 1 - written)
            let t = FrameTiming.now()
            try long.appendAudit(batch(n, from: written))
            batchTimes.append(FrameTiming.now() - t)
            written += n
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: long.auditPath)[.size] as? Int) ?? 0

        var verifyWall: [Double] = [], verifyCPU: [Double] = []
        var lines = 0
        for _ in 0..<3 {
            let (w, c) = (FrameTiming.now(), FrameTiming.threadCPU())
            let result = try AuditLog.verify(path: long.auditPath)
            verifyWall.append(FrameTiming.now() - w)
            verifyCPU.append(FrameTiming.threadCPU() - c)
            guard result.isIntact else { throw BenchFailure("the benchmark log does not verify: \(result.summary)") }
            lines = result.lines
        }

        // One event appended (locked, chained, fsynced) to a 10-line log and to the long one.
        let short = store("short")
        try short.appendAudit(batch(9, from: 0))
        func appends(_ s: AnnotationStore) throws -> (wall: Double, cpu: Double) {
            var wall: [Double] = [], cpu: [Double] = []
            for k in 0..<31 {
                let (w, c) = (FrameTiming.now(), FrameTiming.threadCPU())
                try s.appendAudit(batch(1, from: total + k))
                wall.append(FrameTiming.now() - w)
                cpu.append(FrameTiming.threadCPU() - c)
            }
            return (FrameTimes(wall).median, FrameTimes(cpu).median)
        }
        let shortAppend = try appends(short), longAppend = try appends(long)
        // The long log stays in DIR, for checking it with another implementation (docs/benchmarks.md).
        unlink(short.auditPath)
        return [
            "lines": lines,
            "log": long.auditPath,
            "logBytes": size,
            "verifyMilliseconds": ["median": FrameTimes(verifyWall).median, "cpuMedian": FrameTimes(verifyCPU).median],
            "appendBatchOf1000Milliseconds": ["first": batchTimes.first ?? 0, "last": batchTimes.last ?? 0,
                                              "median": FrameTimes(batchTimes).median],
            "appendOneMilliseconds": ["to10LineLog": shortAppend.wall, "to\(lines)LineLog": longAppend.wall,
                                      "cpuTo10LineLog": shortAppend.cpu, "cpuTo\(lines)LineLog": longAppend.cpu],
            "notes": ["each line a landmark move with the record's JSON before and after (\(size / max(lines, 1)) bytes a line)",
                      "appends take the lock, read the tail, chain and fsync, as a save does"],
        ]
    }
}
