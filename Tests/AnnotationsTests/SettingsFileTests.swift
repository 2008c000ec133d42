import Foundation
import Testing
import TestSupport
@testable import Annotations

/// The label sets and landmark templates shipped in the repository, and what happens with
/// broken ones.
@Suite struct SettingsFileTests {
    static func shipped(_ folder: String) -> [String] {
        let url = Fixtures.repositoryRoot.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().map { url.appendingPathComponent($0).path }
    }

    @Test func shippedFilesExist() {
        #expect(Self.shipped("LabelSets").contains { $0.hasSuffix("/qa.json") })
        #expect(!Self.shipped("LandmarkTemplates").isEmpty)
    }

    @Test(arguments: shipped("LabelSets"))
    func shippedLabelSetLoads(path: String) throws {
        let set = try LabelSet.load(path: path)
        #expect(!set.labels.isEmpty)
    }

    @Test func qaLabelSet() throws {
        let qa = try LabelSet.load(path: Fixtures.repositoryRoot.appendingPathComponent("LabelSets/qa.json").path)
        #expect(qa.labels.map(\.name) == ["pass", "fail", "unsure"])
        #expect(qa.choice == .single && qa.scope == .series)
        #expect(qa.labels[0].rgb == SIMD3(0x2E, 0x9E, 0x44))
    }

    @Test(arguments: shipped("LandmarkTemplates"))
    func shippedTemplateLoads(path: String) throws {
        let template = try LandmarkTemplate.load(path: path)
        #expect(template.problem == nil)
    }

    @Test(arguments: [
        ("{\"name\": \"x\", \"scope\": \"series\", \"choice\": \"single\", \"labels\": []}", "no labels"),
        ("{\"name\": \"x\", \"scope\": \"study\", \"choice\": \"single\", \"labels\": []}", "scope"),
        ("{\"name\": \"x\", \"scope\": \"image\", \"choice\": \"single\", \"labels\": [{\"name\": \"a\", \"color\": \"red\"}]}", "#RRGGBB"),
        ("{\"name\": \"x\", \"scope\": \"image\", \"choice\": \"single\", \"labels\": [{\"name\": \"a\", \"color\": \"#000000\"}, {\"name\": \"a\", \"color\": \"#000000\"}]}", "twice"),
        ("{\"name\": \"x\", \"scope\": \"image\", \"labels\": []}", "\"choice\" is missing"),
        ("[1, 2", "not JSON"),
    ])
    func brokenLabelSetSaysWhy(content: String, expected: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = try folder.write("labels.json", Array(content.utf8))
        let error = thrownError { _ = try LabelSet.load(path: path) }
        #expect(error?.description.contains(path) == true)
        #expect(error?.description.contains(expected) == true, "\(String(describing: error))")
    }

    @Test func brokenTemplateSaysWhere() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = try folder.write("t.json", Array("{\"name\": \"t\", \"landmarks\": [{\"name\": \"a\"}, {\"description\": \"b\"}]}".utf8))
        let error = thrownError { _ = try LandmarkTemplate.load(path: path) }
        #expect(error?.description.contains("landmarks[1]") == true, "\(String(describing: error))")
        #expect(thrownError { _ = try LandmarkTemplate.load(path: folder.file("missing.json")) } != nil)
    }
}

@Suite struct UnreadableFileTests {
    @Test func missingFilesAreNamedPlainly() {
        let error = thrownError { _ = try LabelSet.load(path: "/nonexistent/qa.json") }
        #expect(error?.description == "/nonexistent/qa.json: cannot be read (No such file or directory)")
        let hashing = thrownError { _ = try ContentHash.hex(ofFile: "/nonexistent/ct.nii") }
        #expect(hashing?.description == "/nonexistent/ct.nii: cannot be read (No such file or directory)")
    }

    /// A sidecar path that is a folder cannot be read: refused, and the folder is left alone.
    @Test func sidecarThatCannotBeReadIsKept() throws {
        let (folder, volume) = try Fake.imageFolder()
        defer { folder.cleanUp() }
        try FileManager.default.createDirectory(atPath: folder.file("ct.nii.annotations.json"), withIntermediateDirectories: false)
        let store = try AnnotationStore(volume: volume)
        let error = thrownError { _ = try store.load() }
        #expect(error == .notRegularFile(path: store.sidecarPath, kind: "a folder"), "\(String(describing: error))")
        var session = AnnotationSession(document: store.emptyDocument(), annotator: "a")
        _ = session.placeLandmark(at: [1, 1, 1], plane: .axial, volume: volume)
        #expect(thrownError { _ = try store.save(session.document) } != nil)
        var isFolder: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: store.sidecarPath, isDirectory: &isFolder) && isFolder.boolValue)
    }
}
