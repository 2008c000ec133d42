import Foundation
import Testing
import TestSupport
@testable import TUI

@Suite struct KeymapTests {
    @Test func defaultKeymapHasEveryKeyTheDesignRequires() {
        let keymap = KeymapLoader.defaultKeymap
        let required: [(String, Action)] = [
            ("q", .quit), ("?", .help), ("]", .nextSlice), ("[", .previousSlice), ("}", .nextSlices10),
            ("{", .previousSlices10), ("Left", .cursorLeft), ("Right", .cursorRight), ("Up", .cursorUp),
            ("Down", .cursorDown), ("h", .cursorLeft), ("j", .cursorDown), ("k", .cursorUp), ("l", .cursorRight),
            ("H", .cursorLeft10), ("J", .cursorDown10), ("K", .cursorUp10), ("L", .cursorRight10),
            ("a", .axial), ("c", .coronal), ("s", .sagittal), ("t", .threePlanes), ("w", .nextWindowPreset),
            ("W", .automaticWindow), ("m", .landmark), ("r", .rectangle), ("e", .ellipse), ("u", .undo),
            ("Ctrl-R", .redo), ("x", .deleteAnnotation), ("Tab", .selectNextAnnotation), ("n", .nextImage),
            ("p", .previousImage), (":", .commandLine),
        ] + (1...9).map { ("\($0)", Action.label($0)) }
        for (spelling, action) in required {
            let key = Key(spelling: spelling)
            #expect(key != nil, "\(spelling) does not parse")
            #expect(key.flatMap(keymap.action(for:)) == action, "\(spelling) should be \(action.rawValue)")
        }
    }

    @Test func embeddedKeymapsMatchTheFilesInKeymaps() throws {
        let folder = Fixtures.repositoryRoot.appendingPathComponent("Keymaps")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") && $0 != "default.json" }.sorted()
        let generated = BuiltinKeymapSource.swift(keymaps: try files.map { file in
            (String(file.dropLast(5)), try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8))
        })
        let target = Fixtures.repositoryRoot.appendingPathComponent("Sources/TUI/Keymap/BuiltinKeymaps.swift")
        if ProcessInfo.processInfo.environment["SLICEMARK_RECORD"] == "1" {
            try generated.write(to: target, atomically: true, encoding: .utf8)
        }
        let embedded = try String(contentsOf: target, encoding: .utf8)
        #expect(embedded == generated, "Keymaps/*.json changed: run the tests once with SLICEMARK_RECORD=1 and rebuild")
        for file in files {
            let name = String(file.dropLast(5))
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            #expect(KeymapLoader.builtin(named: name) == text.trimmingCharacters(in: .newlines))
            _ = try Keymap.parse(text, source: file)
        }
    }

    @Test func keySpellingsRoundTrip() {
        for spelling in ["q", "]", "H", "?", "Ctrl-R", "Up", "PageDown", "Tab", "Shift-Tab", "Shift-Left",
                         "Enter", "Esc", "Space", "F1", "F12", "Backspace", "Delete"] {
            #expect(Key(spelling: spelling)?.spelling == spelling)
        }
        #expect(Key(spelling: "ctrl-r") == .control("r"))
        #expect(Key(spelling: "Hyper-Q") == nil)
        #expect(Key(spelling: "") == nil)
        #expect(Key(spelling: "F99") == nil)
    }

    @Test func userFileOverridesAndUnbindsEntries() throws {
        let file = try Keymap.parse(#"{"bindings": {"Up": "slice.next", "x": null, "Z": "quit"}}"#, source: "mine.json")
        let keymap = KeymapLoader.defaultKeymap.overridden(by: file, source: "mine.json")
        #expect(keymap.action(for: .named(.up)) == .nextSlice)
        #expect(keymap.action(for: .character("x")) == nil)
        #expect(keymap.action(for: .character("Z")) == .quit)
        #expect(keymap.action(for: .character("q")) == .quit)
        #expect(keymap.keys(for: .quit).map(\.spelling) == ["q", "Z"])
        #expect(keymap.sources == ["default", "mine.json"])
    }

    @Test func unknownActionIsAClearErrorWithASuggestion() {
        #expect(throws: KeymapError.unknownAction(source: "k.json", key: "]", action: "slice.nxt", suggestion: "slice.next")) {
            try Keymap.parse(#"{"bindings": {"]": "slice.nxt"}}"#, source: "k.json")
        }
        let message = KeymapError.unknownAction(source: "k.json", key: "]", action: "slice.nxt", suggestion: "slice.next").description
        #expect(message.contains("k.json") && message.contains("slice.nxt") && message.contains("did you mean \"slice.next\""))
    }

    @Test(arguments: [
        ("{\"bindings\": {\"q\": \"quit\"", "not valid JSON"),
        ("[1, 2]", "top level must be an object"),
        ("{\"keys\": {}}", "no \"bindings\" object"),
        ("{\"bindings\": {\"q\": 3}}", "must be an action name or null"),
    ])
    func malformedKeymapsAreClearErrors(text: String, expected: String) {
        do {
            _ = try Keymap.parse(text, source: "broken.json")
            Issue.record("\(text) was accepted")
        } catch let error as KeymapError {
            #expect(error.description.contains("broken.json"))
            #expect(error.description.contains(expected), "\(error.description)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func unknownKeyNameIsAnError() {
        #expect(throws: KeymapError.unknownKey(source: "k.json", key: "Hyper-Q")) {
            try Keymap.parse(#"{"bindings": {"Hyper-Q": "quit"}}"#, source: "k.json")
        }
    }

    @Test func loaderLayersUserFileThenOption() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("slicemark-keymap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("slicemark"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try #"{"bindings": {"Z": "quit", "Y": "help"}}"#.write(to: folder.appendingPathComponent("slicemark/keymap.json"), atomically: true, encoding: .utf8)
        let option = folder.appendingPathComponent("option.json")
        try #"{"bindings": {"Y": "metadata"}}"#.write(to: option, atomically: true, encoding: .utf8)
        let keymap = try KeymapLoader.load(option: option.path, environment: ["XDG_CONFIG_HOME": folder.path])
        #expect(keymap.action(for: .character("Z")) == .quit)
        #expect(keymap.action(for: .character("Y")) == .metadata)
        let workstation = try KeymapLoader.load(option: "workstation", environment: [:])
        #expect(workstation.action(for: .named(.up)) == .nextSlice)
        #expect(workstation.action(for: .character("]")) == .nextSlice)
        #expect(throws: KeymapError.self) { try KeymapLoader.load(option: "/nonexistent/keys.json", environment: [:]) }
    }

    @Test func helpListsEveryBoundActionWithItsKeys() throws {
        for keymap in [KeymapLoader.defaultKeymap, try KeymapLoader.load(option: "workstation", environment: [:])] {
            let help = HelpText.lines(keymap).joined(separator: "\n")
            for action in Set(keymap.bindings.values) {
                #expect(help.contains(action.help), "help misses \(action.rawValue)")
                for key in keymap.keys(for: action) {
                    #expect(help.contains(key.spelling), "help misses key \(key.spelling)")
                }
            }
        }
    }
}
