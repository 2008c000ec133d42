import Annotations
import Foundation
import VolumeKit

/// Agreement at real sizes:
///
/// - HD95, ASSD, Dice and Jaccard of two 512 × 512 × 300 label maps (0.7 × 0.7 × 1.5 mm): two
///   readers' outlines of one large organ-like structure, offset and resized a little. Timed
///   from the two maps in memory to the figures (masks, surfaces, both distance transforms,
///   percentiles). Both maps are written as `.nii.gz` for the scipy peer, which times the same
///   step (`Benchmarks/peers/scipy_surface.py`).
/// - 500 sidecars of three readers each (19 cephalometric landmarks, two image labels), read
///   and compared in process (what `slicemark agree` does after finding the files);
///   `Benchmarks/bench_agree.py` also times the whole `slicemark agree --json` process.
///
/// Usage: SlicemarkBench agree --out DIR [--repeats N] [--sidecars N]    prints one JSON object.
enum AgreementBench {
    static func run(_ arguments: [String]) throws -> [String: Any] {
        var out = "Benchmarks/data/scratch/agree", repeats = 3, sidecars = 500
        var i = 2
        while i < arguments.count {
            switch arguments[i] {
            case "--out" where i + 1 < arguments.count: out = arguments[i + 1]; i += 2
            case "--repeats" where i + 1 < arguments.count: repeats = max(1, Int(arguments[i + 1]) ?? repeats); i += 2
            case "--sidecars" where i + 1 < arguments.count: sidecars = max(1, Int(arguments[i + 1]) ?? sidecars); i += 2
            default: throw BenchFailure("unknown argument \(arguments[i]); usage: SlicemarkBench agree --out DIR [--repeats N] [--sidecars N]")
            }
        }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        var result = try surfaceDistances(out: out, repeats: repeats)
        result["sidecars"] = try sidecarStudy(out: (out as NSString).appendingPathComponent("sidecars"), count: sidecars, repeats: repeats)
        return result
    }

    static func ellipsoid(_ map: inout LabelMap, centre: SIMD3<Double>, radii: SIMD3<Double>) {
        let (width, height) = (map.width, map.height)
        for k in 0..<map.depth {
            let z = (Double(k) - centre.z) / radii.z
            guard z * z <= 1 else { continue }
            map.withMutableSlice(k) { low, _ in
                for j in 0..<height {
                    let y = (Double(j) - centre.y) / radii.y
                    let rest = 1 - z * z - y * y
                    guard rest >= 0 else { continue }
                    let half = rest.squareRoot() * radii.x
                    let from = max(0, Int((centre.x - half).rounded(.up))), to = min(width - 1, Int((centre.x + half).rounded(.down)))
                    guard from <= to else { continue }
                    for i in from...to { low[j * width + i] = 1 }
                }
            }
        }
    }

    static func surfaceDistances(out: String, repeats: Int) throws -> [String: Any] {
        let geometry = VolumeGeometry(origin: [-180, -180, -200], spacing: [0.7, 0.7, 1.5])
        var a = LabelMap(width: 512, height: 512, depth: 300, geometry: geometry), b = a
        ellipsoid(&a, centre: [256, 250, 150], radii: [160, 130, 100])
        ellipsoid(&b, centre: [259, 247, 152], radii: [155, 134, 97])
        let pathA = (out as NSString).appendingPathComponent("reader-a.seg.nii.gz")
        let pathB = (out as NSString).appendingPathComponent("reader-b.seg.nii.gz")
        try Data(LabelMapNIfTIWriter.gzippedBytes(a)).write(to: URL(fileURLWithPath: pathA))
        try Data(LabelMapNIfTIWriter.gzippedBytes(b)).write(to: URL(fileURLWithPath: pathB))
        var times: [Double] = []
        var figures: MaskAgreement?
        for _ in 0..<repeats {
            let t = FrameTiming.now()
            figures = MaskAgreement(BinaryMask(a, value: 1), BinaryMask(b, value: 1))
            times.append(FrameTiming.now() - t)
        }
        let f = figures!
        return ["surface": [
            "files": [pathA, pathB], "grid": [512, 512, 300], "spacing": [0.7, 0.7, 1.5],
            "milliseconds": FrameTimes(times).median, "runs": times.count,
            "voxels": [f.voxelsA, f.voxelsB], "surfaceVoxels": [f.surfaceA, f.surfaceB],
            "dice": f.dice, "jaccard": f.jaccard, "hd95_mm": f.hd95MM ?? -1, "assd_mm": f.assdMM ?? -1,
        ]]
    }

