import Annotations
import Foundation
import Testing
import TestSupport
import VolumeKit

/// `slicemark predict` with a model of our own making (`scripts/reference/threshold_model.py`,
/// nibabel: 1 where the image is above the threshold): over a folder of three images, one of
/// which the model fails on, the other two get exactly the threshold's voxels as the model's
/// label-map proposal, the failure is reported with its log, and the exit status says so.
@Suite struct PredictCommandTests {
    static let threshold = 150.0

    /// A NIfTI image of `values` on a small oblique-free grid, written by slicemark's writer.
    static func image(_ path: String, values: (Int, Int, Int) -> Int16) throws -> Volume {
        let (w, h, d) = (9, 7, 5)
        let buffer = VoxelBuffer(zeroedByteCount: w * h * d * 2)
        let p = buffer.mutableBytes.assumingMemoryBound(to: Int16.self)
        for k in 0..<d { for j in 0..<h { for i in 0..<w { p[(k * h + j) * w + i] = values(i, j, k) } } }
        let volume = Volume(width: w, height: h, depth: d, voxelType: .int16, rescale: .identity,
                            geometry: VolumeGeometry(origin: [10, -20, 5], spacing: [1.5, 1.5, 3]), buffer: buffer,
                            metadata: VolumeMetadata(format: .nifti, sourceFiles: [path], datatypeName: "int16"))
        try Data(NIfTIWriter.gzippedBytes(volume)).write(to: URL(fileURLWithPath: path))
        return volume
    }

