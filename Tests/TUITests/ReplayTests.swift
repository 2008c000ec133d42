import Annotations
import Foundation
import Testing
import TestSupport
import VolumeKit
@testable import TUI

/// The reducer is pure: a real session (a real file, real loading and saving threads, the
/// clock) recorded as its message log replays, message by message, to the same state and to a
/// byte-identical sidecar.
@Suite struct ReplayTests {
    static func keys(_ text: String) -> MemoryTerminal.Step {
        .events(text.map { c in c == "\n" ? .key(.named(.enter)) : .key(.character(c)) })
    }

    @Test func aRecordedSessionReplaysToTheSameStateAndSidecarBytes() throws {
        let folder = NSTemporaryDirectory() + "slicemark-replay-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let image = folder + "/anatomical.nii"
        try FileManager.default.copyItem(atPath: Fixtures.path("nibabel/anatomical.nii"), toPath: image)

        let terminal = MemoryTerminal(columns: 100, rows: 30, script: [
            .waitFor("voxel [", timeout: 60), .waitFor("annotator replay", timeout: 5),
            Self.keys("llm"), Self.keys("rjjlllr"), Self.keys("1"), Self.keys("zllzjjz"),
            Self.keys(":name apex\n"), Self.keys("dKKd"), Self.keys("u"), Self.keys("ZlZjjZlZ"),
            .events([.key(.character("2"))]),
            Self.keys(":note checked twice\n"),
        ])
        var options = ViewerOptions(colorMode: .truecolor, annotator: "replay")
        options.paths = [image]
        var initial = ViewerState(keymap: KeymapLoader.defaultKeymap, options: options, images: [])
        initial.idSeed = 0x5EED
        let app = ViewerApp(state: initial, backend: terminal)
        app.startRecording()
        #expect(app.run(watchSignals: false) == .quit)
        let recorded = try #require(app.recording)
        let sidecar = try Data(contentsOf: URL(fileURLWithPath: image + ".annotations.json"))
        let live = try #require(app.state.annotation?.session.document)
        #expect(live.annotations.map(\.kind).sorted { $0.rawValue < $1.rawValue }
                == [.angle, .cobb, .landmark, .rectangle])
        #expect(recorded.contains { if case .saved = $0.0 { true } else { false } })

        var replayed = initial
        for (message, time) in recorded { _ = Reducer.reduce(&replayed, message, at: time) }
        let document = try #require(replayed.annotation?.session.document)
        #expect(document == live)
        #expect(replayed.cursor == app.state.cursor)
        #expect(replayed.message == app.state.message)

        // The replayed document written by a fresh store beside a copy of the image: the same bytes.
        let copyFolder = folder + "/copy"
        try FileManager.default.createDirectory(atPath: copyFolder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: image, toPath: copyFolder + "/anatomical.nii")
        let volume = try VolumeLoader.load(path: copyFolder + "/anatomical.nii")
        let store = try AnnotationStore(volume: volume)
        _ = try store.save(document)
        #expect(try Data(contentsOf: URL(fileURLWithPath: store.sidecarPath)) == sidecar)
    }
}
