import Foundation
import Testing
import TestSupport
import VolumeKit
@testable import Annotations

@Suite struct StoreTests {
    /// A session that has made one of every kind of change.
    func busySession(_ store: AnnotationStore, volume: Volume, annotator: String = "dr.a") throws -> AnnotationSession {
        let qa = LabelSet(name: "qa", labels: [.init(name: "pass", color: "#2E9E44"), .init(name: "fail", color: "#D1342F")])
        var session = AnnotationSession(document: try store.load().document, annotator: annotator, labelSet: qa)
        _ = session.placeLandmark(at: [1, 2, 3], plane: .axial, volume: volume)
        _ = session.click(.rectangle, at: [0, 0, 1], plane: .axial, volume: volume)
        _ = session.click(.rectangle, at: [3, 2, 1], plane: .axial, volume: volume)
        _ = session.click(.ellipse, at: [1, 0, 0], plane: .coronal, volume: volume)
        _ = session.click(.ellipse, at: [5, 0, 3], plane: .coronal, volume: volume)
        for v: SIMD3<Int> in [[0, 0, 2], [4, 0, 2], [4, 5, 2], [0, 5, 2]] {
            _ = session.click(.polygon, at: v, plane: .axial, volume: volume)
        }
        _ = session.closePolygon(volume: volume)
        _ = session.click(.distance, at: [0, 0, 0], plane: .sagittal, volume: volume)
        _ = session.click(.distance, at: [7, 5, 3], plane: .sagittal, volume: volume)
        _ = session.toggleLabel(number: 1, at: [0, 0, 0])
        _ = session.setNote("contrast phase unclear")
        _ = session.review(.reject, of: session.document.annotations[0].id, comment: "wrong level", tags: ["position"])
        _ = session.review(.accept, of: session.document.annotations[1].id, comment: "margins fine")
        _ = session.click(.angle, at: [0, 0, 1], plane: .axial, volume: volume)
        _ = session.click(.angle, at: [2, 0, 1], plane: .axial, volume: volume)
        _ = session.click(.angle, at: [2, 3, 1], plane: .axial, volume: volume)
        for v: SIMD3<Int> in [[0, 0, 0], [5, 0, 3], [0, 0, 2], [5, 0, 1]] {
            _ = session.click(.cobb, at: v, plane: .coronal, volume: volume)
        }
        session.labelSet = LabelSet(name: "artefacts", scope: .image, choice: .multiple,
                                    labels: [.init(name: "motion", color: "#E8A317")])
        _ = session.toggleLabel(number: 1, at: [0, 0, 2])
        _ = session.placeLandmark(at: [2, 2, 2], plane: .axial, volume: volume)
        _ = session.deleteSelected()
        return session
    }

    @Test func savedSidecarReadsBackAndValidatesAgainstTheSchema() throws {
        let (folder, volume) = try Fake.imageFolder()
        defer { folder.cleanUp() }
        let store = try AnnotationStore(volume: volume)
        #expect(store.sidecarPath == folder.file("ct.nii.annotations.json"))
        #expect(store.isWritable)
        var session = try busySession(store, volume: volume)
        let saved = try store.save(session.document, audit: session.takeAuditEvents())
        session.adopt(saved.document)
        #expect(saved.document == session.document)
        let loaded = try store.load()
        #expect(loaded.document == session.document)
        #expect(loaded.stamp == saved.stamp)
        #expect(loaded.document.annotations.map(\.kind) == [.landmark, .rectangle, .ellipse, .polygon, .distance, .angle, .cobb])
        #expect(loaded.document.reviews.map(\.decision) == [.reject, .accept])
        #expect(loaded.document.deleted.count == 1)
        #expect(loaded.document.image.files == [.init(name: "ct.nii", sha256: ContentHash.hex(of: Array("not really a NIfTI file, only its bytes matter".utf8)))])
        #expect(try SchemaCheck.problems([store.sidecarPath]) == "")

        let text = try String(contentsOfFile: store.sidecarPath, encoding: .utf8)
        #expect(text.contains("\n  \"schema\" : \"slicemark/2\",\n"))
        #expect(text.hasSuffix("}\n"))
        let audit = AuditLog.read(path: store.auditPath)
        #expect(audit.count == 14)
        #expect(audit.last?.action == .delete)
        #expect(audit.allSatisfy { $0.annotator == "dr.a" })
    }

