import CNcursesw
import Foundation

extension TerminfoKeys {
    /// The key sequences of the terminal ncurses has set up (after `newterm`).
    static func current() -> TerminfoKeys {
        TerminfoKeys { name in
            name.withCString { capability -> [UInt8]? in
                guard let value = tigetstr(UnsafeMutablePointer(mutating: capability)),
                      Int(bitPattern: value) != -1 else { return nil }
                return Array(String(cString: value).utf8)
            }
        }
    }

    /// The key sequences of terminal type `term` from the terminfo database, without a terminal
    /// (for tests and for `--list-keys`-style reports); nil when terminfo does not know it.
    public static func load(term: String) -> TerminfoKeys? {
        var status: Int32 = 0
        let previous = set_curterm(nil)
        let found = term.withCString { setupterm($0, STDERR_FILENO, &status) }
        let loaded = found == OK && status == 1 ? current() : nil
        if let mine = set_curterm(previous) { del_curterm(mine) }
        return loaded
    }
}
