import Annotations
import Foundation
import VolumeKit

/// The worklist over a folder of annotated images: `slicemark status`'s work (find the images,
/// read and decode every sidecar, count each record's state, each person's todo, the JSON),
/// in process. The images are small NIfTI files (only their names and sidecars matter); each
/// sidecar holds three readers' ten landmarks and a label each, with a reviewer's decisions on
/// some of them, as `AnnotationSession`s make them.
///
/// Usage: SlicemarkBench status --out DIR [--images N] [--repeats N]    prints one JSON object;
/// the folder `DIR/images` is left for `slicemark status` to be timed on.
enum StatusBench {
    static func makeImages(in folder: String, count: Int) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let set = LabelSet(name: "qa", labels: [.init(name: "pass", color: "#00ff00"), .init(name: "fail", color: "#ff0000")])
        for n in 0..<count {
            let (w, h, d) = (16, 16, 4)
            let buffer = VoxelBuffer(zeroedByteCount: w * h * d * 2)
            let samples = buffer.mutableBytes.bindMemory(to: Int16.self, capacity: w * h * d)
            for v in 0..<(w * h * d) { samples[v] = Int16((v + n) % 1000) }
            let path = (folder as NSString).appendingPathComponent(String(format: "case%04d.nii", n))
            let volume = Volume(width: w, height: h, depth: d, voxelType: .int16,
                                geometry: VolumeGeometry(origin: [0, 0, 0], spacing: [1, 1, 1]), buffer: buffer,
                                metadata: VolumeMetadata(format: .nifti, sourceFiles: [path], datatypeName: "int16"))
            try Data(NIfTIWriter.niftiBytes(volume)).write(to: URL(fileURLWithPath: path))
            let store = try AnnotationStore(volume: volume)
            var document = try store.load().document
            var time = Timestamp(millisecondsSince1970: 1_764_000_000_000)
            for (r, reader) in ["ana", "ben", "cho"].enumerated() {
                var session = AnnotationSession(document: document, annotator: reader, ids: RecordIDs(seed: UInt64(n * 10 + r)),
                                                now: time, labelSet: set)
                for m in 0..<10 { _ = session.placeLandmark(at: [m, (m + r) % h, m % d], plane: .axial, volume: volume) }
                _ = session.toggleLabel(number: 1 + (n + r) % 2, at: [0, 0, 0])
                document = session.document
                time = Timestamp(millisecondsSince1970: time.millisecondsSince1970 + 1000)
            }
            var review = AnnotationSession(document: document, annotator: "rev", ids: RecordIDs(seed: UInt64(n * 10 + 9)), now: time)
            for (m, record) in document.annotations.enumerated() where m % 3 == 0 {
                _ = review.review(m % 2 == 0 ? .accept : .reject, of: record.id, comment: m % 2 == 0 ? nil : "not on the landmark")
            }
            _ = try store.save(review.document, audit: [])
        }
    }

    static func run(_ arguments: [String]) throws -> [String: Any] {
        var out = "Benchmarks/data/scratch/worklist", images = 500, repeats = 5
        var i = 2
        while i < arguments.count {
            switch arguments[i] {
            case "--out" where i + 1 < arguments.count: out = arguments[i + 1]; i += 2
            case "--images" where i + 1 < arguments.count: images = Int(arguments[i + 1]) ?? images; i += 2
            case "--repeats" where i + 1 < arguments.count: repeats = Int(arguments[i + 1]) ?? repeats; i += 2
            default: throw BenchFailure("unknown argument \(arguments[i]); usage: SlicemarkBench status --out DIR [--images N] [--repeats N]")
            }
        }
        let input = (out as NSString).appendingPathComponent("images")
        try? FileManager.default.removeItem(atPath: out)
        try makeImages(in: input, count: images)
        var times: [Double] = []
        var records = 0, todo = 0, bytes = 0
        for _ in 0..<repeats {
            let start = FrameTiming.now()
            let sources = try ExportInput.sources([input])
            let worklist = Worklist(WorklistReading.read(sources, directory: nil))
            let list = Todo(for: "rev", in: worklist)
            bytes = WorklistReport.json(worklist, todo: list).rendered().utf8.count
            times.append(FrameTiming.now() - start)
            records = worklist.counts.total
            todo = list.items.count
        }
        let median = FrameTimes(times).median
        return ["images": images, "repeats": repeats, "records": records, "reviewerTodo": todo, "jsonBytes": bytes,
                "folder": input, "totalMilliseconds": median, "millisecondsPerSidecar": median / Double(images)]
    }
}