    @Test func dicomIdentityValidatesToo() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        var volume = Fake.niftiVolume(file: folder.file("a/1.dcm"))
        volume.metadata = VolumeMetadata(format: .dicom, sourceFiles: [folder.file("s/a/1.dcm"), folder.file("s/b/2.dcm")],
                                         datatypeName: "int16",
                                         identity: ImageIdentity(studyInstanceUID: "1.2.3", seriesInstanceUID: "1.2.3.4",
                                                                 sopInstanceUIDs: ["1.2.3.4.1", "1.2.3.4.2"]))
        for (sub, name) in [("s/a", "1.dcm"), ("s/b", "2.dcm")] {
            try FileManager.default.createDirectory(atPath: folder.file(sub), withIntermediateDirectories: true)
            try folder.write(sub + "/" + name, Array("stand-in for \(name)".utf8))
        }
        let store = try AnnotationStore(volume: volume)
        #expect(store.sidecarPath == folder.file("s/1.2.3.4.annotations.json"))
        #expect(store.auditPath == folder.file("s/1.2.3.4.annotations.audit.jsonl"))
        var session = try busySession(store, volume: volume)
        _ = try store.save(session.document, audit: session.takeAuditEvents())
        #expect(try SchemaCheck.problems([store.sidecarPath]) == "")

