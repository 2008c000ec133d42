import Foundation

/// One `:` command as a unit declares it: its names (the first is the one shown), a usage line
/// for help and errors, and what it does with the words after it.
public struct CommandSpec: Sendable {
    public typealias Run = @Sendable (_ state: inout ViewerState, _ arguments: CommandArguments) -> [Effect]

    public var names: [String]
    public var usage: String
    public var help: String
    public var run: Run

    public init(_ names: [String], usage: String, help: String, run: @escaping Run) {
        self.names = names
        self.usage = usage
        self.help = help
        self.run = run
    }

    public var name: String { names[0] }
}

/// What follows a command's name on the `:` line: the words, and the rest of the line as typed
/// (for free text such as `:note`).
public struct CommandArguments: Sendable {
    public var words: [String]
    public var text: String

    public init(line: String) {
        let trimmed = line.drop { $0 == " " }
        let afterName = trimmed.drop { $0 != " " }
        text = afterName.trimmingCharacters(in: .whitespaces)
        words = text.split(separator: " ").map(String.init)
    }

    public var first: String? { words.first }
    public var count: Int { words.count }
}