    /// Writes `count` sidecars of three readers and times reading and comparing them all.
    static func sidecarStudy(out: String, count: Int, repeats: Int) throws -> [String: Any] {
        try? FileManager.default.removeItem(atPath: out)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let geometry = VolumeGeometry(origin: [-100, -120, 0], spacing: [0.1, 0.1, 1])
        let volume = Volume(width: 1935, height: 2400, depth: 1, voxelType: .uint8, geometry: geometry,
                            buffer: VoxelBuffer(zeroedByteCount: 1935 * 2400), metadata: VolumeMetadata(format: .nifti, sourceFiles: [], datatypeName: "uint8"))
        let landmarks = ["sella", "nasion", "orbitale", "porion", "subspinale", "supramentale", "pogonion", "menton", "gnathion",
                         "gonion", "lower incisal incision", "upper incisal incision", "upper lip", "lower lip", "subnasale",
                         "soft tissue pogonion", "posterior nasal spine", "anterior nasal spine", "articulare"]
        var rng = SystemRandomNumberGenerator()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let t0 = Timestamp.now()
        for n in 0..<count {
            let name = String(format: "ceph%04d.nii.gz", n)
            var document = SidecarDocument(image: SidecarImage(format: .nifti, files: [.init(name: name, sha256: String(repeating: "0", count: 64))]),
                                           geometry: SidecarGeometry(volume: volume))
            var ids = RecordIDs(seed: UInt64(n) + 1)
            for reader in ["ana", "ben", "cleo"] {
                for (l, landmark) in landmarks.enumerated() {
                    let voxel = SIMD3(100 + 80 * l + Int.random(in: -20...20, using: &rng), 300 + 90 * l + Int.random(in: -20...20, using: &rng), 0)
                    document.annotations.append(Annotation(id: ids.next(), kind: .landmark, label: landmark, annotator: reader, created: t0,
                                                           plane: .axial, points: [AnnotationPoint(voxel: voxel, geometry: geometry)]))
                }
                document.labels.append(ImageLabel(id: ids.next(), labelSet: "skeletal class", name: ["I", "II", "III"][Int.random(in: 0...2, using: &rng)],
                                                  annotator: reader, created: t0))
                document.labels.append(ImageLabel(id: ids.next(), labelSet: "quality", name: Bool.random(using: &rng) ? "good" : "poor",
                                                  annotator: reader, created: t0))
            }
            try encoder.encode(document).write(to: URL(fileURLWithPath: (out as NSString).appendingPathComponent(name + SidecarLocation.suffix)))
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasSuffix(SidecarLocation.suffix) }
            .map { (out as NSString).appendingPathComponent($0) }
        var times: [Double] = []
        var pairs = 0
        for _ in 0..<repeats {
            let t = FrameTiming.now()
            var study = AgreementStudy()
            for path in AgreementImage.sidecars(found: files, namedDirectly: []) { study.add(try AgreementImage.read(sidecar: path)) }
            let report = study.report()
            _ = report.json().rendered()
            times.append(FrameTiming.now() - t)
            pairs = report.landmarks.count
        }
        return ["folder": out, "count": files.count, "milliseconds": FrameTimes(times).median, "runs": times.count,
                "landmarkPairs": pairs, "landmarksPerReader": landmarks.count]
    }
}