    @Test func thresholdModelOverAFolderFillsItWithProposals() throws {
        let folder = NSTemporaryDirectory() + "slicemark-predict-\(UUID().uuidString)"
        let images = folder + "/images", logs = folder + "/logs"
        try FileManager.default.createDirectory(atPath: images, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let makers: [(String, (Int, Int, Int) -> Int16)] = [
            ("a.nii.gz", { i, j, k in Int16(i * 20 + j * 3 + k) }),
            ("b.nii.gz", { i, j, k in (i + j + k) % 4 == 0 ? 400 : 10 }),
            ("c.nii.gz", { _, _, _ in 5 }),  // nothing above the threshold: the model fails
        ]
        var expected: [String: Set<[Int]>] = [:]
        for (name, values) in makers {
            _ = try Self.image(images + "/" + name, values: values)
            var above = Set<[Int]>()
            for k in 0..<5 { for j in 0..<7 { for i in 0..<9 where Double(values(i, j, k)) > Self.threshold { above.insert([i, j, k]) } } }
            expected[name] = above
        }
        let script = Fixtures.repositoryRoot.appendingPathComponent("scripts/reference/threshold_model.py").path
        let command = "\(Fixtures.path("venv/bin/python")) \(script) {image} {out} \(Self.threshold)"
        let result = try runProcess(Fixtures.executable, ["predict", "--command", command, "--as", "threshold@1",
                                                          "--logs", logs, images],
                                    environment: ["SLICEMARK_ANNOTATOR": "tester", "PATH": "/usr/bin:/bin"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("predict: 3/3"))
        #expect(result.stderr.contains("c.nii.gz: the command exited with status 3 (log: \(logs)/3-c.nii.gz.log)"))
        #expect(result.stderr.contains("2 of 3 image(s) done, 1 failed; logs in \(logs)"))
        let failedLog = try String(contentsOfFile: logs + "/3-c.nii.gz.log", encoding: .utf8)
        #expect(failedLog.contains("nothing to segment"))
        for name in ["a.nii.gz", "b.nii.gz"] {
            #expect(result.stdout.contains("\(images)/\(name): 1 proposal of threshold@1 imported (1 segmentation)"))
            let map = try LabelMapReader.read(path: images + "/\(name).threshold_1.seg.nii.gz")
            var found = Set<[Int]>()
            for k in 0..<map.depth { for j in 0..<map.height { for i in 0..<map.width where map[i, j, k] != 0 {
                #expect(map[i, j, k] == 1)
                found.insert([i, j, k])
            } } }
            #expect(found == expected[name], "\(name)")
            let data = try Data(contentsOf: URL(fileURLWithPath: images + "/\(name).annotations.json"))
            let document = try JSONDecoder().decode(SidecarDocument.self, from: data)
            let record = try #require(document.segmentations.first)
            #expect(record.annotator == "threshold" && record.status == .proposed && record.source.version == "1")
        }
        #expect(!FileManager.default.fileExists(atPath: images + "/c.nii.gz.annotations.json"))
        // Logs never go next to the images.
        #expect(try FileManager.default.contentsOfDirectory(atPath: images).allSatisfy { !$0.hasSuffix(".log") })
    }

    /// A job array: `--shard 1/2` and `2/2` over images given by `--files-from` run the model on
    /// every image exactly once between them.
    @Test func twoShardsRunEveryImageOnce() throws {
        let folder = NSTemporaryDirectory() + "slicemark-predict-shards-\(UUID().uuidString)"
        let images = folder + "/images"
        try FileManager.default.createDirectory(atPath: images, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let names = ["a.nii.gz", "b.nii.gz", "c.nii.gz", "d.nii.gz", "e.nii.gz"]
        for (n, name) in names.enumerated() { _ = try Self.image(images + "/" + name) { i, _, _ in Int16(i * 40 + n) } }
        try (names.map { images + "/" + $0 }.joined(separator: "\n") + "\n# a comment\n").write(toFile: folder + "/list.txt", atomically: true, encoding: .utf8)
        let script = Fixtures.repositoryRoot.appendingPathComponent("scripts/reference/threshold_model.py").path
        let command = "\(Fixtures.path("venv/bin/python")) \(script) {image} {out} \(Self.threshold)"
        var done: [String] = []
        for shard in ["1/2", "2/2"] {
            let result = try runProcess(Fixtures.executable, ["predict", "--command", command, "--as", "threshold@1",
                                                              "--logs", folder + "/logs-\(shard.prefix(1))",
                                                              "--files-from", folder + "/list.txt", "--shard", shard],
                                        environment: ["SLICEMARK_ANNOTATOR": "tester", "PATH": "/usr/bin:/bin"])
            #expect(result.status == 0, "\(result.stderr)")
            done += names.filter { result.stdout.contains("\(images)/\($0): 1 proposal of threshold@1 imported") }
        }
        #expect(done.sorted() == names, "each image once: \(done)")
        let bad = try runProcess(Fixtures.executable, ["predict", "--command", command, "--as", "m", "--shard", "3/2", images])
        #expect(bad.status == 2 && bad.stderr.contains("--shard 3/2"))
    }

    /// A DICOM series is handed over as a NIfTI file (its LPS geometry as a RAS sform and
    /// qform); the model's label map, written by nibabel on that file's grid, fits the series.
    @Test func aDICOMSeriesIsHandedOverAsNIfTIAndItsLabelMapFitsTheSeries() throws {
        let folder = NSTemporaryDirectory() + "slicemark-predict-\(UUID().uuidString)"
        let series = folder + "/CT5N"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: Fixtures.path("pydicom/dicomdirtests/98892001/CT5N"), toPath: series)
        let volume = try VolumeLoader.load(path: series)
        var above = Set<[Int]>()
        for k in 0..<volume.depth { for j in 0..<volume.height { for i in 0..<volume.width
            where volume.value(i, j, k) > 0 { above.insert([i, j, k]) } } }
        let script = Fixtures.repositoryRoot.appendingPathComponent("scripts/reference/threshold_model.py").path
        let result = try runProcess(Fixtures.executable, [
            "predict", "--command", "\(Fixtures.path("venv/bin/python")) \(script) {image} {out} 0", "--as", "thr",
            "--logs", folder + "/logs", series])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder + "/logs/1-CT5N.input.nii.gz"))
        let uid = try #require(volume.metadata.identity.seriesInstanceUID)
        let map = try LabelMapReader.read(path: series + "/\(uid).thr.seg.nii.gz")
        #expect(LabelMapGrid.difference(map, volume) == nil)
        var found = Set<[Int]>()
        for k in 0..<map.depth { for j in 0..<map.height { for i in 0..<map.width where map[i, j, k] != 0 { found.insert([i, j, k]) } } }
        #expect(found == above && !found.isEmpty)
    }

    @Test func aCommandPastItsTimeLimitIsKilledWithWhatItStarted() throws {
        let folder = NSTemporaryDirectory() + "slicemark-predict-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try Self.image(folder + "/slow.nii.gz") { _, _, _ in 1 }
        let marker = folder + "/still-running"
        let started = Date()
        let result = try runProcess(Fixtures.executable, [
            "predict", "--command", "echo started >&2; (sleep 3; touch \(marker)) & sleep 30; cp {image} {out}",
            "--as", "slow", "--timeout", "1", "--logs", folder + "/logs", folder + "/slow.nii.gz"])
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(result.status == 1)
        #expect(result.stderr.contains("took longer than 1 s and was killed"))
        #expect(try String(contentsOfFile: folder + "/logs/1-slow.nii.gz.log", encoding: .utf8).contains("started"))
        Thread.sleep(forTimeInterval: 3)
        #expect(!FileManager.default.fileExists(atPath: marker), "the background child of the command outlived the kill")
    }
}
