import Annotations
import Crypto
import Foundation
import Testing
import TestSupport
import VolumeKit

/// `slicemark deid` on copies of real sample files (pydicom's CT, MR, JPEG, RLE multi-frame,
/// big endian, implicit and deflated; a nibabel-written NIfTI) into which pydicom and nibabel
/// wrote synthetic PHI, with real sidecars made by the annotation store.
@Suite(.serialized) struct DeidEndToEndTests {
    struct Made {
        let folder: String
        var input: String { folder + "/in" }
        let phi: [String]
        let files: [String: Any]
        func cleanUp() { try? FileManager.default.removeItem(atPath: folder) }
    }

    static func make() throws -> Made {
        let folder = NSTemporaryDirectory() + "slicemark-deid-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let made = try PythonCheck.run("scripts/reference/deid_phi.py", "make", ["fixtures": Fixtures.root.path, "out": folder + "/in"])
        let phi = try #require(made["phi"] as? [String])
        let files = try #require(made["files"] as? [String: Any])
        // Real sidecars: a landmark on the NIfTI and on the CT series, saved by the store.
        for image in [files["nifti"] as! String, folder + "/in/patient/ct"] {
            let volume = try VolumeLoader.load(path: image)
            let store = try AnnotationStore(volume: volume)
            var session = AnnotationSession(document: try store.load().document, annotator: "dr.a", ids: RecordIDs(seed: 3),
                                            now: Timestamp(millisecondsSince1970: 1_763_766_000_000))
            _ = session.placeLandmark(at: [1, 2, 1], plane: .axial, volume: volume)
            guard image.hasSuffix(".nii") || image.hasSuffix(".nii.gz") else {
                _ = try store.save(session.document, audit: session.takeAuditEvents())
                continue
            }
            // And a label map with its table, saved the way the viewer saves one.
            var map = LabelMap(grid: volume)
            map.withMutableSlice(1) { low, _ in for i in 0..<4 { low[volume.width * 2 + i] = 3 } }
            let path = SidecarLocation.labelMapPath(forSidecar: store.sidecarPath, annotator: "dr.a")
            let table = LabelTable(entries: [.init(value: 3, name: "tumour", color: try LabelColor(hex: "#ff0000"))])
            let encoded = try LabelMapCompanions.encode(map, table: table, path: path)
            let id = session.recordLabelMapChange(file: (path as NSString).lastPathComponent,
                                                  segments: [.init(value: 3, name: "tumour", color: "#ff0000")], summary: "tumour")
            _ = try store.save(session.document.withLabelMapHash(encoded.sha256, of: id), audit: session.takeAuditEvents(),
                               companions: encoded.files)
        }
        return Made(folder: folder, phi: phi, files: files)
    }

    static func deid(_ args: [String]) throws -> ProcessResult {
        try runProcess(Fixtures.executable, ["deid"] + args)
    }

    /// Every file under `root` by relative path, with its SHA-256.
    static func tree(_ root: String) -> [String: String] {
        var out: [String: String] = [:]
        let e = FileManager.default.enumerator(atPath: root)
        while let relative = e?.nextObject() as? String {
            let path = root + "/" + relative
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue,
                  let data = FileManager.default.contents(atPath: path) else { continue }
            out[relative] = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        }
        return out
    }

    static func rows(_ map: String) throws -> Set<String> {
        Set(try String(contentsOfFile: map, encoding: .utf8).split(separator: "\n").map(String.init)
            .filter { $0 != "kind,id_old,id_new" && !$0.hasPrefix("secret,") })
    }

    static func uidRows(_ map: String) throws -> [String: String] {
        var out: [String: String] = [:]
        for row in try rows(map) where row.hasPrefix("uid,") {
            let f = row.split(separator: ",")
            out[String(f[1])] = String(f[2])
        }
        return out
    }

    static func find(_ name: String, under root: String) -> String? {
        let e = FileManager.default.enumerator(atPath: root)
        while let relative = e?.nextObject() as? String {
            if (relative as NSString).lastPathComponent == name { return root + "/" + relative }
        }
        return nil
    }

    @Test func nothingIdentifyingIsLeftAndPixelsGeometryAndSidecarsSurvive() throws {
        let made = try Self.make()
        defer { made.cleanUp() }
        let out = made.folder + "/out", map = made.folder + "/map.csv"
        let run = try Self.deid(["--out", out, "--map", map, made.input])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("check for burned-in text"), "\(run.stdout)")
        #expect(run.stdout.contains("left out audit log"), "\(run.stdout)")