        // The same series with one instance fewer is another image.
        volume.metadata.identity.sopInstanceUIDs.removeLast()
        #expect(throws: AnnotationError.self) { try AnnotationStore(volume: volume).load() }
    }

    @Test func schemaRejectsWhatDoesNotBelong() throws {
        let (folder, volume) = try Fake.imageFolder()
        defer { folder.cleanUp() }
        let store = try AnnotationStore(volume: volume)
        var session = try busySession(store, volume: volume)
        _ = try store.save(session.document, audit: session.takeAuditEvents())
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: store.sidecarPath))) as! [String: Any]
        var image = json["image"] as! [String: Any]
        image["patientName"] = "DOE^JANE"
        json["image"] = image
        let bad = try folder.write("bad.json", Array(JSONSerialization.data(withJSONObject: json)))
        let problems = try SchemaCheck.problems([bad])
        #expect(problems.contains("patientName"))
    }

    @Test func demoVolumeHasNoSidecar() {
        #expect(throws: AnnotationError.noImageFile) { try AnnotationStore(volume: DemoPhantomStub.volume) }
    }

    @Test func analyzePairIsNamedAfterItsHeaderAndHashesBothFiles() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let hdr = try folder.write("brain.hdr", [1, 2, 3]), img = try folder.write("brain.img", [4, 5])
        var volume = Fake.niftiVolume(file: hdr)
        volume.metadata = VolumeMetadata(format: .analyze, sourceFiles: [hdr, img], datatypeName: "int16")
        let store = try AnnotationStore(volume: volume)
        #expect(store.sidecarPath == hdr + ".annotations.json")
        #expect(store.image.files.map(\.name) == ["brain.hdr", "brain.img"])
        #expect(store.image.files[1].sha256 == ContentHash.hex(of: [4, 5]))
    }

    @Test func sidecarOfAnotherImageIsRefusedAndKept() throws {
        let (folder, volume) = try Fake.imageFolder()
        defer { folder.cleanUp() }
        let store = try AnnotationStore(volume: volume)
        var session = try busySession(store, volume: volume)
        _ = try store.save(session.document, audit: session.takeAuditEvents())
        let before = try Data(contentsOf: URL(fileURLWithPath: store.sidecarPath))

        try folder.write("ct.nii", Array("a different image under the same name".utf8))
        let other = try AnnotationStore(volume: volume)
        let error = thrownError { _ = try other.load() }
        #expect(error.map { if case .identityMismatch = $0 { true } else { false } } == true)
        #expect(error?.description.contains("ct.nii.annotations.json") == true)
        #expect(error?.description.contains("different image") == true)
        #expect(throws: AnnotationError.self) { try other.save(other.emptyDocument()) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: store.sidecarPath)) == before)
    }

    @Test(arguments: [
        ("{\"schema\": \"slicemark/1\", \"image\": ", "not JSON"),
        ("{\"schema\": \"slicemark/1\", \"image\": {\"format\": \"nifti\", \"sopInstanceUIDs\": [], \"files\": []}}", "\"geometry\" is missing"),
        ("{\"annotations\": []}", "\"schema\" is missing"),
        ("{\"schema\": \"slicemark/3\"}", "slicemark/3"),
        ("{\"schema\": \"slicemark/2\", \"image\": {\"format\": \"nifti\", \"sopInstanceUIDs\": [], \"files\": []}}", "\"geometry\" is missing"),
        ("\u{0}\u{1}binary", "not JSON"),
    ])
    func invalidSidecarIsNeverOverwritten(content: String, expected: String) throws {
        let (folder, volume) = try Fake.imageFolder()
        defer { folder.cleanUp() }
        let store = try AnnotationStore(volume: volume)
        try folder.write("ct.nii.annotations.json", Array(content.utf8))
        let error = try #require(thrownError { _ = try store.load() })
        #expect(error.description.contains(expected), "\(error)")
        #expect(error.description.contains(store.sidecarPath))
        #expect(error.description.contains("kept as it is"))
        var session = AnnotationSession(document: store.emptyDocument(), annotator: "a")
        _ = session.placeLandmark(at: [1, 1, 1], plane: .axial, volume: volume)
        #expect(throws: AnnotationError.self) { try store.save(session.document) }
        #expect(try String(contentsOfFile: store.sidecarPath, encoding: .utf8) == content)
    }

    @Test func readOnlyFolderIsFoundAtOnce() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        // Root ignores permission bits, so as root use a folder of a file system that refuses files.
        let readOnly = getuid() == 0 ? "/sys" : folder.file("locked")
        if getuid() != 0 {
            try FileManager.default.createDirectory(atPath: readOnly, withIntermediateDirectories: true)
            chmod(readOnly, 0o555)
        }
        let volume = Fake.niftiVolume(file: "/nonexistent/ct.nii")
        let store = AnnotationStore(sidecarPath: readOnly + "/ct.nii.annotations.json",
                                    image: SidecarImage(format: .nifti, files: [.init(name: "ct.nii", sha256: String(repeating: "c", count: 64))]),
                                    geometry: SidecarGeometry(volume: volume))
        #expect(!store.isWritable)
        #expect(store.readOnlyReason?.contains(readOnly) == true)
        #expect(try store.load().document.annotations.isEmpty)
        // Nothing to write is no error; a change is.
        #expect(thrownError { _ = try store.save(store.emptyDocument()) } == nil)
        var session = AnnotationSession(document: store.emptyDocument(), annotator: "a")
        _ = session.placeLandmark(at: [1, 1, 1], plane: .axial, volume: volume)
        let error = thrownError { _ = try store.save(session.document, audit: session.takeAuditEvents()) }
        #expect(error?.description.contains("cannot be saved") == true)
    }

    @Test func anotherSessionsSaveIsNoticedAndMerged() throws {
        let (folder, volume) = try Fake.imageFolder()
        defer { folder.cleanUp() }
        let storeA = try AnnotationStore(volume: volume), storeB = try AnnotationStore(volume: volume)
        var a = AnnotationSession(document: try storeA.load().document, annotator: "a")
        var b = AnnotationSession(document: try storeB.load().document, annotator: "b")
        a.now = Fake.time(1)
        _ = a.placeLandmark(at: [1, 1, 1], plane: .axial, volume: volume)
        let savedA = try storeA.save(a.document, audit: a.takeAuditEvents())
        a.adopt(savedA.document)
        b.now = Fake.time(2)
        _ = b.placeLandmark(at: [2, 2, 2], plane: .axial, volume: volume)
        var savedB = try storeB.save(b.document, audit: b.takeAuditEvents())
        b.adopt(savedB.document)
        #expect(b.document.annotations.map(\.annotator) == ["a", "b"])

        #expect(storeA.hasChanged(since: savedA.stamp))
        #expect(!storeB.hasChanged(since: savedB.stamp))
        a.adopt(try storeA.reload(merging: a.document).document)
        #expect(a.document.annotations.count == 2)

        // b deletes a's landmark; a, still holding it, saves something else: it stays deleted.
        b.select(b.document.annotations[0].id)
        _ = b.deleteSelected()
        savedB = try storeB.save(b.document, audit: b.takeAuditEvents())
        a.now = Fake.time(3)
        _ = a.placeLandmark(at: [3, 3, 3], plane: .axial, volume: volume)
        let merged = try storeA.save(a.document, audit: a.takeAuditEvents()).document
        #expect(merged.annotations.map(\.voxel) == [[2, 2, 2], [3, 3, 3]])
        #expect(AuditLog.read(path: storeA.auditPath).map(\.annotator) == ["a", "b", "b", "a"])
    }

    @Test func leftoverTemporaryFilesAreRemoved() throws {
        let (folder, volume) = try Fake.imageFolder()
        defer { folder.cleanUp() }
        let leftover = try folder.write(".ct.nii.annotations.json.tmp-99999-1", Array("{\"half".utf8))
        let store = try AnnotationStore(volume: volume)
        var session = AnnotationSession(document: store.emptyDocument(), annotator: "a")
        _ = session.placeLandmark(at: [1, 1, 1], plane: .axial, volume: volume)
        _ = try store.save(session.document, audit: session.takeAuditEvents())
        #expect(!FileManager.default.fileExists(atPath: leftover))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
                == ["ct.nii", "ct.nii.annotations.audit.jsonl", "ct.nii.annotations.json"])
    }
}

