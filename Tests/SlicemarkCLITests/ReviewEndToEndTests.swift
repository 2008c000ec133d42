import Foundation
import Testing
import TestSupport

/// A blind double read and its review in the built viewer, in real (tmux) terminals on a copy
/// of a real NIfTI file: A and B place landmarks without seeing each other's; R, in review
/// mode, rejects A's with a reason and accepts B's while A's viewer is open on the same image
/// (A sees the decision arrive); `status --todo A` lists the rejected record; A's correction
/// puts it back in R's queue, which R's open viewer shows; `status --json` counts it all.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable))
struct ReviewEndToEndTests {
    typealias E2E = AnnotatingEndToEndTests

    func start(_ path: String, _ arguments: [String]) throws -> TmuxSession {
        try TmuxSession([Fixtures.executable, path] + arguments, columns: 140, rows: 36, environment: E2E.environment)
    }

    func quit(_ tmux: TmuxSession) throws {
        try tmux.send("q")
        _ = try #require(try tmux.waitFor("SLICEMARK_EXIT=0"))
        tmux.close()
    }

    /// Esc, then a wait for what it closed: a key sent right after it would read as Alt-key.
    func escape(_ tmux: TmuxSession, until closed: (String) -> Bool) throws {
        try tmux.send("Escape")
        _ = try #require(try tmux.waitFor(timeout: 5, waitingFor: "Esc to close the panel", closed))
    }

    func status(_ arguments: [String]) throws -> ProcessResult {
        try runProcess(Fixtures.executable, ["status"] + arguments)
    }

    func json(_ result: ProcessResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
    }

