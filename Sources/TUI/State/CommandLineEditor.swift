import Foundation
import VolumeKit

/// The `:` line being typed: its text, and where Up/Down are in the history.
public struct CommandLineState: Sendable, Equatable {
    public var text = ""
    /// Index into `ViewerState.commandHistory` while recalling, nil while typing.
    public var recalling: Int?

    public init(text: String = "") { self.text = text }
}

/// The `:` command line: typing (Tab completes a command name, Up/Down recall earlier lines),
/// then running what was typed through the command the units declare (`ViewerUnits.commands`).
/// (Not named `CommandLine`, which would shadow `Swift.CommandLine`.)
enum CommandLineEditor {
    static func edit(_ state: inout ViewerState, _ key: Key) -> [Effect] {
        guard var line = state.commandLine else { return [] }
        switch key {
        case .named(.escape), .control("c"), .control("g"):
            state.commandLine = nil
            return []
        case .named(.enter):
            state.commandLine = nil
            let text = line.text.trimmingCharacters(in: .whitespaces)
            if !text.isEmpty, state.commandHistory.last != text { state.commandHistory.append(text) }
            return run(&state, text)
        case .named(.backspace), .control("h"):
            if line.text.isEmpty { state.commandLine = nil; return [] }
            line.text.removeLast()
        case .control("u"):
            line.text = ""
        case .named(.tab):
            complete(&state, &line)
        case .named(.up), .named(.down):
            let history = state.commandHistory
            guard !history.isEmpty else { return [] }
            let step = key == .named(.up) ? -1 : 1
            let index = (line.recalling ?? history.count) + step
            if index >= history.count {
                line = CommandLineState()
            } else {
                line.recalling = max(0, index)
                line.text = history[max(0, index)]
            }
        case .character(let c):
            line.text.append(c)
            line.recalling = nil
        default:
            return []
        }
        state.commandLine = line
        return []
    }

    /// Completes the command name typed so far; several candidates are listed on the status row.
    static func complete(_ state: inout ViewerState, _ line: inout CommandLineState) {
        guard !line.text.contains(" ") else { return }
        let candidates = ViewerUnits.completions(of: line.text)
        guard let first = candidates.first else {
            state.message = .init(text: "no command starts with \"\(line.text)\"", isError: false)
            return
        }
        var common = first
        for candidate in candidates.dropFirst() {
            while !candidate.hasPrefix(common) { common.removeLast() }
        }
        line.text = candidates.count == 1 ? first + " " : common
        if candidates.count > 1 { state.message = .init(text: candidates.joined(separator: " · "), isError: false) }
    }

    static func run(_ state: inout ViewerState, _ text: String) -> [Effect] {
        guard let name = text.split(separator: " ").first.map(String.init) else { return [] }
        guard let command = ViewerUnits.command(named: name) else {
            return fail(&state, "unknown command :\(name) — " + summary)
        }
        return command.run(&state, CommandArguments(line: text))
    }

    /// Every command's usage, for help and the unknown-command message.
    static var summary: String { ViewerUnits.commands.map(\.usage).joined(separator: " · ") }

    static func fail(_ state: inout ViewerState, _ text: String) -> [Effect] {
        state.message = .init(text: text, isError: true)
        return []
    }

    /// The volume on screen, or nil with the reason on the status row.
    static func image(_ state: inout ViewerState) -> Volume? {
        if state.volume == nil { state.message = .init(text: "no image is open yet", isError: true) }
        return state.volume
    }
}
