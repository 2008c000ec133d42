import Foundation
import Testing
import TestSupport
@testable import TUI

/// The files made from the units' declarations are current: `Keymaps/default.json` and the
/// tables of `docs/keys.md`. Run once with SLICEMARK_RECORD=1 to rewrite them.
@Suite struct GeneratedReferenceTests {
    static var recording: Bool { ProcessInfo.processInfo.environment["SLICEMARK_RECORD"] == "1" }

    @Test func defaultKeymapFileIsTheDeclaredKeys() throws {
        let path = Fixtures.repositoryRoot.appendingPathComponent("Keymaps/default.json")
        if Self.recording { try GeneratedReference.defaultKeymapJSON.write(to: path, atomically: true, encoding: .utf8) }
        let committed = try String(contentsOf: path, encoding: .utf8)
        #expect(committed == GeneratedReference.defaultKeymapJSON,
                "Keymaps/default.json differs from the units' declared keys: run the tests with SLICEMARK_RECORD=1")
    }

    @Test func docsKeyAndCommandTablesAreTheDeclarations() throws {
        let path = Fixtures.repositoryRoot.appendingPathComponent("docs/keys.md")
        var text = try String(contentsOf: path, encoding: .utf8)
        let keys = try #require(GeneratedReference.replacing(section: "keys", in: text, with: GeneratedReference.keysMarkdown),
                                "docs/keys.md has no <!-- generated: keys --> section")
        let both = try #require(GeneratedReference.replacing(section: "commands", in: keys, with: GeneratedReference.commandsMarkdown),
                                "docs/keys.md has no <!-- generated: commands --> section")
        if Self.recording { try both.write(to: path, atomically: true, encoding: .utf8); text = both }
        #expect(text == both, "docs/keys.md differs from the units' declarations: run the tests with SLICEMARK_RECORD=1")
    }

    @Test func everyDeclaredKeyParsesAndNoKeyIsBoundTwice() throws {
        var owner: [Key: Action] = [:]
        for spec in ViewerUnits.actionSpecs {
            for spelling in spec.defaultKeys {
                let key = try #require(Key(spelling: spelling), "\(spec.action): \(spelling) is not a key")
                #expect(owner[key] == nil, "\(spelling) is declared for both \(owner[key]?.rawValue ?? "") and \(spec.action)")
                owner[key] = spec.action
            }
        }
        let keymap = KeymapLoader.defaultKeymap
        for (key, action) in owner { #expect(keymap.action(for: key) == action) }
        #expect(keymap.bindings.count == owner.count)
    }

    @Test func everyActionHasOneOwnerAndEveryCommandNameOneCommand() {
        let actions = ViewerUnits.actionSpecs.map(\.action)
        #expect(Set(actions).count == actions.count)
        let names = ViewerUnits.commands.flatMap(\.names)
        #expect(Set(names).count == names.count, "a command name is declared twice")
        for action in actions { #expect(Action.named(action.rawValue) == action) }
        #expect(Action.named("slice.sideways") == nil)
    }

    @Test func helpListsEveryBoundActionAndEveryCommand() {
        let help = HelpText.lines(KeymapLoader.defaultKeymap).joined(separator: "\n")
        for spec in ViewerUnits.actionSpecs where !spec.defaultKeys.isEmpty { #expect(help.contains(spec.help), "\(spec.action)") }
        for command in ViewerUnits.commands { #expect(help.contains(":" + command.usage), "\(command.name)") }
        for name in ["name TEXT", "note TEXT", "region NAME"] { #expect(help.contains(":" + name)) }
    }

    @Test func listActionsNamesEveryAction() {
        let listed = ActionList.text(KeymapLoader.defaultKeymap).split(separator: "\n")
        #expect(listed.count == ViewerUnits.actionSpecs.count)
        #expect(listed.contains { $0.hasPrefix("annotate.rectangle") && $0.contains(" r ") })
    }
}
