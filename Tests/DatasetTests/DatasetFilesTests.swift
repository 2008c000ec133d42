import Foundation
import Testing
@testable import Dataset

@Suite struct DatasetFilesTests {
    private func folder(_ names: [String]) throws -> String {
        let root = NSTemporaryDirectory() + "dataset-files-" + UUID().uuidString
        for name in names {
            let path = root + "/" + name
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try Data(name.utf8).write(to: URL(fileURLWithPath: path))
        }
        return root
    }

    @Test func shardsAreDisjointAndTogetherHoldEveryFile() throws {
        let names = (0..<200).map { "p\($0 % 7)/s\($0 % 3)/im\($0).dcm" }
        let root = try folder(names)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let whole = try DatasetFiles.collect(paths: [root]).files.map(\.key)
        #expect(whole == names.sorted())
        var union: [String] = []
        for index in 1...4 {
            let part = try DatasetFiles.collect(paths: [root], shard: Shard(index: index, count: 4)).files.map(\.key)
            #expect(!part.isEmpty && part.count < 100)
            union += part
        }
        #expect(union.sorted() == whole)
        #expect(Set(union).count == union.count)
    }

    @Test func theSplitDependsOnTheKeyOnlyNotOnWhereTheFolderIs() throws {
        let names = (0..<50).map { "a/\($0).nii" }
        let one = try folder(names), two = try folder(names)
        defer { for f in [one, two] { try? FileManager.default.removeItem(atPath: f) } }
        let shard = try Shard(parsing: "2/3")
        #expect(try DatasetFiles.collect(paths: [one], shard: shard).files.map(\.key)
            == DatasetFiles.collect(paths: [two], shard: shard).files.map(\.key))
    }

    @Test func listsLinksAndHiddenFiles() throws {
        let root = try folder(["x/a.dcm", "x/b.dcm", ".hidden/c.dcm", "x/.d.dcm"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createSymbolicLink(atPath: root + "/x/link.dcm", withDestinationPath: root + "/x/a.dcm")
        let list = root + "/list.txt"
        try "# from the job array\n\n\(root)/x/b.dcm\n".write(toFile: list, atomically: true, encoding: .utf8)
        let found = try DatasetFiles.collect(paths: [root + "/x"], filesFrom: list)
        // b.dcm is both in the folder and on the list: once.
        #expect(found.files.map(\.key) == ["a.dcm", "b.dcm"])
        #expect(found.skippedLinks == [root + "/x/link.dcm"])
    }

    @Test(arguments: ["0/4", "5/4", "1/0", "x/2", "1/2/3", "", "2"])
    func refusesAShardThatIsNotIOfN(_ text: String) {
        #expect(throws: DatasetInputError.badShard(text)) { try Shard(parsing: text) }
    }

    @Test func saysWhichPathIsMissing() {
        #expect(throws: DatasetInputError.missingPath("/no/such/folder")) {
            try DatasetFiles.collect(paths: ["/no/such/folder"])
        }
    }
}