/// The error `body` throws (nil when it throws nothing or something other than an `AnnotationError`).
func thrownError(_ body: () throws -> Void) -> AnnotationError? {
    do {
        try body()
        return nil
    } catch {
        return error as? AnnotationError
    }
}

/// The demo volume's metadata, without generating its voxels.
enum DemoPhantomStub {
    static var volume: Volume {
        var v = Fake.niftiVolume(file: "")
        v.metadata = VolumeMetadata(format: .demo, sourceFiles: [], datatypeName: "int16")
        return v
    }
}

@Suite struct RelativePathTests {
    /// A volume opened by a relative path (`slicemark ct.nii`) still saves beside the image.
    @Test func relativeImagePathSavesBesideTheImage() throws {
        let (folder, _) = try Fake.imageFolder()
        defer { folder.cleanUp() }
        let result = try runProcess(BuiltProducts.path("sidecar-stress"), ["ct.nii", "a", "2"], currentDirectory: folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.file("ct.nii.annotations.json")))
        #expect(SidecarLocation.absolute("ct.nii").hasPrefix("/"))
    }
}

@Suite struct SchemaExampleTests {
    /// The example documented in the README (`schemas/sidecar.example.json`) is valid for both
    /// the schema and slicemark's own reader.
    @Test func documentedExampleIsValid() throws {
        let path = Fixtures.repositoryRoot.appendingPathComponent("schemas/sidecar.example.json").path
        #expect(try SchemaCheck.problems([path]) == "")
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        let document = try SidecarCoding.decode(bytes, path: path)
        #expect(document.annotations.map(\.kind) == [.landmark, .rectangle, .angle, .cobb, .rectangle])
        #expect(document.reviews.map(\.decision) == [.accept])
        #expect(document.reviewState(of: document.annotations[1].id).isDecided)
        #expect(document.annotations[4].source.isModel && document.annotations[4].status == .proposed)
        #expect(document.segmentations.first?.segments.map(\.name) == ["liver", "spleen"])
        #expect(document.labels.map(\.name) == ["pass"])
        #expect(document.deleted.count == 1)
        // The measurements stored in the example are what slicemark computes from its points.
        for a in document.annotations where a.kind == .angle || a.kind == .cobb {
            let computed = try #require(AngleMeasurement.degrees(kind: a.kind, points: a.points.map(\.lps)))
            #expect(abs(computed - (a.angleDegrees ?? -1)) < 0.05, "\(a.label)")
        }
    }
}

