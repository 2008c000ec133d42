import Foundation

/// Keys bound to actions. Built from the default keymap file and then overridden, entry by entry,
/// by the user's files; every file goes through the same parser.
///
/// A keymap file is JSON:
///
///     { "name": "default",
///       "description": "…",
///       "bindings": { "q": "quit", "]": "slice.next", "Ctrl-R": "annotate.redo", "x": null } }
///
/// A binding to `null` removes the key. Several keys may share an action.
public struct Keymap: Sendable, Equatable {
    public private(set) var bindings: [Key: Action]
    /// Names of the files (or built-in keymaps) this map was assembled from, in order.
    public private(set) var sources: [String]

    public init(bindings: [Key: Action] = [:], sources: [String] = []) {
        self.bindings = bindings
        self.sources = sources
    }

    public func action(for key: Key) -> Action? { bindings[key] }

    /// The keys bound to an action, in the order the help shows them.
    public func keys(for action: Action) -> [Key] {
        bindings.filter { $0.value == action }.map(\.key).sorted { $0.sortOrder < $1.sortOrder }
    }

    /// Parses one keymap file's text. `source` names it in error messages.
    public static func parse(_ text: String, source: String) throws -> KeymapFile {
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(text.utf8))
        } catch {
            throw KeymapError.malformed(source: source, reason: Self.describe(error))
        }
        guard let object = json as? [String: Any] else {
            throw KeymapError.malformed(source: source, reason: "the top level must be an object with a \"bindings\" object")
        }
        guard let raw = object["bindings"] as? [String: Any] else {
            throw KeymapError.malformed(source: source, reason: "there is no \"bindings\" object")
        }
        var changes: [(Key, Action?)] = []
        for spelling in raw.keys.sorted() {
            guard let key = Key(spelling: spelling) else {
                throw KeymapError.unknownKey(source: source, key: spelling)
            }
            switch raw[spelling] {
            case is NSNull:
                changes.append((key, nil))
            case let name as String:
                guard let action = Action.named(name) else {
                    throw KeymapError.unknownAction(source: source, key: spelling, action: name,
                                                    suggestion: Self.closest(to: name))
                }
                changes.append((key, action))
            default:
                throw KeymapError.malformed(source: source, reason: "the binding of \"\(spelling)\" must be an action name or null")
            }
        }
        return KeymapFile(name: object["name"] as? String ?? source,
                          description: object["description"] as? String ?? "", changes: changes)
    }

    /// This keymap with a file's bindings laid over it.
    public func overridden(by file: KeymapFile, source: String) -> Keymap {
        var copy = self
        for (key, action) in file.changes {
            copy.bindings[key] = action
        }
        copy.sources.append(source)
        return copy
    }

    private static func describe(_ error: Error) -> String {
        let ns = error as NSError
        if let detail = ns.userInfo["NSDebugDescription"] as? String { return "not valid JSON (\(detail))" }
        return "not valid JSON"
    }

    /// The action name nearest to a misspelt one, for the error message.
    static func closest(to name: String) -> String? {
        let scored = Action.allCases.map { ($0.rawValue, editDistance($0.rawValue, name)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(3, name.count / 3) else { return nil }
        return best.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1,
                                       previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}

/// One parsed keymap file: its bindings, in a stable order, `nil` meaning "unbind".
public struct KeymapFile: Sendable {
    public var name: String
    public var description: String
    public var changes: [(Key, Action?)]
}

public enum KeymapError: Error, Equatable, CustomStringConvertible {
    case malformed(source: String, reason: String)
    case unknownKey(source: String, key: String)
    case unknownAction(source: String, key: String, action: String, suggestion: String?)
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .malformed(let source, let reason):
            return "keymap \(source): \(reason)"
        case .unknownKey(let source, let key):
            return "keymap \(source): \"\(key)\" is not a key (use a character, Ctrl-X, F1…F24, or one of "
                + Key.NamedKey.allCases.map(\.rawValue).joined(separator: ", ") + ", Space)"
        case .unknownAction(let source, let key, let action, let suggestion):
            return "keymap \(source): \"\(key)\" is bound to \"\(action)\", which is not an action"
                + (suggestion.map { " (did you mean \"\($0)\"?)" } ?? "")
                + "; `slicemark view --list-actions` lists them"
        case .unreadable(let path, let reason):
            return "keymap \(path): cannot be read (\(reason))"
        }
    }
}

extension Key {
    /// Characters first (lower before upper), then control keys, named keys, function keys.
    var sortOrder: String {
        switch self {
        case .character(let c):
            let s = String(c)
            return (c.isLetter ? "0" : "1") + s.lowercased() + (c.isUppercase ? "1" : "0")
        case .control(let c): return "2" + String(c)
        case .named(let n): return "3" + String(format: "%02d", Key.NamedKey.allCases.firstIndex(of: n)!)
        case .function(let n): return "4" + String(format: "%02d", n)
        case .alt(let c): return "5" + String(c)
        }
    }
}
