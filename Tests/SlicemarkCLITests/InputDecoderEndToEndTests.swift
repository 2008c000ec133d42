import Foundation
import Testing
import TestSupport

/// Escape sequences in the built viewer under tmux with `TERM=xterm-256color`: each arrives
/// whole (sent as raw bytes, as a terminal sends them), acts as its key or is named as unknown,
/// and never sets a label; terminal replies are swallowed.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable))
struct InputDecoderEndToEndTests {
    static let environment = [
        "COLORTERM": "truecolor", "TERM": "xterm-256color", "LANG": "C.UTF-8",
        "XDG_CONFIG_HOME": "/nonexistent-slicemark-config", "SLICEMARK_ANNOTATOR": "e2e",
    ]

    static func lastRows(_ screen: String) -> String {
        screen.split(separator: "\n", omittingEmptySubsequences: false).suffix(4).joined(separator: "\n")
    }

    @Test func strayEscapeSequencesNeverBecomeCommands() throws {
        let dir = NSTemporaryDirectory() + "slicemark-keys-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let image = dir + "/anatomical.nii"
        try FileManager.default.copyItem(atPath: Fixtures.path("nibabel/anatomical.nii"), toPath: image)
        let tmux = try TmuxSession([Fixtures.executable, image], columns: 100, rows: 30, environment: Self.environment)
        defer { tmux.close() }
        let first = try #require(try tmux.waitFor { $0.contains("slice 13/25") && !$0.contains("reading annotations") })
        func statusLine(_ screen: String) -> String {
            screen.split(separator: "\n").first { $0.contains("slice ") }.map(String.init) ?? ""
        }
        let status = statusLine(first)

        let cases: [(String, [UInt8], String)] = [
            ("Alt-1", [0x1B, 0x31], "Alt-1 is not bound"),
            ("F13 (xterm)", Array("\u{1B}[1;2P".utf8), "F13 is not bound"),
            ("F13 (VT220)", Array("\u{1B}[25~".utf8), "F13 is not bound"),
            ("End (tmux)", Array("\u{1B}[4~".utf8), "End is not bound"),
            ("unknown", Array("\u{1B}[99~".utf8), "unknown key sequence ESC [ 99 ~"),
            ("Ctrl-Alt-Up", Array("\u{1B}[1;7A".utf8), "unknown key sequence ESC [ 1 ; 7 A"),
            ("Alt-x", [0x1B, 0x78], "Alt-x is not bound"),
        ]
        for (name, bytes, message) in cases {
            try tmux.sendBytes(bytes)
            let screen = try #require(try tmux.waitFor(timeout: 5) { $0.contains(message) }, "\(name): \(message)")
            #expect(statusLine(screen) == status, "\(name) changed the status line:\n\(Self.lastRows(screen))")
            // Clear the message so the next case's shows.
            try tmux.send("Home")
            _ = try tmux.waitFor(timeout: 5) { !$0.contains(message) }
        }
        // Home (tmux sends ESC [ 1 ~) centres the cursor: move away first.
        try tmux.send("l", "l")
        _ = try #require(try tmux.waitFor { !$0.contains("voxel [16, 20, 12]") })
        try tmux.sendBytes(Array("\u{1B}[1~".utf8))
        _ = try #require(try tmux.waitFor(timeout: 5) { $0.contains("voxel [16, 20, 12]") }, "Home centred the cursor")

        // Replies (cursor report, device attributes, OSC, kitty graphics) are not keys.
        try tmux.sendBytes(Array("\u{1B}[12;40R\u{1B}[?62;22c\u{1B}]11;rgb:0000/0000/0000\u{07}\u{1B}_Gi=1;OK\u{1B}\\".utf8))
        try tmux.send("]")
        let after = try #require(try tmux.waitFor(timeout: 5) { $0.contains("slice 14/25") })
        #expect(!after.contains("is not bound"), "\(Self.lastRows(after))")
        #expect(!after.contains("unknown key"), "\(Self.lastRows(after))")

        // Esc alone is still Escape (closes the help).
        try tmux.send("?")
        _ = try #require(try tmux.waitFor(timeout: 5) { $0.contains("slice.next") || $0.contains("next slice") })
        let help = try tmux.capture()
        try tmux.send("Escape")
        _ = try #require(try tmux.waitFor(timeout: 5) { $0 != help && $0.contains("slice 14/25") }, "Escape closed the help")
        // Escape then a key within the escape delay would be Alt and the key.
        Thread.sleep(forTimeInterval: 0.15)

        try tmux.send("q")
        let end = try #require(try tmux.waitFor("SLICEMARK_EXIT="))
        #expect(end.contains("SLICEMARK_EXIT=0"))
        // No stray sequence became a label or a mark: nothing changed, so nothing was written.
        #expect(!FileManager.default.fileExists(atPath: image + ".annotations.json"),
                "\(String(decoding: FileManager.default.contents(atPath: image + ".annotations.json") ?? Data(), as: UTF8.self))")
    }

    @Test func mouseAndResizeStillWork() throws {
        let tmux = try TmuxSession([Fixtures.executable], columns: 80, rows: 24, environment: Self.environment)
        defer { tmux.close() }
        _ = try #require(try tmux.waitFor("slice 49/96"))
        // An SGR mouse wheel report (what tmux forwards for a wheel turn with mouse mode 1006).
        try tmux.sendBytes(Array("\u{1B}[<64;40;10M".utf8))
        let wheel = try #require(try tmux.waitFor(timeout: 5) { !$0.contains("slice 49/96") && $0.contains("slice ") })
        #expect(wheel.contains("slice 50/96") || wheel.contains("slice 48/96"), "\(Self.lastRows(wheel))")
        try tmux.resize(columns: 100, rows: 30)
        _ = try #require(try tmux.waitFor(timeout: 10) { $0.split(separator: "\n", omittingEmptySubsequences: false).count >= 30
            && $0.split(separator: "\n", omittingEmptySubsequences: false)[27].contains("demo phantom") }, "redrawn at the new size")
        try tmux.send("q")
        _ = try #require(try tmux.waitFor("SLICEMARK_EXIT=0"))
    }
}