@Suite struct SidecarContentCheckTests {
    /// Valid JSON that slicemark still cannot use: refused, kept, never a crash. (The first case
    /// empties the landmark's points and parks the old ones under a key the reader ignores.)
    @Test(arguments: [
        ("\"points\" : [", "\"points\" : [], \"unused\" : [", "a landmark has 1 points, this one has 0"),
        ("\"voxel\" : [1, 2, 3]", "\"voxel\" : [1, 2, 99]", "outside the image"),
        ("\"revision\" : 1", "\"revision\" : 9223372036854775807", "revision 9223372036854775807 is outside"),
    ])
    func unusableContentIsRefused(find: String, replace: String, expected: String) throws {
        let (folder, volume) = try Fake.imageFolder()
        defer { folder.cleanUp() }
        let store = try AnnotationStore(volume: volume)
        var session = AnnotationSession(document: store.emptyDocument(), annotator: "a")
        _ = session.placeLandmark(at: [1, 2, 3], plane: .axial, volume: volume)
        _ = try store.save(session.document)
        var text = try String(contentsOfFile: store.sidecarPath, encoding: .utf8)
        let range = try #require(text.range(of: find))
        text.replaceSubrange(range, with: replace)
        try folder.write("ct.nii.annotations.json", Array(text.utf8))
        let error = thrownError { _ = try store.load() }
        #expect(error?.description.contains(expected) == true, "\(String(describing: error))")
        #expect(try String(contentsOfFile: store.sidecarPath, encoding: .utf8) == text)
    }
}

@Suite struct SaveShortcutTests {
    /// With the previous snapshot, an unchanged file is not read again; a changed one is.
    @Test func previousSnapshotIsUsedOnlyWhileTheFileIsUnchanged() throws {
        let (folder, volume) = try Fake.imageFolder()
        defer { folder.cleanUp() }
        let store = try AnnotationStore(volume: volume), other = try AnnotationStore(volume: volume)
        var a = AnnotationSession(document: store.emptyDocument(), annotator: "a")
        _ = a.placeLandmark(at: [1, 1, 1], plane: .axial, volume: volume)
        var last = try store.save(a.document, after: try store.load())

        // Another session writes: the stamp no longer matches, so its work is read and merged.
        var b = AnnotationSession(document: try other.load().document, annotator: "b")
        _ = b.placeLandmark(at: [2, 2, 2], plane: .axial, volume: volume)
        _ = try other.save(b.document)
        _ = a.placeLandmark(at: [3, 3, 3], plane: .axial, volume: volume)
        last = try store.save(a.document, after: last)
        // (Two landmarks made within one millisecond have no defined order: compare as a multiset.)
        #expect(last.document.annotations.map(\.annotator).sorted() == ["a", "a", "b"])

        // A corrupted file is noticed even with a snapshot in hand.
        try folder.write("ct.nii.annotations.json", Array("{".utf8))
        _ = a.placeLandmark(at: [4, 4, 0], plane: .axial, volume: volume)
        #expect(thrownError { _ = try store.save(a.document, after: last) } != nil)
        #expect(try String(contentsOfFile: store.sidecarPath, encoding: .utf8) == "{")
    }
}

extension ReviewState {
    var isDecided: Bool {
        if case .decided = self { return true }
        return false
    }
}
