import Foundation
import Testing
import TestSupport

/// Deciding a model's proposals in the built viewer in a real (tmux) terminal: three imported
/// landmark proposals; the person accepts the first, rejects the second and moves the third
/// (fix-accept). The sidecar then says so, with the reviews and the model kept as the source.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable))
struct ProposalEndToEndTests {
    static let environment = [
        "COLORTERM": "truecolor", "TERM": "xterm-256color", "LANG": "C.UTF-8",
        "XDG_CONFIG_HOME": "/nonexistent-slicemark-config", "SLICEMARK_ANNOTATOR": "dr.e2e",
    ]

    @Test func personAcceptsOneRejectsOneAndFixesOne() throws {
        let folder = NSTemporaryDirectory() + "slicemark-proposals-e2e-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let image = folder + "/anatomical.nii"
        try FileManager.default.copyItem(atPath: Fixtures.path("nibabel/anatomical.nii"), toPath: image)
        let csv = folder + "/model.csv"
        try "name,i,j,k,score\na,10,12,12,0.9\nb,16,20,12,0.6\nc,22,25,12,0.4\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let imported = try runProcess(Fixtures.executable, ["import", "--as", "finder@3", csv, image])
        #expect(imported.status == 0, "\(imported.stderr)")

        let tmux = try TmuxSession([Fixtures.executable, image], columns: 110, rows: 32, environment: Self.environment)
        _ = try #require(try tmux.waitFor(timeout: 30) { $0.contains("voxel [") && $0.contains("3 proposals") })
        try tmux.send("'")
        _ = try #require(try tmux.waitFor("proposal 1/3: landmark \"a\" by finder@3 (score 0.90)"))
        try tmux.send("C-k")
        _ = try #require(try tmux.waitFor("accepted landmark \"a\""))
        try tmux.send("'")
        _ = try #require(try tmux.waitFor("proposal 1/2: landmark \"b\""))
        try tmux.send("C-v")
        _ = try #require(try tmux.waitFor("rejected landmark \"b\""))
        try tmux.send("'")
        _ = try #require(try tmux.waitFor("proposal 1/1: landmark \"c\""))
        try tmux.send("M", "l")
        _ = try #require(try tmux.waitFor("fixed and accepted"))
        try tmux.send("Escape")
        _ = try #require(try tmux.waitFor("move mode ended"))
        try tmux.send("q")
        _ = try #require(try tmux.waitFor("SLICEMARK_EXIT=0"))

        let data = try #require(FileManager.default.contents(atPath: image + ".annotations.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let annotations = try #require(json["annotations"] as? [[String: Any]])
        let reviews = try #require(json["reviews"] as? [[String: Any]])
        func record(_ label: String) throws -> [String: Any] { try #require(annotations.first { $0["label"] as? String == label }) }
        let a = try record("a"), b = try record("b"), c = try record("c")
        #expect(a["status"] as? String == "accepted" && b["status"] as? String == "rejected" && c["status"] as? String == "accepted")
        for r in [a, b, c] {
            #expect(r["annotator"] as? String == "finder")
            let source = try #require(r["source"] as? [String: Any])
            #expect(source["type"] as? String == "model" && source["name"] as? String == "finder" && source["version"] as? String == "3")
        }
        #expect(a["modifiedBy"] as? String == "dr.e2e")
        let moved = try #require(c["voxel"] as? [Int])
        #expect(zip(moved, [22, 25, 12]).map { abs($0 - $1) }.reduce(0, +) == 1, "c is at \(moved)")
        func decision(_ r: [String: Any]) -> String? {
            reviews.last { $0["target"] as? String == r["id"] as? String }?["decision"] as? String
        }
        #expect(decision(a) == "accept" && decision(b) == "reject" && decision(c) == "fix-accept")
        #expect(reviews.allSatisfy { $0["reviewer"] as? String == "dr.e2e" })
        // Every review is of the version the sidecar holds.
        for r in [a, b, c] {
            let review = try #require(reviews.last { $0["target"] as? String == r["id"] as? String })
            #expect(review["targetModified"] as? String == r["modified"] as? String)
        }
    }
}
