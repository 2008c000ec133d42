import Foundation
import Testing
import TestSupport

/// `docs/cli.md` is what `slicemark help COMMAND` prints for every command, so the reference
/// cannot drift from the options. Run once with SLICEMARK_RECORD=1 to rewrite it.
@Suite struct CommandLineReferenceTests {
    static let environment = ["COLUMNS": "100", "PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]

    static func help(_ arguments: [String]) throws -> String {
        let result = try runProcess(Fixtures.executable, arguments, environment: environment)
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The subcommands the top-level help lists (nested ones too: `audit verify`).
    static func subcommands(of help: String) -> [String] {
        guard let start = help.range(of: "SUBCOMMANDS:\n") else { return [] }
        let section = help[start.upperBound...].components(separatedBy: "\n\n").first ?? ""
        return section.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("  "), !line.hasPrefix("   "), let word = line.split(separator: " ").first else { return nil }
            return String(word)
        }
    }

    static func reference() throws -> String {
        let top = try help(["--help"])
        var text = """
            # Command-line reference

            Generated from `slicemark help COMMAND` (`SLICEMARK_RECORD=1 swift test --filter CommandLineReferenceTests`
            rewrites it); [commands.md](commands.md) says what each command is for.

            ```
            \(top)
            ```

            """
        for command in subcommands(of: top) {
            let page = try help(["help", command])
            text += "\n## `slicemark \(command)`\n\n```\n\(page)\n```\n"
            for nested in subcommands(of: page) {
                text += "\n### `slicemark \(command) \(nested)`\n\n```\n\(try help(["help", command, nested]))\n```\n"
            }
        }
        return text
    }

    @Test func docsCLIIsWhatTheHelpPrints() throws {
        let path = Fixtures.repositoryRoot.appendingPathComponent("docs/cli.md")
        let made = try Self.reference()
        if ProcessInfo.processInfo.environment["SLICEMARK_RECORD"] == "1" { try made.write(to: path, atomically: true, encoding: .utf8) }
        let committed = try String(contentsOf: path, encoding: .utf8)
        #expect(committed == made, "docs/cli.md differs from slicemark's help: run the tests with SLICEMARK_RECORD=1")
        #expect(Self.subcommands(of: try Self.help(["--help"])).count >= 12)
    }
}