    @Test func blindReadsReviewedAndSentBack() throws {
        let (folder, path) = try E2E.copy(.init(fixture: "nibabel/anatomical.nii", isFolder: false))
        defer { try? FileManager.default.removeItem(atPath: folder) }

        // A reads blind and places a landmark at the centre.
        var a = try start(path, ["--annotator", "A", "--blind"])
        _ = try #require(try a.waitFor(timeout: 30) { $0.contains("annotator A") && $0.contains("voxel [") })
        try a.send("m")
        _ = try #require(try a.waitFor("placed landmark \"landmark 1\""))
        try quit(a)

        // B reads blind: A's landmark is nowhere, and B's own is B's first.
        let b = try start(path, ["--annotator", "B", "--blind"])
        let opened = try #require(try b.waitFor(timeout: 30) {
            $0.contains("annotator B") && $0.contains("voxel [") && !$0.contains("reading annotations")
        })
        #expect(!opened.contains(" mark"), "B sees no mark of A's:\n\(opened)")
        try b.send("l", "l", "l", "l", "m")
        _ = try #require(try b.waitFor("placed landmark \"landmark 1\""))
        try b.send("A")
        let list = try #require(try b.waitFor("1 annotation (Tab selects)"))
        #expect(list.contains("· B") && !list.contains("· A"))
        try escape(b) { !$0.contains("Tab selects") }
        try quit(b)

        // A opens the image again (blind) and stays while R reviews.
        a = try start(path, ["--annotator", "A", "--blind"])
        _ = try #require(try a.waitFor(timeout: 30) { $0.contains("annotator A") && $0.contains("1 mark") })
        let r = try start(path, ["--review", "--annotator", "R"])
        let legend = try #require(try r.waitFor(timeout: 30) { $0.contains("REVIEW 2 pending") })
        #expect(legend.contains("annotators") && legend.contains("A 1, 1 pending") && legend.contains("B 1, 1 pending"))
        try r.send("Tab")
        _ = try #require(try r.waitFor("selected landmark \"landmark 1\" (A) (1/2)"))
        try r.send(":")
        try r.send("reject not on the nasion", literal: true)
        try r.send("Enter")
        _ = try #require(try r.waitFor("rejected landmark \"landmark 1\" (A)"))
        // The walk moved on to B's: accept it with the key.
        try r.send("C-a")
        _ = try #require(try r.waitFor("accepted landmark \"landmark 1\" (B)"))
        _ = try #require(try r.waitFor("REVIEW 0 pending"))
        _ = try #require(try E2E.sidecar(in: folder) { ($0["reviews"] as? [Any])?.count == 2 })

        // A's open viewer hears of it within a couple of seconds, with the reason.
        let arrived = Date()
        _ = try #require(try a.waitFor(timeout: 5) { $0.contains("1 rejected") })
        #expect(Date().timeIntervalSince(arrived) < 3)
        try a.send("Tab")
        _ = try #require(try a.waitFor("rejected by R: not on the nasion"))

        // The worklist: A has the rejected record to do; JSON counts each state.
        let todo = try status(["--todo", "A", folder])
        #expect(todo.status == 0, "\(todo.stderr)")
        #expect(todo.stdout.contains("rejected — landmark \"landmark 1\" (A) · reject by R: not on the nasion"), "\(todo.stdout)")
        let counts = try json(try status(["--json", folder]))
        let images = try #require(counts["images"] as? [[String: Any]])
        #expect(images.count == 1)
        let people = try #require(images[0]["annotators"] as? [[String: Any]])
        #expect(people.map { $0["annotator"] as? String } == ["A", "B"])
        #expect(people[0]["rejected"] as? Int == 1 && people[1]["accepted"] as? Int == 1)

        // A corrects it: R's open viewer shows it pending again.
        try a.send("M", "j")
        _ = try #require(try a.waitFor("moved landmark"))
        try escape(a) { $0.contains("move mode ended") }
        _ = try #require(try a.waitFor("1 changed since review"))
        _ = try #require(try r.waitFor(timeout: 5) { $0.contains("REVIEW 1 pending") })
        let queue = try json(try status(["--json", "--todo", "R", folder]))
        let items = try #require((queue["todo"] as? [String: Any])?["items"] as? [[String: Any]])
        #expect(items.count == 1)
        #expect(items.first?["reason"] as? String == "changed_since_review" && items.first?["annotator"] as? String == "A")
        #expect((queue["todo"] as? [String: Any])?["roles"] as? [String] == ["reviewer"])
        #expect(try status(["--todo", "A", folder]).stdout.contains("A: nothing to do"))
        try quit(a)
        try quit(r)

        // Nothing lost: both landmarks, both reviews; A's move is the newest version.
        let sidecar = try #require(try E2E.sidecar(in: folder))
        #expect(E2E.annotations(sidecar).count == 2)
        #expect((sidecar["reviews"] as? [Any])?.count == 2)
        #expect(try E2E.schemaProblems(in: folder) == "")
    }

    @Test func viewTodoOpensOnlyTheImagesLeftToDo() throws {
        let folder = NSTemporaryDirectory() + "slicemark-todo-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in ["one.nii", "two.nii", "three.nii"] {
            try FileManager.default.copyItem(atPath: Fixtures.path("nibabel/anatomical.nii"), toPath: folder + "/" + name)
        }
        // A annotates two.nii; A's todo is then one.nii and three.nii, in that order.
        var a = try start(folder + "/two.nii", ["--annotator", "A"])
        _ = try #require(try a.waitFor(timeout: 30) { $0.contains("annotator A") && $0.contains("voxel [") })
        try a.send("m")
        _ = try #require(try a.waitFor("placed landmark"))
        try quit(a)
        let todo = try status(["--todo", "A", folder])
        #expect(todo.stdout.contains("one.nii: nothing yet") && todo.stdout.contains("three.nii: nothing yet"))
        #expect(!todo.stdout.contains("two.nii"))

        a = try start("--todo", ["A", "--annotator", "A", folder])
        let first = try #require(try a.waitFor(timeout: 30) { $0.contains("image 1/2") && $0.contains("voxel [") })
        #expect(first.contains("one.nii"))
        try escape(a) { !$0.contains("Enter opens") }
        try a.send("n")
        let second = try #require(try a.waitFor(timeout: 30) { $0.contains("image 2/2") && $0.contains("voxel [") })
        #expect(second.contains("three.nii"))
        try quit(a)
    }
}