        // No PHI value in any byte of any output (gzip and deflate inflated too); pydicom reads all.
        let scan = try PythonCheck.run("scripts/reference/deid_phi.py", "scan", ["root": out, "phi": made.phi])
        #expect((scan["hits"] as? [Any])?.isEmpty == true, "\(scan["hits"] ?? "")")
        #expect((scan["unreadable"] as? [Any])?.isEmpty == true, "\(scan["unreadable"] ?? "")")
        #expect(scan["files"] as? Int == 14, "9 DICOM files, the NIfTI, 2 sidecars, a label map and its table")

        // Pixel data byte for byte; the NIfTI's voxels and affine too.
        let uids = try Self.uidRows(map)
        var pairs: [[String]] = []
        var inputs = (made.files["ct"] as! [String])
        for key in ["mr", "jpeg", "multiframe", "bigendian", "implicit", "deflated"] { inputs.append(made.files[key] as! String) }
        for input in inputs {
            let sop = try #require(try runProcess(Fixtures.path("venv/bin/python"), ["-c", "import pydicom,sys; print(pydicom.dcmread(sys.argv[1]).SOPInstanceUID)", input]).stdout
                .trimmingCharacters(in: .whitespacesAndNewlines) as String?)
            let new = try #require(uids[sop], "no map row for \(sop)")
            let output = try #require(Self.find(new + ".dcm", under: out), "no output for \(input)")
            pairs.append([input, output])
        }
        pairs.append([made.files["nifti"] as! String, out + "/nifti/brain.nii.gz"])
        let pixels = try PythonCheck.run("scripts/reference/deid_phi.py", "pixels", ["pairs": pairs])
        #expect((pixels["different"] as? [Any])?.isEmpty == true, "\(pixels)")

        // The CT series: same geometry and voxels in SimpleITK; references between slices kept.
        let ctOut = (pairs[0][1] as NSString).deletingLastPathComponent
        let sitk = try PythonCheck.run("scripts/reference/deid_phi.py", "sitk", ["a": made.input + "/patient/ct", "b": ctOut])
        #expect(sitk["same"] as? Bool == true, "\(sitk)")
        let ctUIDs = made.files["ct_uids"] as! [String]
        let source = try runProcess(Fixtures.path("venv/bin/python"), ["-c",
            "import pydicom,sys; d=pydicom.dcmread(sys.argv[1]); print(d.SourceImageSequence[0].ReferencedSOPInstanceUID, d.file_meta.MediaStorageSOPInstanceUID, d[0x0012,0x0063].value, d.LongitudinalTemporalInformationModified, d.DeidentificationMethodCodeSequence[0].CodeValue)",
            pairs[0][1]]).stdout.split(separator: " ").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(source.first == uids[ctUIDs[1]], "slice 0 references slice 1 by its new UID")
        #expect(source.count > 1 && source[1] == uids[ctUIDs[0]])
        #expect(run.stdout.contains("Basic Application Confidentiality Profile"))
        #expect(source.contains("REMOVED") && source.contains("113100"), "\(source)")
        #expect(uids.values.allSatisfy { $0.hasPrefix("2.25.") && $0.count <= 64 })

        // The sidecars: the store accepts them for the de-identified images, landmarks on the same voxels.
        for image in [out + "/nifti/brain.nii.gz", ctOut] {
            let volume = try VolumeLoader.load(path: image)
            let store = try AnnotationStore(volume: volume)
            #expect(FileManager.default.fileExists(atPath: store.sidecarPath), "no sidecar at \(store.sidecarPath)")
            let document = try store.load().document
            #expect(document.annotations.map(\.voxel) == [SIMD3(1, 2, 1)], "\(image)")
            #expect(document.annotations.map(\.annotator) == ["dr.a"])
        }
        // The label map went along: the same voxels on the de-identified image's grid, its record's hash its own.
        let niftiOut = try VolumeLoader.load(path: out + "/nifti/brain.nii.gz")
        let sidecar = try AnnotationStore(volume: niftiOut)
        let segmentation = try #require(try sidecar.load().document.segmentations.first)
        let mapPath = SidecarLocation.labelMapPath(forSidecar: sidecar.sidecarPath, annotator: "dr.a")
        let mapBytes = try #require(FileManager.default.contents(atPath: mapPath), "no label map at \(mapPath)")
        #expect(segmentation.sha256 == ContentHash.hex(of: [UInt8](mapBytes)))
        #expect(segmentation.file == (mapPath as NSString).lastPathComponent)
        let labels = try LabelMapReader.read(path: mapPath)
        try LabelMapGrid.check(labels, fits: niftiOut, mapFile: mapPath, imageName: "brain.nii.gz")
        #expect(labels.counts() == [3: 4])
        #expect((0..<4).allSatisfy { labels[SIMD3($0, 2, 1)] == 3 })

        // verify: the output is clean, the input is not.
        let clean = try Self.deid(["--verify", out])
        #expect(clean.status == 0, "\(clean.stdout)")
        let dirty = try Self.deid(["--verify", made.input])
        #expect(dirty.status == 1)
        #expect(dirty.stdout.contains("(0010,0010) Patient's Name: is not a pseudonym"), "\(dirty.stdout)")
        #expect(dirty.stdout.contains("a private element"))
        #expect(dirty.stdout.contains("descrip: holds text"))
        #expect(dirty.stdout.contains("extension"))
        #expect(dirty.stdout.contains("item 1 >"), "findings name nested elements")

        // The map: owner-only.
        var info = stat()
        stat(map, &info)
        #expect(info.st_mode & 0o777 == 0o600)

        // A second run with the same map: byte-identical output, no new rows; the input untouched.
        let before = Self.tree(out), mapBefore = try String(contentsOfFile: map, encoding: .utf8)
        let inputBefore = Self.tree(made.input)
        try FileManager.default.removeItem(atPath: out + "/" + before.keys.sorted().first!)
        let again = try Self.deid(["--out", out, "--map", map, made.input])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(Self.tree(out) == before)
        #expect(try String(contentsOfFile: map, encoding: .utf8) == mapBefore)
        #expect(Self.tree(made.input) == inputBefore)
    }

    @Test func twoShardsEqualOneRun() throws {
        let made = try Self.make()
        defer { made.cleanUp() }
        let f = made.folder
        let one = try Self.deid(["--out", f + "/one", "--map", f + "/map.csv", "--shift-dates", made.input])
        #expect(one.status == 0, "\(one.stderr)")
        // Each shard starts from a copy of the map (the secret) and appends its own rows.
        let header = try String(contentsOfFile: f + "/map.csv", encoding: .utf8).split(separator: "\n").prefix(2).joined(separator: "\n") + "\n"
        for n in 1...2 {
            try header.write(toFile: f + "/map\(n).csv", atomically: true, encoding: .utf8)
            let shard = try Self.deid(["--out", f + "/shards", "--map", f + "/map\(n).csv", "--shift-dates", "--shard", "\(n)/2", made.input])
            #expect(shard.status == 0, "\(shard.stdout + shard.stderr)")
        }
        #expect(Self.tree(f + "/shards") == Self.tree(f + "/one"))
        let merged = try Self.rows(f + "/map1.csv").union(try Self.rows(f + "/map2.csv"))
        #expect(merged == (try Self.rows(f + "/map.csv")))

        // Shifted dates: the offset in the map, intervals kept, (0028,0303) MODIFIED.
        let rows = try Self.rows(f + "/map.csv")
        let offset = try #require(rows.first { $0.hasPrefix("date-offset,PHIID48213,") }.flatMap { Int($0.split(separator: ",")[2]) })
        let sample = try #require(Self.tree(f + "/one").keys.first { $0.hasSuffix(".dcm") })
        let dates = try runProcess(Fixtures.path("venv/bin/python"), ["-c",
            "import pydicom,sys; d=pydicom.dcmread(sys.argv[1]); print(d.StudyDate, d.get('PatientBirthDate',''), d.LongitudinalTemporalInformationModified, d.StudyTime)",
            f + "/one/" + sample]).stdout.split(separator: " ").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        var expected = DateComponents(calendar: Calendar(identifier: .gregorian), timeZone: TimeZone(identifier: "UTC"), year: 2019, month: 3, day: 14).date!
        expected = expected.addingTimeInterval(Double(offset) * 86400)
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        #expect(dates.first == formatter.string(from: expected), "\(dates)")
        #expect(dates.contains("MODIFIED"))
        // Shifted dates are dates kept on purpose: --verify does not call them identifying.
        let verify = try Self.deid(["--verify", f + "/one"])
        #expect(verify.status == 0, "\(verify.stdout)")
        #expect(dates.contains("101500"), "times of day are kept")
    }

    @Test func refusesAMapInsideTheOutputAndSkipsUnreadableFiles() throws {
        let made = try Self.make()
        defer { made.cleanUp() }
        let f = made.folder
        let refused = try Self.deid(["--out", f + "/out", "--map", f + "/out/map.csv", made.input])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("must not be inside the output folder"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: f + "/out"))

        try Data("not an image at all".utf8).write(to: URL(fileURLWithPath: made.input + "/other/junk.dcm"))
        let run = try Self.deid(["--out", f + "/out", "--map", f + "/map.csv", made.input])
        #expect(run.status == 1)
        #expect(run.stdout.contains("skipped \(made.input)/other/junk.dcm"), "\(run.stdout)")
        #expect(Self.tree(f + "/out").count >= 12, "the other files are still written")
    }
}
